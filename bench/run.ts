// Benchmarks: `npm run bench` runs them on the embedded database (and on PostgreSQL when
// DATABASE_URL is set) and writes docs/BENCHMARKS.md. Numbers depend on the machine: the header
// records it.
import fs from 'node:fs';
import os from 'node:os';
import { hasKeyRing, installKeyRing, KeyRing } from '../src/server/lib/seal.ts';
import { benchEconomy } from './economy.bench.ts';
import { benchForensics } from './forensics.bench.ts';
import { benchFuzz } from './fuzz.bench.ts';
import { benchIntake } from './intake.bench.ts';
import { benchLmm } from './lmm.bench.ts';
import { benchOpinion } from './opinion.bench.ts';
import { benchOrg } from './org.bench.ts';
import { benchPlatform } from './platform.bench.ts';
import { benchProvince, PROVINCE_NOTES } from './province.bench.ts';
import { benchSerialize } from './serialize.bench.ts';
import { TARGETS_TITLE, targetSummary } from './targets.ts';

// The benchmarks' databases are throwaway: their sealed columns and files use a random key.
if (!hasKeyRing()) installKeyRing(KeyRing.ephemeral());

export interface BenchResult {
  name: string;
  value: string;
  note?: string;
}

const INTAKE_NOTE =
  '两个服务进程的一行是同一台 2 核机器上的对照：两个服务进程、PostgreSQL 与产生负载的进程共用这两个核，第二个进程并不带来新的算力，所以与一个进程相差无几（高低随运行而变）；多进程的用处在多核机器上，以及一个进程重启时另一个仍在应答。';

const SECTIONS: {
  key: string;
  title: string;
  run: () => Promise<BenchResult[]>;
  /** Paragraphs after the table. */
  notes?: string[];
  /** Measured only on PostgreSQL (DATABASE_URL). */
  postgres?: true;
}[] = [
  { key: 'platform', title: '平台（内置数据库 PGlite）', run: () => benchPlatform('pglite') },
  { key: 'org', title: '组织机构与导入（内置数据库，完整演示县）', run: benchOrg },
  { key: 'opinion', title: '群众口碑：测评（内置数据库，完整演示县）', run: benchOpinion },
  { key: 'economy', title: '经济运行：指标数据导入与研判（内置数据库，完整演示县）', run: benchEconomy },
  {
    key: 'forensics',
    title: '数据体检：规则误报率与检出率（模拟县数据，每个噪声水平 200 个干净县与每类 200 个造假县）',
    run: benchForensics,
  },
  { key: 'lmm', title: '线性混合模型：模拟省级干部数据（与 R lme4 同机对比）', run: () => benchLmm() },
  {
    key: 'serialize',
    title: '接口契约：按响应声明编码回答的开销（完整演示县，最大的回答）',
    run: benchSerialize,
  },
  { key: 'fuzz', title: '错误输入（全部写接口，内置数据库）', run: benchFuzz },
  { key: 'postgres', title: '平台（PostgreSQL）', run: () => benchPlatform('postgres'), postgres: true },
  {
    key: 'intake',
    title: '群众口碑：会场集中提交选票（PostgreSQL，服务单独进程，100 个并发连接）',
    // One server process, then two behind the same port (WORKERS=2): what the second core adds.
    run: async () => [...(await benchIntake({ workers: 1 })), ...(await benchIntake({ workers: 2 }))],
    notes: [INTAKE_NOTE],
    postgres: true,
  },
];

// `--province [--scale 0.1] [--keep]` runs only the province section, on PostgreSQL: a province
// generated into a database of its own (dropped at the end unless --keep).
const PROVINCE_TITLE = '省级规模（PostgreSQL）';
const province = process.argv.includes('--province');
const scaleAt = process.argv.indexOf('--scale');
// One or more sizes, as fractions of the full province: `--scale 0.1,0.33,1`.
const scales = scaleAt > 0 ? (process.argv[scaleAt + 1] ?? '').split(',').map(Number) : [1];
if (province) {
  if (!process.env.DATABASE_URL) {
    console.error(
      '省级规模基准测试需要 PostgreSQL：请设置 DATABASE_URL（例如 postgres://postgres@127.0.0.1:5432/postgres）',
    );
    process.exit(2);
  }
  if (!scales.every((x) => x > 0 && x <= 1)) {
    console.error('--scale 应为 0 到 1 之间的数（例如 0.1）');
    process.exit(2);
  }
}
SECTIONS.push({
  key: 'province',
  title: PROVINCE_TITLE,
  postgres: true,
  notes: PROVINCE_NOTES,
  run: async () => {
    const out: BenchResult[] = [];
    for (const scale of scales) out.push(...(await benchProvince(scale, process.argv.includes('--keep'))));
    return out;
  },
});

