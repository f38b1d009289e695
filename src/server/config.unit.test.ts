import { describe, expect, it } from 'vitest';
import { loadConfig, requireConfiguredKey } from './config.ts';

describe('master key of production on PostgreSQL', () => {
  it('is required from YZD_MASTER_KEY_FILE or YZD_MASTER_KEY, never generated beside the data', () => {
    const pg = { DATABASE_URL: 'postgres://db/yzd' };
    expect(() => requireConfiguredKey(loadConfig(pg))).toThrow(/YZD_MASTER_KEY_FILE/);
    expect(() =>
      requireConfiguredKey(loadConfig({ ...pg, YZD_MASTER_KEY_FILE: '/etc/yzd/keys' })),
    ).not.toThrow();
    expect(() => requireConfiguredKey(loadConfig({ ...pg, YZD_MASTER_KEY: 'a'.repeat(44) }))).not.toThrow();
    // The embedded database keeps its generated key in the data directory, outside pgdata.
    expect(() => requireConfiguredKey(loadConfig({}))).not.toThrow();
  });
});
