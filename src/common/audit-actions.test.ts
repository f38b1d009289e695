import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AUDIT_ACTION_LABELS,
  AUDIT_OBJECT_LABELS,
  auditActionLabel,
  auditObjectLabel,
} from './audit-actions.ts';

/** Every server source file (tests aside). */
function sources(dir = path.join(import.meta.dirname, '../server')): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    // The schema's column definitions are not audit entries.
    if (d.isDirectory()) return d.name === 'schema' ? [] : sources(p);
    return d.name.endsWith('.ts') && !d.name.endsWith('.test.ts') ? [p] : [];
  });
}

/**
 * The literals an audit entry's field may take, read from the code that writes it:
 * `action: 'x'`, `action: c ? 'x' : 'y'` and `action: \`x.${…}\`` (a pattern).
 */
function written(field: 'action' | 'objectType'): { literals: Set<string>; patterns: Set<string> } {
  const literals = new Set<string>();
  const patterns = new Set<string>();
  const expr = new RegExp(`\\b${field}:\\s*([^,\\n}]+(?:\\n\\s*[?:][^,\\n}]+)*)`, 'g');
  for (const file of sources()) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(expr)) {
      for (const q of m[1]!.matchAll(/'([a-z][a-z_.]*)'/g)) literals.add(q[1]!);
      for (const q of m[1]!.matchAll(/`([a-z][a-z_.]*)\$\{/g)) patterns.add(q[1]!);
    }
  }
  return { literals, patterns };
}

describe('the audit log speaks Chinese', () => {
  it('has a label for every action the server writes', () => {
    const { literals, patterns } = written('action');
    expect(literals.size).toBeGreaterThan(150);
    // A dictionary value passed as the action's detail (a role type code) is not an action.
    const missing = [...literals].filter((a) => a.includes('.') && !AUDIT_ACTION_LABELS[a]);
    expect(missing).toEqual([]);
    for (const p of patterns)
      expect(
        Object.keys(AUDIT_ACTION_LABELS).some((k) => k.startsWith(p)),
        p,
      ).toBe(true);
  });

  it('has a label for every kind of object the server records', () => {
    const { literals } = written('objectType');
    expect(literals.size).toBeGreaterThan(50);
    expect([...literals].filter((o) => !AUDIT_OBJECT_LABELS[o])).toEqual([]);
    expect(auditObjectLabel('delivery_stats')).toBe('干事统计');
  });

  it('names each label once and shows unknown codes as they are', () => {
    expect(auditActionLabel('delivery.stats.read')).toBe('查阅干事统计');
    expect(auditActionLabel('GET /api/x')).toBe('访问 GET /api/x');
    expect(auditActionLabel('no.such')).toBe('no.such');
    expect(auditObjectLabel('no_such')).toBe('no_such');
  });
});
