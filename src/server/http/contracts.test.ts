import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { declaredEndpoints } from '../../../test/contracts.ts';
import { routeTable } from './access.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe('API contracts', () => {
  it('declares the answer of every /api route (a schema, a file, or no body)', async () => {
    const declared = await declaredEndpoints();
    const routes = routeTable(t.app);
    expect(routes.length).toBeGreaterThan(100);
    const undeclared: string[] = [];
    for (const r of routes) {
      const key = `${r.method} ${r.url}`;
      const e = declared.get(key);
      const ok = e
        ? e.response === 'file' || e.response === null || Object.keys(r.schema.response ?? {}).length > 0
        : false;
      if (!ok) undeclared.push(key);
    }
    expect(undeclared.sort(), `路由没有在接口契约中声明响应：\n${undeclared.join('\n')}`).toEqual([]);
  });

  it('registers every endpoint a contract declares', async () => {
    const declared = await declaredEndpoints();
    const registered = new Set(routeTable(t.app).map((r) => `${r.method} ${r.url}`));
    const unregistered = [...declared.keys()].filter((k) => !registered.has(k)).sort();
    expect(unregistered, `契约中声明但未注册的接口：\n${unregistered.join('\n')}`).toEqual([]);
  });
});
