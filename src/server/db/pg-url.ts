/**
 * PostgreSQL connection strings with several hosts, as libpq writes them:
 * `postgres://user:pw@host1:5432,host2:5433/db?target_session_attrs=read-write`.
 * The driver takes one host; a pool on a multi-host URL (a pg_auto_failover formation) tries
 * the hosts in turn and, with `target_session_attrs=read-write`, keeps only a connection to the
 * primary: after a failover its next connections find the new primary by themselves.
 */

export interface PgHost {
  host: string;
  port: number;
}

export interface PgUrl {
  scheme: string;
  user: string | null;
  password: string | null;
  hosts: PgHost[];
  database: string | null;
  /** Query parameters, in order (sslmode, target_session_attrs, …). */
  params: [string, string][];
}

const URL_RE = /^(postgres(?:ql)?):\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^/?]*)(?:\/([^?]*))?(?:\?(.*))?$/;

export function parsePgUrl(url: string): PgUrl {
  const m = URL_RE.exec(url);
  if (!m) throw new Error('数据库连接串格式不正确，应为 postgres://用户:密码@主机:端口[,主机:端口…]/数据库');
  const hosts = (m[4] ?? '')
    .split(',')
    .filter(Boolean)
    .map((h): PgHost => {
      const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(h);
      if (v6) return { host: v6[1]!, port: Number(v6[2] ?? 5432) };
      const [host, port] = h.split(':');
      return { host: host || 'localhost', port: Number(port ?? 5432) };
    });
  const params = (m[6] ?? '')
    .split('&')
    .filter(Boolean)
    .map((kv): [string, string] => {
      const i = kv.indexOf('=');
      return i < 0
        ? [decodeURIComponent(kv), '']
        : [decodeURIComponent(kv.slice(0, i)), decodeURIComponent(kv.slice(i + 1))];
    });
  const dec = (s: string | undefined) => (s === undefined || s === '' ? null : decodeURIComponent(s));
  return {
    scheme: m[1]!,
    user: dec(m[2]),
    password: dec(m[3]),
    hosts: hosts.length ? hosts : [{ host: 'localhost', port: 5432 }],
    database: dec(m[5]),
    params,
  };
}

export function formatPgUrl(u: PgUrl): string {
  const auth = u.user
    ? `${encodeURIComponent(u.user)}${u.password ? `:${encodeURIComponent(u.password)}` : ''}@`
    : '';
  const hosts = u.hosts.map((h) => `${h.host.includes(':') ? `[${h.host}]` : h.host}:${h.port}`).join(',');
  const q = u.params.length
    ? `?${u.params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}`
    : '';
  return `${u.scheme}://${auth}${hosts}/${u.database ? encodeURIComponent(u.database) : ''}${q}`;
}

export const param = (u: PgUrl, key: string): string | undefined => u.params.find(([k]) => k === key)?.[1];

/** The URL with one host and without the parameters the driver does not know. */
export function singleHostUrl(u: PgUrl, host: PgHost): string {
  return formatPgUrl({ ...u, hosts: [host], params: u.params.filter(([k]) => k !== 'target_session_attrs') });
}
