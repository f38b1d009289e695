export * from './audit.ts';
export * from './auth.ts';
export * from './delivery.ts';
export * from './evidence.ts';
export * from './imports.ts';
export * from './org.ts';
export * from './system.ts';
export * from './todo.ts';
