import { defineConfig } from 'vitest/config';

/**
 * Three tiers. `unit`: pure functions and contracts, no database, seconds (`npm run test:unit`).
 * `server`: route and service tests, each file on a fresh migrated database (PGlite, or PostgreSQL
 * with DATABASE_URL), plus the slow pure tests (model oracles, simulations: `*.slow.test.ts`).
 * `browser`: the built app in Chromium, one file at a time and only after the other two, so that
 * browser steps do not compete with route tests for the two cores.
 */
const UNIT = [
  'src/analytics/**/*.test.ts',
  'src/common/**/*.test.ts',
  'src/**/*.unit.test.ts',
  'bench/**/*.unit.test.ts',
];
const SLOW = 'src/**/*.slow.test.ts';

export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 2,
    // A ceiling against hangs, not a speed target: browser steps on a loaded 2-core CI machine can take a while.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: UNIT, exclude: [SLOW], sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: {
          name: 'server',
          include: ['src/server/**/*.test.ts', SLOW],
          exclude: ['src/**/*.unit.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          setupFiles: ['test/setup-keys.ts'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['e2e/**/*.spec.ts'],
          globalSetup: ['test/global-setup.ts'],
          setupFiles: ['test/setup-keys.ts'],
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
