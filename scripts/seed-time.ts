// Times the full demo seed on an in-memory database (a check for the generator, not a test).
import { PGlite } from '@electric-sql/pglite';
import { fromPglite } from '../src/server/db/client.ts';
import { migrateEmbedded } from '../src/server/db/migrate.ts';
import { seedDemo } from '../src/server/demo/index.ts';
import { systemClock } from '../src/server/lib/clock.ts';
import { SecretBox } from '../src/server/lib/secrets.ts';

const client = await PGlite.create();
await migrateEmbedded(client);
const t = performance.now();
await seedDemo(
  { db: fromPglite(client).db, clock: systemClock, secrets: SecretBox.ephemeral(), filesDir: '/tmp' },
  { scale: (process.argv[2] as 'full') ?? 'full' },
);
console.log('seed ms', Math.round(performance.now() - t));
for (const q of [
  'select count(*)::int n from org_units',
  'select count(*)::int n from org_cadres',
  "select count(*)::int n from org_cadres where status='active'",
  'select count(*)::int n from org_divisions',
  'select count(*)::int n from org_appointments',
  'select count(*)::int n from audit_entries',
  'select count(*)::int n from org_liaison_groups',
]) {
  console.log(q, (await client.query(q)).rows[0]);
}
const { deliveryStats } = await import('../src/server/modules/delivery/stats.service.ts');
const { systemCtx } = await import('../src/server/lib/context.ts');
const deps = {
  db: fromPglite(client).db,
  clock: systemClock,
  secrets: SecretBox.ephemeral(),
  filesDir: '/tmp',
};
const s = await deliveryStats(systemCtx(deps), '2026-01-01', '2026-12-31');
console.log(s.sentence);
for (const q of [
  'select count(*)::int n from delivery_items',
  'select count(*)::int n from delivery_reports',
  'select count(*)::int n from delivery_items where not in_scope',
  'select count(*)::int n from delivery_reports where late',
]) {
  console.log(q, (await client.query(q)).rows[0]);
}
await client.close();
