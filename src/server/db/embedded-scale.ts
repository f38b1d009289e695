import { sql } from 'drizzle-orm';
import { type Db, rows } from './client.ts';

/**
 * How large the embedded database may grow before the server advises moving to PostgreSQL.
 *
 * The embedded database (PGlite) runs inside the server process on one connection: every request
 * waits its turn, and the whole database lives in the process's memory. docs/BENCHMARKS.md
 * measures it on the full demo county (512 cadres): the roster's first page at about 90 requests
 * a second (p50 41 ms), a round's results page at 50, an audited write at about 700 a second,
 * the process at about 0.9 GB (1.1 GB after 100,000 economy figures). Pages that read every
 * cadre slow down in proportion: at 2,000 cadres (four such counties, a small city) the roster
 * and results pages would answer in 150–300 ms one at a time, which is where a shared database
 * server with its own connections and memory (PostgreSQL) starts to pay. 1 GiB of data keeps the
 * process well within a county server's memory.
 */
export interface EmbeddedLimits {
  /** Active cadres. */
  cadres: number;
  /** Database size in bytes. */
  bytes: number;
}

export const EMBEDDED_LIMITS: EmbeddedLimits = { cadres: 2000, bytes: 1024 ** 3 };

export interface EmbeddedScale {
  cadres: number;
  bytes: number;
}

export async function embeddedScale(db: Db): Promise<EmbeddedScale> {
  const [r] = await rows<{ cadres: number; bytes: string | number }>(
    db,
    sql`select (select count(*)::int from org_cadres where status = 'active') as cadres,
               pg_database_size(current_database()) as bytes`,
  );
  return { cadres: r?.cadres ?? 0, bytes: Number(r?.bytes ?? 0) };
}

const mib = (b: number) => `${Math.round(b / 1024 ** 2).toLocaleString('en')} MB`;

/** The warning for a database above a limit (Chinese, for the start-up log), or null. */
export function embeddedScaleWarning(scale: EmbeddedScale, limits: EmbeddedLimits): string | null {
  const over: string[] = [];
  if (scale.cadres > limits.cadres)
    over.push(
      `在职干部 ${scale.cadres.toLocaleString('en')} 人（建议上限 ${limits.cadres.toLocaleString('en')} 人）`,
    );
  if (scale.bytes > limits.bytes) over.push(`数据库 ${mib(scale.bytes)}（建议上限 ${mib(limits.bytes)}）`);
  if (over.length === 0) return null;
  return (
    `注意：内置数据库适用于一个县的规模，当前${over.join('，')}。` +
    '内置数据库在服务进程内以单连接运行，规模再大时页面会明显变慢、内存占用升高，请尽快迁到 PostgreSQL：' +
    '停止服务，执行 `npx yuzhidu backup 备份文件`；在 PostgreSQL 上新建空数据库，' +
    '设置 DATABASE_URL 后执行 `npx yuzhidu restore 备份文件`，再以同一主密钥启动（详见 README「备份与恢复」）。'
  );
}

/** Checks the embedded database's size at start and warns when it has outgrown a county. */
export async function warnIfEmbeddedOutgrown(
  db: Db,
  limits: EmbeddedLimits = EMBEDDED_LIMITS,
  warn: (message: string) => void = console.warn,
): Promise<string | null> {
  const message = embeddedScaleWarning(await embeddedScale(db), limits);
  if (message) warn(message);
  return message;
}
