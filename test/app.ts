import type { LightMyRequestResponse } from 'fastify';
import { type Role, TOTP_REQUIRED_ROLES } from '../src/common/roles.ts';
import { buildApp } from '../src/server/app.ts';
import { SESSION_COOKIE } from '../src/server/http/error-handler.ts';
import type { App } from '../src/server/http/types.ts';
import { newTotpSecret, totpCode } from '../src/server/modules/auth/totp.ts';
import { JobRunner } from '../src/server/modules/system/jobs.service.ts';
import { TEST_APP_CONFIG } from './config.ts';
import { createTestDb, type TestDb } from './db.ts';
import { type BuiltUser, buildUser, setMode } from './factories.ts';
import { type FilePart, MULTIPART_TYPE, multipartBody } from './multipart.ts';

export interface Agent {
  user: BuiltUser | null;
  csrf: string | null;
  cookie: string | null;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  del(url: string): Promise<LightMyRequestResponse>;
  /** POST multipart/form-data: files and text fields. */
  upload(url: string, files: FilePart[], fields?: Record<string, string>): Promise<LightMyRequestResponse>;
  request(
    method: string,
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
}

export interface TestApp extends TestDb {
  app: App;
  jobs: JobRunner;
  /** A logged-in agent for a new user with this role. */
  as(role: Role | null, o?: Parameters<typeof buildUser>[1]): Promise<Agent>;
  login(user: BuiltUser): Promise<Agent>;
  anonymous(): Agent;
  close(): Promise<void>;
}

/** An HTTP agent on an in-process app: a session cookie and its CSRF token sent with each request. */
export function agentOn(app: App, user: BuiltUser | null, cookie: string | null, csrf: string | null): Agent {
  const a: Agent = {
    user,
    csrf,
    cookie,
    request: (method, url, body, headers = {}) =>
      app.inject({
        method: method as 'GET',
        url,
        headers: {
          ...headers,
          ...(a.cookie ? { cookie: `${SESSION_COOKIE}=${a.cookie}` } : {}),
          ...(a.csrf ? { 'x-csrf-token': a.csrf } : {}),
        },
        ...(body === undefined ? {} : { payload: body as object }),
      }),
    get: (url) => a.request('GET', url),
    post: (url, body) => a.request('POST', url, body ?? {}),
    put: (url, body) => a.request('PUT', url, body ?? {}),
    del: (url) => a.request('DELETE', url),
    upload: (url, files, fields = {}) =>
      app.inject({
        method: 'POST',
        url,
        headers: {
          ...(a.cookie ? { cookie: `${SESSION_COOKIE}=${a.cookie}` } : {}),
          ...(a.csrf ? { 'x-csrf-token': a.csrf } : {}),
          'content-type': MULTIPART_TYPE,
        },
        payload: multipartBody(fields, files),
      }),
  };
  return a;
}

/** The HTTP app on a fresh database, with a manual clock and a job runner tests drive. */
export async function createTestApp(
  o: { mode?: 'demo' | 'production'; start?: string; db?: TestDb } = {},
): Promise<TestApp> {
  const db = o.db ?? (await createTestDb({ start: o.start }));
  await setMode(db.deps.db, o.mode ?? 'production');
  const app = await buildApp({
    deps: db.deps,
    config: TEST_APP_CONFIG,
    databaseKind: db.database.kind,
    logger: false,
  });
  await app.ready();
  const jobs = new JobRunner(db.deps);

  async function login(user: BuiltUser): Promise<Agent> {
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: user.username, password: user.password },
    });
    if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
    const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE)?.value ?? null;
    const body = res.json();
    if (body.status === 'totp') {
      if (!user.totpSecret) throw new Error('login needs TOTP');
      // A code is accepted once: move to the next 30-second step first.
      db.deps.clock.advance(30_000);
      const second = await app.inject({
        method: 'POST',
        url: '/api/auth/login/totp',
        payload: { challenge: body.challenge, code: totpCode(user.totpSecret, db.deps.clock.now()) },
      });
      if (second.statusCode !== 200)
        throw new Error(`TOTP login failed: ${second.statusCode} ${second.body}`);
      const c2 = second.cookies.find((c) => c.name === SESSION_COOKIE)?.value ?? null;
      return agentOn(app, user, c2, second.json().me.csrfToken);
    }
    return agentOn(app, user, cookie, body.me.csrfToken);
  }

  return {
    ...db,
    app,
    jobs,
    login,
    anonymous: () => agentOn(app, null, null, null),
    async as(role, opts) {
      const needsTotp =
        (o.mode ?? 'production') === 'production' && role && TOTP_REQUIRED_ROLES.includes(role);
      const secret = needsTotp ? newTotpSecret() : undefined;
      const user = await buildUser(db.deps.db, {
        role,
        ...opts,
        mustChangePassword: false,
        ...(secret ? { sealedTotpSecret: db.deps.secrets.seal(secret) } : {}),
      });
      return login({ ...user, totpSecret: secret });
    },
    async close() {
      await jobs.stop();
      await app.close();
      await db.close();
    },
  };
}