const ALL_TITLES = SECTIONS.map((s) => s.title);
/** The sections this run can measure: those on PostgreSQL only with DATABASE_URL. */
const RUNNABLE = SECTIONS.filter((s) => !s.postgres || process.env.DATABASE_URL);

// `npm run bench -- lmm forensics` runs only those sections and replaces them in the existing file,
// keeping the others as they were measured.
const only = province
  ? ['province']
  : process.argv.slice(2).filter((a, i, all) => !a.startsWith('-') && all[i - 1] !== '--scale');
const unknown = only.filter((k) => !SECTIONS.some((s) => s.key === k));
if (unknown.length) {
  console.error(`未知的基准测试：${unknown.join('、')}；可选：${SECTIONS.map((s) => s.key).join('、')}`);
  process.exit(2);
}
const needsPg = only.filter((k) => !RUNNABLE.some((s) => s.key === k));
if (needsPg.length) {
  console.error(`基准测试 ${needsPg.join('、')} 需要 PostgreSQL：请设置 DATABASE_URL`);
  process.exit(2);
}
// The province section runs only when asked for: it takes long and needs PostgreSQL.
const chosen = only.length
  ? RUNNABLE.filter((s) => only.includes(s.key))
  : RUNNABLE.filter((s) => s.key !== 'province');

const started = new Date();
const measured = new Map<string, string[]>();
for (const s of chosen) {
  const lines = [`## ${s.title}`, '', '| 项目 | 结果 | 说明 |', '|---|---|---|'];
  // A '|' inside a cell (a model formula) would end the cell: escape it.
  const cell = (x: string) => x.replaceAll('|', '\\|');
  for (const r of await s.run()) lines.push(`| ${cell(r.name)} | ${cell(r.value)} | ${cell(r.note ?? '')} |`);
  for (const p of s.notes ?? []) lines.push('', p);
  measured.set(s.title, lines);
}

/** The sections of the existing file by title (a partial run keeps the others as they were). */
function previousSections(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!fs.existsSync('docs/BENCHMARKS.md')) return out;
  let title: string | null = null;
  for (const line of fs.readFileSync('docs/BENCHMARKS.md', 'utf8').split('\n')) {
    if (line.startsWith('## ')) {
      title = line.slice(3);
      out.set(title, [line]);
    } else if (title) out.get(title)!.push(line);
  }
  for (const lines of out.values()) while (lines.length && !lines.at(-1)!.trim()) lines.pop();
  return out;
}

/** The previous run's line saying when and on what machine the kept sections were measured. */
function previousHeader(): string | null {
  if (!only.length || !fs.existsSync('docs/BENCHMARKS.md')) return null;
  const line = fs
    .readFileSync('docs/BENCHMARKS.md', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('由 `npm run bench` 生成'));
  return line ?? null;
}
const previous = previousSections();

const machine =
  `机器：${os.cpus().length} 核 ${os.cpus()[0]?.model ?? ''}，` +
  `内存 ${Math.round(os.totalmem() / 2 ** 30)} GiB，Node ${process.version}。`;
// A partial run keeps the previous run's date and machine (for the sections it kept) and says
// which sections were measured again, when, and on what machine — those of earlier partial runs
// too, with any remark made about them.
const header = previousHeader();
const kept = header?.replace(/（其中.*$/, '');
const notes = new Map([...(header ?? '').matchAll(/「([^」]+)」于 (\S+?) 重测/g)].map((m) => [m[1]!, m[2]!]));
for (const s of chosen) notes.set(s.key, started.toISOString());
const remark = /Node v[\d.]+(；[^）]*)）$/.exec(header ?? '')?.[1] ?? '';
const again = `（其中${[...notes].map(([k, at]) => `「${k}」于 ${at} 重测`).join('，')}，${machine.slice(0, -1)}${remark}）`;
const lines = [
  '# 基准测试 · Benchmarks',
  '',
  only.length
    ? `${kept ?? '由 `npm run bench` 生成。'}${again}`
    : `由 \`npm run bench\` 生成于 ${started.toISOString()}；${machine}`,
  '',
];
// Sections in their declared order; a section this run could not measure (PostgreSQL without
// DATABASE_URL) keeps its place from the previous file.
const titles = [...new Set([...ALL_TITLES, ...previous.keys()])].filter((t) => t !== TARGETS_TITLE);
const bodies = new Map<string, string[]>();
for (const title of titles) {
  const body = measured.get(title) ?? previous.get(title);
  if (body) bodies.set(title, body);
}
// The targets first, gathered from every section (those measured now and those kept).
const summary = targetSummary(bodies);
if (summary.length) lines.push(...summary, '');
for (const body of bodies.values()) lines.push(...body, '');
fs.writeFileSync('docs/BENCHMARKS.md', lines.join('\n'));
console.log(lines.join('\n'));
process.exit(0);
