#!/usr/bin/env node
// The command line: runs the TypeScript sources through tsx (see docs/decisions/0001).
import { register } from 'tsx/esm/api';

register();
await import('../src/server/main.ts');
