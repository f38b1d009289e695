import cluster from 'node:cluster';
import fs from 'node:fs';
import path from 'node:path';
import { fitLmm, formatLmmSummary, parseCsv } from '../analytics/lmm/index.ts';
import { ROLE_LABELS } from '../common/roles.ts';
import { type Config, loadConfig, requireConfiguredKey } from './config.ts';
import { fromPostgresUrl } from './db/client.ts';
import { DataDirLockedError } from './db/embedded-store.ts';
import { migratePostgres } from './db/migrate.ts';
import type { DemoAccount } from './demo/accounts.ts';
import { DEMO_PASSWORD, demoAccounts, seedDemo } from './demo/index.ts';
import { systemCtx } from './lib/context.ts';
import { AppError } from './lib/errors.ts';
import { type Checkpoint, verifyChain } from './modules/audit/audit.service.ts';
import { newestCheckpoint } from './modules/audit/checkpoint-export.ts';
import { issueText } from './modules/imports/imports.engine.ts';
import { getBatch, startImport } from './modules/imports/imports.service.ts';
import { createBackup, readManifest, restoreBackup } from './modules/system/backup.service.ts';
import { JobRunner } from './modules/system/jobs.service.ts';
import { keyStatus, retireKey, rotateKeys } from './modules/system/keys.service.ts';
import { getMode } from './modules/system/settings.service.ts';
import { initProduction } from './production.ts';
import { depsFor, type OpenedDatabase, openDatabase, startServer } from './server.ts';

const HELP = `玉智督 命令行

  yuzhidu start                启动服务（新数据目录自动进入演示模式并生成演示数据）
  yuzhidu init                 生产模式：在空数据库上创建三员（系统/安全/审计管理员）
  yuzhidu migrate              执行数据库迁移（PostgreSQL 上同时创建应用角色）
  yuzhidu seed                 在空数据库上生成演示数据
  yuzhidu import <类型> <文件…> [--options '{"unitId":"…"}']
                               导入文件（类型如 org.cadres、org.cadres.lrmx），逐行报告错误
  yuzhidu backup <文件>        备份数据库（嵌入式或 PostgreSQL）与证据材料文件到一个文件（不含主密钥；
                               嵌入式数据库须先停止服务）
  yuzhidu restore <文件>       将备份恢复到新建的空数据库（先执行迁移，校验行数、文件 SM3 与审计链）；
                               嵌入式数据库的备份可恢复到 PostgreSQL（设置 DATABASE_URL）
  yuzhidu audit verify [--checkpoint 文件.json | --checkpoint-dir 目录]
                               校验审计链，指出第一条不符的序号；--checkpoint-dir 取目录中最新的检查点
  yuzhidu keys status          数据加密主密钥的版本，以及各版本加密的记录数和材料文件数
  yuzhidu keys rotate [--reseal]
                               轮换主密钥：在密钥文件中新增版本，并以新版本重新加密全部加密字段
                               和证据材料文件（请先停止服务；密钥须来自密钥文件）；--reseal 不新增
                               版本，只以密钥文件中已有的最新版本重新加密（如手工加入了新版本）
  yuzhidu keys retire <版本>   从密钥文件删去不再使用的旧版本（须已无数据以该版本加密）
  yuzhidu model fit --data 文件.csv --formula "y ~ x + (1|unit) + (1|cadre)" [--ml] [--json]
                  [--identify 人员因子:平台因子]
                               拟合线性混合模型（默认 REML，--ml 为最大似然；与 R 的 lme4 一致），
                               数值列为协变量，文本列为因子；--json 输出机器可读结果

环境变量：PORT（默认 3000）、DATA_DIR（默认 ./data）、DATABASE_URL（使用 PostgreSQL 时）、
  WORKERS（服务进程数，默认 1；大于 1 时须使用 PostgreSQL）、
  YZD_CHECKPOINT_DIR（每日审计检查点另存的目录，嵌入式数据库默认 DATA_DIR/checkpoints）、
  YZD_CHECKPOINT_URL（每日审计检查点另以 JSON POST 到的地址）、
  YZD_MASTER_KEY_FILE（数据加密主密钥文件，每行“版本号 密钥”）或 YZD_MASTER_KEY（32 字节，
  base64）；均未设置时使用 DATA_DIR/keys/master.keys（PostgreSQL 生产模式下不允许）`;

