import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import type { EndpointDef } from '../../common/api.ts';
import { routeTable } from './access.ts';


const CONTRACTS_DIR = path.resolve(import.meta.dirname, '../../common/contracts');

function isEndpoint(v: unknown): v is EndpointDef {
  return (
    typeof v === 'object' &&
    v !== null &&
    'method' in v &&
    'path' in v &&
    'access' in v &&
    'response' in v &&
    typeof (v as EndpointDef).path === 'string'
  );
}

/** Every endpoint declared in `common/contracts/*.ts`, keyed `METHOD /path`. */
async function declaredEndpoints(): Promise<Map<string, EndpointDef>> {
  const out = new Map<string, EndpointDef>();
  for (const file of fs
    .readdirSync(CONTRACTS_DIR)
    .filter((f) => f.endsWith('.ts') && !f.includes('.test.'))) {
    const mod = (await import(path.join(CONTRACTS_DIR, file))) as Record<string, unknown>;
    for (const value of Object.values(mod)) {
      if (typeof value !== 'object' || value === null) continue;
      for (const e of Object.values(value)) {
        if (isEndpoint(e)) out.set(`${e.method} ${e.path}`, e);
      }
    }
  }
  return out;
}

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
