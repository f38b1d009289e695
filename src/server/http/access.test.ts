import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../test/app.ts';
import { buildCadre } from '../../../test/factories.ts';
import { PERMISSIONS, type Permission } from '../../common/permissions.ts';
import { ROLES, type Role } from '../../common/roles.ts';
import { routeTable } from './access.ts';

let t: TestApp;
const agents = new Map<Role, Agent>();

let unitId = '';
let cadreId = '';

beforeAll(async () => {
  t = await createTestApp({ mode: 'production' });
  const cadre = await buildCadre(t.deps.db);
  unitId = cadre.unitId!;
  cadreId = cadre.id;
  for (const role of ROLES) agents.set(role, await asRole(role));
});
afterAll(async () => t?.close());

async function asRole(role: Role): Promise<Agent> {
  const scope = role === 'unit_admin' ? { unitId } : role === 'cadre' ? { cadreId } : {};
  return t.as(role, scope);
}

/** A concrete URL for a route pattern: ids that exist nowhere, a valid role name. */
function concrete(url: string): string {
  return url
    .replace(/:role\b/g, 'cadre')
    .replace(/:[A-Za-z]*[iI]d\b/g, '00000000-0000-4000-8000-00000000ffff')
    .replace(/:[A-Za-z]+/g, 'x');
}

describe('the permission matrix', () => {
  it('declares an access level on every API route', () => {
    const routes = routeTable(t.app);
    expect(routes.length).toBeGreaterThan(20);
    for (const r of routes) expect(r.access, `${r.method} ${r.url}`).toBeTruthy();
  });

  it('lets exactly the declared roles through every route, and nobody anonymous', async () => {
    const mismatches: string[] = [];
    for (const route of routeTable(t.app)) {
      if (route.access === 'public') continue;
      const url = concrete(route.url);
      const anon = await t.anonymous().request(route.method, url, route.method === 'GET' ? undefined : {});
      if (anon.statusCode !== 401)
        mismatches.push(`anonymous ${route.method} ${route.url}: ${anon.statusCode}`);
      for (const role of ROLES) {
        const allowed =
          route.access === 'authenticated' ||
          (PERMISSIONS[route.access as Permission] as readonly Role[]).includes(role);
        let agent = agents.get(role)!;
        let res = await agent.request(route.method, url, route.method === 'GET' ? undefined : {});
        if (res.statusCode === 401) {
          // The previous route ended this agent's session (logout): log in again.
          agent = await asRole(role);
          agents.set(role, agent);
          res = await agent.request(route.method, url, route.method === 'GET' ? undefined : {});
        }
        const refused = res.statusCode === 403 && res.json().error.code === 'FORBIDDEN';
        if (allowed === refused) {
          mismatches.push(
            `${role} ${route.method} ${route.url}: ${res.statusCode} ${allowed ? 'should pass' : 'should be refused'}`,
          );
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('records every refused access in the audit chain', async () => {
    const sys = agents.get('system_admin')!;
    await sys.get('/api/audit/entries');
    const { rows } = await t.superuser(
      "SELECT action, result, code, role FROM audit_entries WHERE user_id = $1 AND result = 'denied' ORDER BY seq DESC LIMIT 1",
      [sys.user!.id],
    );
    expect(rows[0]).toMatchObject({ action: 'GET /api/audit/entries', result: 'denied', code: 'FORBIDDEN' });
  });

  it('keeps the three administrators out of each other’s work', async () => {
    const sys = agents.get('system_admin')!;
    const aud = agents.get('audit_admin')!;
    const sec = agents.get('security_admin')!;
    expect((await sys.get('/api/audit/entries')).statusCode).toBe(403);
    expect((await aud.post('/api/auth/users', { username: 'x.y.z', displayName: 'x' })).statusCode).toBe(403);
    expect((await sec.post('/api/audit/checkpoints')).statusCode).toBe(403);
  });
});
