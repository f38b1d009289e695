import path from 'node:path';
import { AppError } from './lib/errors.ts';

/** Runtime configuration, from the environment. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** Owner connection to a PostgreSQL server; the embedded database when absent. */
  databaseUrl: string | null;
  appRole: string;
  appRolePassword: string | undefined;
  trustProxy: boolean;
  logLevel: string;
  /** Serve cookies with the Secure flag (behind HTTPS). */
  secureCookies: boolean;
  /** Where the built web app is; not served when missing. */
  webDist: string;
  /** 32-byte key (base64) that encrypts TOTP secrets; kept in the data directory when absent. */
  masterKey: string | undefined;
  /**
   * A file of versioned master keys (`<version> <key>` a line) that seal free text and evidence
   * files with SM4; else YZD_MASTER_KEY, else `<dataDir>/keys/master.keys` (demo and tests).
   */
  masterKeyFile: string | undefined;
  /** Login attempts a minute from one address for one account name (on top of the lockout). */
  loginRateLimit: number;
  /** Ballot page requests a minute from one address (opening and submitting links). */
  ballotRateLimit: number;
  /** Unknown ballot tokens or codes from one address in 10 minutes before it is refused (guessing). */
  ballotGuessLimit: number;
  /** Server processes sharing the port (PostgreSQL only; the embedded database is one process). */
  workers: number;
  /** Where the daily audit checkpoint is also written (default: DATA_DIR/checkpoints on the embedded database). */
  checkpointDir: string | null;
  /** Where the daily audit checkpoint is also POSTed as JSON. */
  checkpointUrl: string | null;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT 不合法：${env.PORT}`);
  const workers = Number(env.WORKERS ?? 1);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64)
    throw new Error(`WORKERS 不合法：${env.WORKERS}（应为 1 到 64 的整数）`);
  if (workers > 1 && !env.DATABASE_URL)
    throw new Error(
      '内置数据库只能由一个进程打开：多进程（WORKERS 大于 1）需使用 PostgreSQL（设置 DATABASE_URL）',
    );
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(env.DATA_DIR ?? 'data'),
    databaseUrl: env.DATABASE_URL || null,
    appRole: env.DATABASE_APP_ROLE ?? 'yuzhidu_app',
    appRolePassword: env.DATABASE_APP_PASSWORD || undefined,
    trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
    logLevel: env.LOG_LEVEL ?? 'info',
    secureCookies: env.SECURE_COOKIES === '1' || (env.PUBLIC_URL ?? '').startsWith('https:'),
    webDist: path.resolve(env.WEB_DIST ?? 'dist/web'),
    masterKey: env.YZD_MASTER_KEY || undefined,
    masterKeyFile: env.YZD_MASTER_KEY_FILE || undefined,
    loginRateLimit: Number(env.LOGIN_RATE_LIMIT ?? 20),
    ballotRateLimit: Number(env.BALLOT_RATE_LIMIT ?? 1200),
    ballotGuessLimit: Number(env.BALLOT_GUESS_LIMIT ?? 20),
    workers,
    checkpointDir: env.YZD_CHECKPOINT_DIR ? path.resolve(env.YZD_CHECKPOINT_DIR) : null,
    checkpointUrl: env.YZD_CHECKPOINT_URL || null,
  };
}

/**
 * Production on PostgreSQL keeps its master key outside the data directory and the database:
 * a key generated beside the data would be copied with it.
 */
export function requireConfiguredKey(config: Config) {
  if (config.databaseUrl && !config.masterKey && !config.masterKeyFile) {
    throw new AppError(
      'CONFLICT',
      '生产模式使用 PostgreSQL 时必须配置数据加密主密钥：请设置 YZD_MASTER_KEY_FILE（推荐，密钥文件不得与数据库放在一起）或 YZD_MASTER_KEY 后再启动',
    );
  }
}
