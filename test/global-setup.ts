import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';
import { pgClient } from '../src/server/db/client.ts';
import { migrateEmbedded, migratePostgres } from '../src/server/db/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated PGlite data directory, as a tarball, that each test file loads. */
    pgliteTemplate: string;
    /** On PostgreSQL: the migrated template database each test file copies. */
    pgTemplate: string | null;
    /** Whether browser tests must run (REQUIRE_BROWSER=1) rather than be skipped. */
    requireBrowser: boolean;
  }
}

export const APP_ROLE = 'yuzhidu_app';
/** Needed where the server asks for passwords (a fresh apt install); ignored under trust auth. */
export const APP_PASSWORD = process.env.DATABASE_APP_PASSWORD || undefined;

/**
 * Migrates once, so every test file starts from a fresh copy of a migrated database:
 * a PGlite tarball, and on PostgreSQL (DATABASE_URL) a template database.
 */
export default async function setup(project: TestProject) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yzd-test-'));
  const pglite = await PGlite.create();
  await migrateEmbedded(pglite);
  const dump = await pglite.dumpDataDir('none');
  await pglite.close();
  const tarball = path.join(dir, 'template.tar');
  fs.writeFileSync(tarball, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteTemplate', tarball);
  project.provide('requireBrowser', process.env.REQUIRE_BROWSER === '1');

  let pgTemplate: string | null = null;
  const url = process.env.DATABASE_URL;
  if (url) {
    pgTemplate = `yzd_tpl_${process.pid}`;
    await adminQuery(url, `DROP DATABASE IF EXISTS ${pgTemplate}`);
    await adminQuery(url, `CREATE DATABASE ${pgTemplate}`);
    await migratePostgres(withDatabase(url, pgTemplate), { role: APP_ROLE, password: APP_PASSWORD });
  }
  project.provide('pgTemplate', pgTemplate);

  return async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    if (url && pgTemplate) {
      const { rows } = await adminQuery(
        url,
        `SELECT datname FROM pg_database WHERE datname LIKE 'yzd_t_${process.pid}_%' OR datname = '${pgTemplate}'`,
      );
      for (const r of rows) await adminQuery(url, `DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`);
    }
  };
}

export function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

export async function adminQuery(url: string, text: string) {
  const c = await pgClient(url);
  try {
    return await c.query(text);
  } finally {
    await c.end();
  }
}
