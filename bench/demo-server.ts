import { PGlite } from '@electric-sql/pglite';
import { buildApp } from '../src/server/app.ts';
import { fromPglite } from '../src/server/db/client.ts';
import { migrateEmbedded } from '../src/server/db/migrate.ts';
import { seedDemo } from '../src/server/demo/index.ts';
import { systemClock } from '../src/server/lib/clock.ts';
import type { Deps } from '../src/server/lib/context.ts';
import { SecretBox } from '../src/server/lib/secrets.ts';
import { JobRunner } from '../src/server/modules/system/jobs.service.ts';
import { TEST_APP_CONFIG } from '../test/config.ts';

export interface DemoServer {
  base: string;
  deps: Deps;
  /** Logs a demo account in: its session cookie and CSRF token. */
  login(username: string): Promise<{ cookie: string; csrf: string }>;
  close(): Promise<void>;
}

/** The full demo county on a fresh embedded database, served on a free port, with its job runner. */
export async function startDemoServer(): Promise<DemoServer> {
  const client = await PGlite.create();
  await migrateEmbedded(client);
  const database = fromPglite(client);
  const deps = {
    db: database.db,
    clock: systemClock,
    secrets: SecretBox.ephemeral(),
    filesDir: '/tmp/yzd-bench-files',
  };
  await seedDemo(deps, { scale: 'full' });
  const app = await buildApp({ deps, config: TEST_APP_CONFIG, databaseKind: 'pglite', logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const jobs = new JobRunner(deps, { pollMs: 50 });
  await jobs.start();
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  return {
    base,
    deps,
    async login(username) {
      const res = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: 'Yzd@2026demo' }),
      });
      const { me } = (await res.json()) as { me: { csrfToken: string } };
      return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: me.csrfToken };
    },
    async close() {
      await jobs.stop();
      await app.close();
      await database.close();
    },
  };
}