function printDemoLogins(url: string, accounts: DemoAccount[]) {
  console.log(`\n玉智督已启动（演示模式）：${url}`);
  console.log('演示账号（密码均为 %s）：', DEMO_PASSWORD);
  for (const a of accounts) console.log(`  ${ROLE_LABELS[a.role].padEnd(8, '　')} ${a.username}`);
  console.log('');
}

async function cmdStart() {
  const config = loadConfig();
  if (config.workers > 1 && cluster.isPrimary) return startCluster(config);
  let seeded: DemoAccount[] | null = null;
  const opened = await openDatabase(config, async (deps) => {
    console.log('新数据库：正在生成演示数据……');
    seeded = await seedDemo(deps, { scale: process.env.DEMO_SCALE === 'small' ? 'small' : 'full' });
  });
  const mode = await getMode(opened.database.db);
  if (mode === 'production') {
    try {
      requireConfiguredKey(config);
    } catch (err) {
      await opened.database.close();
      opened.release();
      throw err;
    }
  }
  const server = await startServer(config, opened);
  if (cluster.isWorker) {
    console.log(`服务进程 ${process.pid} 已启动`);
  } else if (mode === 'demo') {
    printDemoLogins(server.url, seeded ?? (await demoAccounts(opened.database.db)));
  } else {
    console.log(`\n玉智督已启动（生产模式）：${server.url}\n`);
  }
  let signals = 0;
  const shutdown = (sig: string) => {
    signals += 1;
    if (signals > 1) process.exit(1);
    console.log(`收到 ${sig}，正在安全关闭……`);
    server.stop().then(
      () => process.exit(0),
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

/**
 * Several server processes behind one port (node:cluster), on PostgreSQL: the first process
 * migrates and seeds once, then starts the workers and starts again any that dies. Rate limits,
 * sessions, the job table and the audit chain are shared through the database.
 */
async function startCluster(config: Config) {
  let seeded: DemoAccount[] | null = null;
  const opened = await openDatabase(config, async (deps) => {
    console.log('新数据库：正在生成演示数据……');
    seeded = await seedDemo(deps, { scale: process.env.DEMO_SCALE === 'small' ? 'small' : 'full' });
  });
  depsFor(config, opened.database); // the master key file, if one is made, is made once, here
  const mode = await getMode(opened.database.db);
  if (mode === 'production') {
    try {
      requireConfiguredKey(config);
    } catch (err) {
      await opened.database.close();
      throw err;
    }
  }
  const accounts = mode === 'demo' ? (seeded ?? (await demoAccounts(opened.database.db))) : null;
  await opened.database.close();
  let stopping = false;
  let listening = 0;
  cluster.on('listening', () => {
    listening += 1;
    if (listening !== config.workers) return;
    const url = `http://localhost:${config.port}`;
    if (accounts) printDemoLogins(url, accounts);
    else console.log(`\n玉智督已启动（生产模式）：${url}`);
    console.log(`共 ${config.workers} 个服务进程\n`);
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    console.error(`服务进程 ${worker.process.pid} 退出（${signal ?? code}），正在重新启动`);
    cluster.fork();
  });
  for (let i = 0; i < config.workers; i++) cluster.fork();
  const shutdown = (sig: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log(`收到 ${sig}，正在安全关闭全部服务进程……`);
    const workers = Object.values(cluster.workers ?? {});
    let left = workers.length;
    if (!left) process.exit(0);
    for (const w of workers) {
      w?.on('exit', () => {
        left -= 1;
        if (left === 0) process.exit(0);
      });
      w?.process.kill('SIGTERM');
    }
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

async function cmdInit() {
  const config = loadConfig();
  if (!config.databaseUrl && fs.existsSync(`${config.dataDir}/pgdata`)) {
    throw new AppError('ALREADY_INITIALISED', `数据目录 ${config.dataDir} 已有数据库，不能再次初始化`);
  }
  requireConfiguredKey(config);
  let admins: Awaited<ReturnType<typeof initProduction>> = [];
  const opened = await openDatabase(config, async (deps) => {
    admins = await initProduction(deps);
  });
  try {
    if (!opened.fresh) throw new AppError('ALREADY_INITIALISED', '数据库已初始化，不能再次执行 init');
    console.log('已初始化为生产模式。三员账号（首次登录须修改密码并绑定动态验证码）：');
    for (const a of admins)
      console.log(`  ${ROLE_LABELS[a.role]}  用户名 ${a.username}  初始密码 ${a.password}`);
    console.log('请将初始密码分别当面交给三位管理员本人。');
  } finally {
    await opened.database.close();
    opened.release();
  }
}

async function cmdMigrate() {
  const config = loadConfig();
  const opened = await openDatabase(config);
  await opened.database.close();
  opened.release();
  console.log('数据库迁移完成。');
}

async function cmdSeed() {
  const config = loadConfig();
  const opened = await openDatabase(config);
  try {
    if (await getMode(opened.database.db))
      throw new AppError('ALREADY_INITIALISED', '数据库已初始化，不能再生成演示数据');
    const accounts = await seedDemo(depsFor(config, opened.database));
    console.log(`演示数据已生成，演示账号 ${accounts.length} 个，密码 ${DEMO_PASSWORD}`);
  } finally {
    await opened.database.close();
    opened.release();
  }
}

/**
 * The database as its owner, migrated: backup reads the migrations' bookkeeping and restore
 * sets sequences, which the application role may not do on PostgreSQL.
 */
async function openAsOwner(config: Config): Promise<OpenedDatabase> {
  if (!config.databaseUrl) return openDatabase(config);
  await migratePostgres(config.databaseUrl, { role: config.appRole, password: config.appRolePassword });
  return { database: fromPostgresUrl(config.databaseUrl, 2), fresh: false, release: () => {} };
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

async function cmdBackup(args: string[]) {
  const [file] = args;
  if (!file || args.length !== 1) throw new Error('用法：yuzhidu backup <文件>');
  const config = loadConfig();
  if (!config.databaseUrl && !fs.existsSync(path.join(config.dataDir, 'pgdata')))
    throw new AppError('NOT_FOUND', `数据目录 ${config.dataDir} 中没有数据库，无可备份`);
  const opened = await openAsOwner(config);
  try {
    const r = await createBackup(opened.database.db, {
      filesDir: path.join(config.dataDir, 'files'),
      file,
      source: opened.database.kind,
      now: new Date(),
    });
    const m = r.manifest;
    const rowsTotal = m.tables.reduce((a, t) => a + t.rows, 0);
    console.log(`备份完成：${r.file}（${mb(r.bytes)}）`);
    console.log(
      `  数据库：${m.source === 'pglite' ? '嵌入式' : 'PostgreSQL'}，结构版本 ${m.migrations.count}`,
    );
    console.log(`  数据表 ${m.tables.length} 张，记录 ${rowsTotal} 条；文件 ${m.files.length} 个`);
    console.log(`  审计检查点：序号 ${m.checkpoint.seq}，哈希 ${m.checkpoint.headHash}`);
    if (m.missingEvidence.length)
      console.log(`  注意：${m.missingEvidence.length} 份证据材料的文件在备份时已缺失或与记录不符`);
    console.log('  备份不含加密主密钥（YZD_MASTER_KEY 或数据目录中的密钥文件），请另行妥善保管。');
  } finally {
    await opened.database.close();
    opened.release();
  }
}

async function cmdRestore(args: string[]) {
  const [file] = args;
  if (!file || args.length !== 1) throw new Error('用法：yuzhidu restore <文件>');
  const config = loadConfig();
  const manifest = await readManifest(file);
  const opened = await openAsOwner(config);
  try {
    const filesDir = path.join(config.dataDir, 'files');
    const r = await restoreBackup(opened.database.db, { filesDir, file });
    const rowsTotal = r.manifest.tables.reduce((a, t) => a + t.rows, 0);
    console.log(
      `恢复完成：${manifest.source === 'pglite' ? '嵌入式数据库' : ' PostgreSQL '}的备份（${manifest.createdAt}）` +
        `已恢复到${opened.database.kind === 'pglite' ? `嵌入式数据库（${config.dataDir}）` : ' PostgreSQL'}`,
    );
    console.log(`  数据表 ${r.manifest.tables.length} 张，记录 ${rowsTotal} 条，行数与备份清单一致`);
    console.log(`  文件 ${r.manifest.files.length} 个（${mb(r.fileBytes)}），SM3 全部一致`);
    console.log(
      `  审计链完整：共 ${r.chain.count} 条，与备份时的检查点（序号 ${r.manifest.checkpoint.seq}）一致`,
    );
    if (r.manifest.missingEvidence.length)
      console.log(`  注意：${r.manifest.missingEvidence.length} 份证据材料的文件在备份时已缺失`);
    console.log(
      '  启动前请提供与原系统相同的加密主密钥（设置 YZD_MASTER_KEY，或把原数据目录中的密钥文件复制到本数据目录），否则已绑定的动态验证码无法使用。',
    );
  } finally {
    await opened.database.close();
    opened.release();
  }
}

async function cmdAuditVerify(args: string[]) {
  const config = loadConfig();
  const i = args.indexOf('--checkpoint');
  const d = args.indexOf('--checkpoint-dir');
  let checkpoint: Checkpoint | null = null;
  if (i >= 0) {
    const file = args[i + 1];
    if (!file) throw new Error('--checkpoint 后面应跟检查点文件');
    checkpoint = JSON.parse(fs.readFileSync(file, 'utf8')) as Checkpoint;
  } else if (d >= 0) {
    const dir = args[d + 1];
    if (!dir) throw new Error('--checkpoint-dir 后面应跟检查点目录');
    const found = newestCheckpoint(dir);
    if (!found) throw new AppError('NOT_FOUND', `检查点目录 ${dir} 中没有检查点文件`);
    console.log(`使用检查点 ${found.file}（序号 ${found.checkpoint.seq}，${found.checkpoint.at}）`);
    checkpoint = found.checkpoint;
  }
  const opened = await openDatabase(config);
  try {
    const r = await verifyChain(systemCtx(depsFor(config, opened.database)).db, checkpoint);
    if (r.ok) {
      console.log(`审计链完整：共 ${r.count} 条，最新序号 ${r.head?.seq ?? 0}，哈希 ${r.head?.hash ?? '-'}`);
      if (checkpoint) console.log(`与检查点（序号 ${checkpoint.seq}）一致。`);
    } else {
      console.log(`审计链校验失败：${r.failure!.message}（序号 ${r.failure!.seq}）`);
      process.exitCode = 2;
    }
  } finally {
    await opened.database.close();
    opened.release();
  }
}

async function cmdKeys(args: string[]) {
  const [sub, ...rest] = args;
  const config = loadConfig();
  if (sub !== 'status' && sub !== 'rotate' && sub !== 'retire')
    throw new Error('用法：yuzhidu keys status|rotate|retire');
  const opened = await openDatabase(config);
  try {
    const ctx = systemCtx(depsFor(config, opened.database));
    if (sub === 'rotate') {
      const r = await rotateKeys(ctx, { addVersion: !rest.includes('--reseal') });
      console.log(
        r.added ? `已新增密钥版本 v${r.version}。` : `以已配置的最新密钥版本 v${r.version} 重新加密。`,
      );
      for (const t of r.resealed) console.log(`  ${t.table.padEnd(22)} 重新加密 ${t.rows}`);
      console.log('完成。旧版本可在确认无误后以 yuzhidu keys retire <版本> 停用。');
    } else if (sub === 'retire') {
      const v = Number(String(rest[0] ?? '').replace(/^v/, ''));
      if (!Number.isInteger(v) || v < 1) throw new Error('用法：yuzhidu keys retire <版本号>');
      await retireKey(ctx, v);
      console.log(`已停用密钥版本 v${v}。`);
    }
    const s = await keyStatus(ctx);
    console.log(
      `主密钥来源：${KEY_SOURCE_LABELS[s.source] ?? s.source}；版本：${s.versions.map((v) => `v${v}`).join('、')}；当前加密版本 v${s.current}`,
    );
    for (const c of s.counts) {
      const parts = Object.entries(c.byVersion).map(
        ([v, n]) => `${v === 'plain' ? '未加密' : v === 'missing' ? '文件缺失' : v} ${n}`,
      );
      console.log(`  ${`${c.table}.${c.column}`.padEnd(40)} ${parts.join('，') || '无数据'}`);
    }
  } finally {
    await opened.database.close();
    opened.release();
  }
}

const KEY_SOURCE_LABELS: Record<string, string> = {
  env: '环境变量 YZD_MASTER_KEY',
  file: '密钥文件 YZD_MASTER_KEY_FILE',
  'data-dir': '数据目录 keys/master.keys',
};

async function cmdImport(args: string[]) {
  const i = args.indexOf('--options');
  const options = i >= 0 ? JSON.parse(args[i + 1] ?? '{}') : {};
  const rest = i >= 0 ? [...args.slice(0, i), ...args.slice(i + 2)] : args;
  const [kind, ...paths] = rest;
  if (!kind || paths.length === 0) throw new Error('用法：yuzhidu import <类型> <文件…>');
  const config = loadConfig();
  const opened = await openDatabase(config);
  try {
    const deps = depsFor(config, opened.database);
    const files = paths.map((p) => ({ name: path.basename(p), bytes: fs.readFileSync(p) }));
    const batch = await startImport(systemCtx(deps), kind, files, options);
    const runner = new JobRunner(deps);
    for (;;) {
      await runner.runDue(5);
      const b = await getBatch(systemCtx(deps), batch.id);
      if (b.totalRows) process.stdout.write(`\r已处理 ${b.processedRows}/${b.totalRows} 行`);
      if (b.status === 'done') {
        console.log(`\n导入完成：${JSON.stringify(b.result)}`);
        break;
      }
      if (b.status === 'invalid' || b.status === 'failed') {
        console.log(`\n未导入任何数据（${b.errorCount} 处错误）：`);
        for (const e of (b.errors as { row: number; column?: string; message: string }[]).slice(0, 50)) {
          console.log(`  ${issueText(e)}`);
        }
        process.exitCode = 2;
        break;
      }
    }
  } finally {
    await opened.database.close();
    opened.release();
  }
}

/** `model fit`: reads the CSV and hands it to the analytics; any bad input is exit code 2. */
function cmdModelFit(args: string[]) {
  const opt = (name: string) => {
    const i = args.indexOf(name);
    if (i < 0) return undefined;
    const v = args[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`${name} 后面应跟一个值`);
    return v;
  };
  try {
    const known = new Set(['--data', '--formula', '--identify', '--ml', '--json']);
    for (let i = 0; i < args.length; i++) {
      if (!known.has(args[i]!)) throw new Error(`无法识别的参数“${args[i]}”`);
      if (args[i] !== '--ml' && args[i] !== '--json') i++;
    }
    const file = opt('--data');
    const formula = opt('--formula');
    if (!file || !formula)
      throw new Error('用法：yuzhidu model fit --data 文件.csv --formula "y ~ x + (1|g)"');
    if (!fs.existsSync(file)) throw new Error(`找不到数据文件 ${file}`);
    const pair = opt('--identify');
    let identify: { person: string; platform: string } | undefined;
    if (pair !== undefined) {
      const [person, platform] = pair.split(':');
      if (!person || !platform) throw new Error('--identify 应写成 人员因子:平台因子，例如 cadre:unit');
      identify = { person, platform };
    }
    const data = parseCsv(fs.readFileSync(file, 'utf8'));
    const fit = fitLmm(data, formula, { reml: !args.includes('--ml'), ...(identify ? { identify } : {}) });
    if (args.includes('--json')) {
      const criterion =
        fit.method === 'REML' ? { remlCriterion: fit.remlCriterion } : { deviance: fit.deviance };
      const out = {
        formula: fit.formula,
        method: fit.method,
        nobs: fit.nobs,
        ngroups: fit.ngroups,
        fixef: fit.fixef,
        sd: fit.sd,
        corr: fit.corr,
        sigma: fit.sigma,
        ...criterion,
        logLik: fit.logLik,
        ranef: fit.ranef,
        unidentified: fit.unidentified,
        converged: fit.converged,
        singular: fit.singular,
        fitMs: fit.fitMs,
      };
      console.log(JSON.stringify(out, null, 2));
    } else {
      console.log(formatLmmSummary(fit));
    }
  } catch (err) {
    console.error(`错误：${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 2;
  }
}

async function main(argv: string[]) {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case 'start':
      return cmdStart();
    case 'init':
      return cmdInit();
    case 'migrate':
      return cmdMigrate();
    case 'seed':
      return cmdSeed();
    case 'import':
      return cmdImport(rest);
    case 'backup':
      return cmdBackup(rest);
    case 'restore':
      return cmdRestore(rest);
    case 'audit':
      if (rest[0] === 'verify') return cmdAuditVerify(rest.slice(1));
      break;
    case 'keys':
      return cmdKeys(rest);
    case 'model':
      if (rest[0] === 'fit') return cmdModelFit(rest.slice(1));
      break;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(HELP);
      return;
  }
  console.error(`未知命令：${argv.join(' ')}\n`);
  console.log(HELP);
  process.exitCode = 64;
}

main(process.argv.slice(2)).catch((err) => {
  if (err instanceof DataDirLockedError || err instanceof AppError) {
    console.error(`错误：${err.message}`);
  } else {
    console.error(err);
  }
  process.exit(1);
});
