import fs from 'node:fs';
import path from 'node:path';
import type { EndpointDef } from '../src/common/api.ts';

const CONTRACTS_DIR = path.resolve(import.meta.dirname, '../src/common/contracts');

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
export async function declaredEndpoints(): Promise<Map<string, EndpointDef>> {
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
