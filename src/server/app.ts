import '../common/zod-locale.ts';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyReply, LogController } from 'fastify';
import { jsonSchemaTransform, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import { registerAccessControl } from './http/access.ts';
import { errorHandler } from './http/error-handler.ts';
import { refuseNul } from './http/input-guard.ts';
import { dayLogger, registerRequestLog } from './http/request-log.ts';
import { responseSerializer } from './http/serializer.ts';
import { SharedRateCounts, sharedRateStore } from './http/shared-rate-store.ts';
import type { App } from './http/types.ts';
import type { Deps } from './lib/context.ts';
import { startDataVersion } from './lib/data-version.ts';
import { AppError } from './lib/errors.ts';
import { startSessionCache } from './modules/auth/session-cache.ts';
import { registerModules } from './modules/index.ts';

export interface BuildOptions {
  deps: Deps;
  config: Pick<
    Config,
    | 'secureCookies'
    | 'trustProxy'
    | 'webDist'
    | 'logLevel'
    | 'loginRateLimit'
    | 'ballotRateLimit'
    | 'ballotGuessLimit'
  > & {
    /** Tests: an answer with a field its response schema does not declare is an error. */
    strictResponses?: boolean;
  };
  databaseKind: 'pglite' | 'postgres';
  /** false: no logs (tests); otherwise logs at config.logLevel to stdout, or to `logStream`. */
  logger?: false;
  logStream?: NodeJS.WritableStream;
}

/** Builds the HTTP application without listening, so tests can call it in-process. */
export async function buildApp(o: BuildOptions): Promise<App> {
  const level = o.logger === false ? 'silent' : o.config.logLevel;
  const app = Fastify({
    logger: o.logger === false ? false : { level, ...(o.logStream ? { stream: o.logStream } : {}) },
    // Fastify's own request lines would write every URL with its token: request-log.ts writes them.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: () => randomUUID(),
    trustProxy: o.config.trustProxy,
    bodyLimit: 2 * 1024 * 1024,
    routerOptions: { maxParamLength: 200 },
  }).withTypeProvider() as unknown as App;

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(responseSerializer(o.config.strictResponses === true));
  app.setErrorHandler(errorHandler);
  app.addHook('preValidation', refuseNul);
  app.decorate('ballotLog', dayLogger(level, o.logStream));
  registerRequestLog(app, app.ballotLog);

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'upgrade-insecure-requests': o.config.secureCookies ? [] : null,
      },
    },
    hsts: o.config.secureCookies,
    crossOriginEmbedderPolicy: false,
  });
  await app.register(fastifyCookie);
  // On PostgreSQL several processes may serve one address: their limits count together.
  const rateCounts =
    o.databaseKind === 'postgres'
      ? new SharedRateCounts(o.deps.db, 100, (err) => app.log.warn({ err }, '限流计数同步失败，稍后重试'))
      : null;
  if (rateCounts) app.addHook('onClose', () => rateCounts.close());
  app.decorate('rateCounts', rateCounts);
  await app.register(fastifyRateLimit, {
    global: false,
    ...(rateCounts ? { store: sharedRateStore(rateCounts) } : {}),
    errorResponseBuilder: (_req, ctx) => {
      const err = new AppError('RATE_LIMITED', `操作过于频繁，请 ${Math.ceil(ctx.ttl / 1000)} 秒后再试`);
      return err;
    },
  });
  await app.register(fastifyMultipart, { limits: { fileSize: 50 * 1024 * 1024, files: 10, fields: 50 } });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: '玉智督 API', version: '0.1.0', description: '领导干部政绩观考察与重点任务监督平台' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'yzd_session' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  registerAccessControl(app, o.deps);
  const stopSessionCache = await startSessionCache(o.deps.db, o.databaseKind);
  app.addHook('onClose', async () => stopSessionCache());
  const stopDataVersion = await startDataVersion(o.deps.db, o.databaseKind);
  app.addHook('onClose', async () => stopDataVersion());
  await registerModules(app, { databaseKind: o.databaseKind, config: o.config });

  const indexHtml = path.join(o.config.webDist, 'index.html');
  const hasWeb = fs.existsSync(indexHtml);
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: o.config.webDist,
      index: false,
      // Hashed assets never change: cache them; index.html is sent with no-cache below.
      setHeaders: (reply: { header(k: string, v: string): unknown }, file: string) => {
        if (file.includes(`${path.sep}assets${path.sep}`))
          reply.header('cache-control', 'public, max-age=31536000, immutable');
      },
    });
  }
  const sendIndex = (reply: FastifyReply) =>
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').sendFile('index.html');
  // The root is a directory to the static files (which list none): it is the home page.
  if (hasWeb) app.get('/', (_req, reply) => sendIndex(reply));
  app.setNotFoundHandler((req, reply) => {
    const url = req.url.split('?')[0] ?? '/';
    // API paths and missing files (anything with an extension) are 404; other paths are pages.
    if (url.startsWith('/api/') || req.method !== 'GET' || !hasWeb || path.extname(url) !== '') {
      return errorHandler(new AppError('ROUTE_NOT_FOUND') as never, req, reply);
    }
    // The single-page app answers every other path.
    return sendIndex(reply);
  });
  return app;
}
