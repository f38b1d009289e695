import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { buildCadre, buildUnit } from '../../../test/factories.ts';
import { withDatabase } from '../../../test/global-setup.ts';
import { pgClient } from '../db/client.ts';
import { DATA_CHANNEL, dataChanged, dataVersion } from '../lib/data-version.ts';

/**
 * Answers many open at once (the cadre list here; statistics, results and the screen alike) are
 * computed once per change of the data for everyone holding the same grants, while each request
 * still records its own read audit.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const count = async (text: string, params: unknown[] = []) =>
  Number((await t.superuser(text, params)).rows[0]!.n);

/** A cadre renamed behind the application's back: a shared answer still shows the old name. */
const renameInDatabase = (id: string, name: string) =>
  t.superuser('update org_cadres set name = $1 where id = $2', [name, id]);

describe('an answer shared by many readers', () => {
  it('is computed once per change, per grants, and every read is audited under its reader', async () => {
    const unit = await buildUnit(t.deps.db);
    const cadre = await buildCadre(t.deps.db, { unitId: unit.id, name: '共用甲' });
    dataChanged();
    const url = `/api/org/cadres?unitId=${unit.id}`;
    const a = await t.as('assessment_officer');
    const b = await t.as('assessment_officer');
    const audits = () =>
      count(`select count(*) as n from audit_entries where action = 'org.cadres.list' and user_id = $1`, [
        a.user!.id,
      ]);
    const before = await audits();
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).get(url)));
    for (const r of answers) expect(r.statusCode, r.body).toBe(200);
    expect(new Set(answers.map((r) => r.body)).size).toBe(1);
    expect(answers[0]!.json().items.map((c: { name: string }) => c.name)).toEqual(['共用甲']);
    // Five reads by a, five by b: ten entries, each under its own reader.
    expect((await audits()) - before).toBe(5);
    expect(
      await count(
        `select count(*) as n from audit_entries where action = 'org.cadres.list' and user_id = $1`,
        [b.user!.id],
      ),
    ).toBe(5);

    // Nothing committed through the application: the answer is the one computed.
    await renameInDatabase(cadre.id, '共用乙');
    expect((await a.get(url)).json().items[0].name).toBe('共用甲');
    // Other grants, other answer: a unit administrator of that unit gets their own.
    const admin = await t.as('unit_admin', { unitId: unit.id });
    expect((await admin.get(url)).json().items[0].name).toBe('共用乙');
    // Another query, another answer.
    expect((await a.get(`${url}&q=共用`)).json().items[0].name).toBe('共用乙');

    // A write through the application moves the data on: the next read computes again.
    const res = await a.put(`/api/org/cadres/${cadre.id}`, { name: '共用丙' });
    expect(res.statusCode, res.body).toBe(200);
    expect((await a.get(url)).json().items[0].name).toBe('共用丙');
  });
});

describe.runIf(process.env.DATABASE_URL)('several server processes on PostgreSQL', () => {
  it('hears a change committed by another process and computes the answer again', async () => {
    const unit = await buildUnit(t.deps.db);
    const cadre = await buildCadre(t.deps.db, { unitId: unit.id, name: '进程甲' });
    dataChanged();
    const url = `/api/org/cadres?unitId=${unit.id}`;
    const a = await t.as('assessment_officer');
    expect((await a.get(url)).json().items[0].name).toBe('进程甲');
    const [{ d }] = (await t.superuser('select current_database() as d')).rows as [{ d: string }];
    const other = await pgClient(withDatabase(process.env.DATABASE_URL!, d));
    try {
      // Another process's write: the row and its NOTIFY committed together.
      const seen = dataVersion();
      await other.query('BEGIN');
      await other.query('update org_cadres set name = $1 where id = $2', ['进程乙', cadre.id]);
      await other.query(`select pg_notify('${DATA_CHANNEL}', '')`);
      await other.query('COMMIT');
      while (dataVersion() === seen) await new Promise((r) => setTimeout(r, 10));
    } finally {
      await other.end();
    }
    expect((await a.get(url)).json().items[0].name).toBe('进程乙');
  });

  it('tells the other processes of its own writes when they commit', async () => {
    const [{ d }] = (await t.superuser('select current_database() as d')).rows as [{ d: string }];
    const listener = await pgClient(withDatabase(process.env.DATABASE_URL!, d));
    const heard: string[] = [];
    listener.on('notification', (m) => heard.push(m.channel));
    try {
      await listener.query(`LISTEN ${DATA_CHANNEL}`);
      const officer = await t.as('assessment_officer');
      const res = await officer.post('/api/org/regions', { code: 'N01', name: '通知镇', kind: 'town' });
      expect(res.statusCode, res.body).toBeLessThan(300);
      while (!heard.includes(DATA_CHANNEL)) await new Promise((r) => setTimeout(r, 10));
      expect(heard).toContain(DATA_CHANNEL);
    } finally {
      await listener.end();
    }
  });
});
