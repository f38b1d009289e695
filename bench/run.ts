// Benchmarks: `npm run bench` runs them on the embedded database (and on PostgreSQL when
// DATABASE_URL is set) and writes docs/BENCHMARKS.md. Numbers depend on the machine: the header
// records it.
import fs from 'node:fs';
import os from 'node:os';
import { benchEconomy } from './economy.bench.ts';
import { benchForensics } from './forensics.bench.ts';
import { benchFuzz } from './fuzz.bench.ts';
import { benchLmm } from './lmm.bench.ts';
import { benchOpinion } from './opinion.bench.ts';
import { benchOrg } from './org.bench.ts';
import { benchPlatform } from './platform.bench.ts';

export interface BenchResult {
  name: string;
  value: string;
  note?: string;
}

const started = new Date();
const sections: { title: string; results: BenchResult[] }[] = [];
sections.push({ title: '平台（内置数据库 PGlite）', results: await benchPlatform('pglite') });
sections.push({ title: '组织机构与导入（内置数据库，完整演示县）', results: await benchOrg() });
sections.push({ title: '群众口碑：测评（内置数据库，完整演示县）', results: await benchOpinion() });
sections.push({
  title: '经济运行：指标数据导入与研判（内置数据库，完整演示县）',
  results: await benchEconomy(),
});
sections.push({
  title: '数据体检：规则误报率与检出率（模拟县数据，每个噪声水平 200 个干净县与每类 200 个造假县）',
  results: await benchForensics(),
});
sections.push({
  title: '线性混合模型：模拟省级干部数据（与 R lme4 同机对比）',
  results: await benchLmm(),
});
sections.push({ title: '错误输入（全部写接口，内置数据库）', results: await benchFuzz() });
if (process.env.DATABASE_URL) {
  sections.push({ title: '平台（PostgreSQL）', results: await benchPlatform('postgres') });
}

const lines = [
  '# 基准测试 · Benchmarks',
  '',
  `由 \`npm run bench\` 生成于 ${started.toISOString()}；机器：${os.cpus().length} 核 ${os.cpus()[0]?.model ?? ''}，` +
    `内存 ${Math.round(os.totalmem() / 2 ** 30)} GiB，Node ${process.version}。`,
  '',
];
for (const s of sections) {
  lines.push(`## ${s.title}`, '', '| 项目 | 结果 | 说明 |', '|---|---|---|');
  for (const r of s.results) lines.push(`| ${r.name} | ${r.value} | ${r.note ?? ''} |`);
  lines.push('');
}
fs.writeFileSync('docs/BENCHMARKS.md', lines.join('\n'));
console.log(lines.join('\n'));
process.exit(0);
