import type { BuildOptions } from '../src/server/app.ts';

/** The server configuration of in-process tests: no web app, no logs, no login rate limit. */
export const TEST_APP_CONFIG: BuildOptions['config'] = {
  secureCookies: false,
  trustProxy: false,
  webDist: '/nonexistent',
  logLevel: 'silent',
  loginRateLimit: 100_000,
  ballotRateLimit: 100_000,
  ballotGuessLimit: 100_000,
  strictResponses: true,
};
