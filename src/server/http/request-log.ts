import type { FastifyBaseLogger } from 'fastify';
import pino, { type Logger } from 'pino';
import { localDay } from '../lib/time.ts';
import type { App } from './types.ts';

/**
 * The anonymous ballot pages and their API. Their requests carry a one-time token or card code,
 * come from a rater's address at an exact moment, and their errors may quote ballot text: a log of
 * any of that could tie a ballot to its rater. So they are logged by route name only, with the
 * status and the day — never the path, the address, the exact time or the content.
 */
const BALLOT_ROUTES: [RegExp, string][] = [
  [/^\/api\/opinion\/ballot\//, '个人评价接口'],
  [/^\/api\/opinion\/public\//, '群众测评接口'],
  [/^\/v\//, '个人评价页'],
  [/^\/p\//, '群众测评页'],
];

/** The name a ballot route is logged under, or null for every other path. */
export function ballotRoute(url: string): string | null {
  for (const [re, name] of BALLOT_ROUTES) if (re.test(url)) return name;
  return null;
}

/** A logger whose lines carry only the day: for the ballot routes. */
export function dayLogger(level: string, stream?: NodeJS.WritableStream): Logger {
  return pino(
    { level, base: null, timestamp: () => `,"time":"${localDay(new Date())}"` },
    stream ?? pino.destination(1),
  );
}

/**
 * One line per request after the answer (Fastify's own request logging is off, since it would
 * write every URL with its token): method, path, status and duration; ballot routes as above.
 */
export function registerRequestLog(app: App, ballotLog: FastifyBaseLogger): void {
  app.addHook('onResponse', (req, reply, done) => {
    const route = ballotRoute(req.url);
    if (route) ballotLog.info({ route, status: reply.statusCode }, '评价页请求');
    else
      req.log.info(
        {
          method: req.method,
          url: req.url,
          status: reply.statusCode,
          ms: Math.round(reply.elapsedTime),
          ip: req.ip,
        },
        'request',
      );
    done();
  });
}
