/**
 * The targets the benchmarks state, gathered from every section's rows (a row states its target in
 * its name: 「目标 p99 ≤ 50 ms」, 「目标 ≤ 1.5× 下限」, 「目标 ≥ 2,000 份/秒」, 「目标 ≥ 0.3×」) with
 * the measured value and whether it is met, read from the row itself.
 */
export const TARGETS_TITLE = '目标一览';

const num = (s: string | undefined) => (s === undefined ? Number.NaN : Number(s.replaceAll(',', '')));

function cells(line: string): string[] | null {
  if (!line.startsWith('| ') || line.startsWith('|---')) return null;
  const parts = line
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
  return parts.length === 3 && parts[0] !== '项目' ? parts : null;
}

/** Whether the row meets the target its name states, and the figure compared; null without one. */
export function judge(name: string, value: string, note: string): { figure: string; met: boolean } | null {
  let m = /目标 p99 ≤ ([\d,]+) ms/.exec(name);
  if (m) {
    const x = /p99 ([\d,]+) ms/.exec(value) ?? /p99 ([\d,]+) ms/.exec(note);
    return x ? { figure: `p99 ${x[1]} ms`, met: num(x[1]) <= num(m[1]) } : null;
  }
  m = /目标 ≤ ([\d.]+)× 下限/.exec(name);
  if (m) {
    const x = /([\d.]+)×/.exec(value);
    return x ? { figure: `${x[1]}×`, met: num(x[1]) <= num(m[1]) } : null;
  }
  m = /目标 ≥ ([\d,]+) 份\/秒/.exec(name);
  if (m) {
    const x = /([\d,]+) 份\/秒/.exec(value);
    return x ? { figure: `${x[1]} 份/秒`, met: num(x[1]) >= num(m[1]) } : null;
  }
  m = /目标 ≥ ([\d.]+)×/.exec(name);
  if (m) {
    const x = /的 ([\d.]+)×/.exec(note);
    return x ? { figure: `${x[1]}×`, met: num(x[1]) >= num(m[1]) } : null;
  }
  return null;
}

/** The summary section's lines from the sections' lines (title → lines). */
export function targetSummary(sections: Map<string, string[]>): string[] {
  const rows: string[] = [];
  let met = 0;
  for (const [title, lines] of sections) {
    if (title === TARGETS_TITLE) continue;
    for (const line of lines) {
      const c = cells(line);
      if (!c) continue;
      const [name, value, note] = c as [string, string, string];
      const j = judge(name, value, note);
      if (!j) continue;
      if (j.met) met += 1;
      rows.push(`| ${name} | ${j.figure} | ${j.met ? '达标' : '**未达标**'} | ${title} |`);
    }
  }
  if (!rows.length) return [];
  return [
    `## ${TARGETS_TITLE}`,
    '',
    `各节中写明目标的项目（共 ${rows.length} 项，达标 ${met} 项），数值与各节表中相同；未达标的原因写在该节表后。`,
    '',
    '| 项目 | 测得 | 是否达标 | 所在一节 |',
    '|---|---|---|---|',
    ...rows,
  ];
}
