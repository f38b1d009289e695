import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCadre, buildUnit } from '../../../test/factories.ts';
import { loadConfig } from '../config.ts';
import { openDatabase, startServer } from '../server.ts';
import { EMBEDDED_LIMITS, embeddedScaleWarning } from './embedded-scale.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yzd-scale-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

// The server on the embedded database (never DATABASE_URL), with 3 active cadres.
const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' });

/** Starts the server with a cadre limit and returns what it warned at start. */
async function warningsAt(cadres: number) {
  const warned: string[] = [];
  const server = await startServer(config, await openDatabase(config), {
    embeddedLimits: { cadres, bytes: EMBEDDED_LIMITS.bytes },
    warn: (m) => warned.push(m),
  });
  await server.stop();
  return warned;
}

describe('embedded database outgrowing a county', () => {
  beforeAll(async () => {
    const opened = await openDatabase(config);
    const unit = await buildUnit(opened.database.db);
    for (let i = 0; i < 3; i++) await buildCadre(opened.database.db, { unitId: unit.id });
    await opened.database.close();
    opened.release();
  }, 120_000);

  it('warns at start above the limit, telling how to move to PostgreSQL', async () => {
    const [warning, ...rest] = await warningsAt(2);
    expect(rest).toEqual([]);
    expect(warning).toContain('在职干部 3 人（建议上限 2 人）');
    expect(warning).toContain('PostgreSQL');
    expect(warning).toContain('npx yuzhidu backup');
    expect(warning).toContain('DATABASE_URL');
    expect(warning).toContain('npx yuzhidu restore');
  }, 60_000);

  it('says nothing at or below the limit', async () => {
    expect(await warningsAt(3)).toEqual([]);
  }, 60_000);

  it('warns on the database size as well', () => {
    expect(embeddedScaleWarning({ cadres: 10, bytes: 3 * 1024 ** 3 }, EMBEDDED_LIMITS)).toContain(
      '数据库 3,072 MB（建议上限 1,024 MB）',
    );
    expect(embeddedScaleWarning({ cadres: 10, bytes: 1024 ** 2 }, EMBEDDED_LIMITS)).toBeNull();
  });
});
