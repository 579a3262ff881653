// What every request passes before a controller sees it: security headers (helmet), a JSON-only
// rule for request bodies (415 otherwise), a size limit (413) and a nesting limit (400), each
// answered in the API's error shape { statusCode, error, message, details? } and never with a trace.
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { IncomingMessage } from 'node:http';
import type express from 'express';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

/** Request bodies larger than this are a 413. */
export const BODY_LIMIT = '1mb';
/** JSON nested deeper than this (arrays and objects) is a 400; no endpoint needs more than a few levels. */
export const MAX_JSON_DEPTH = 32;

const send = (res: Response, statusCode: number, error: string, message: string, field?: string) =>
  res
    .status(statusCode)
    .json({ statusCode, error, message, ...(field ? { details: [{ field, problem: message }] } : {}) });

const hasBody = (req: Request) =>
  Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;

const isJson = (type: string | undefined) => !!type && /^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(type.trim());

/** Depth of the deepest array/object nesting in raw JSON text, counted without parsing it. */
export function jsonDepth(text: string, stopAt = Infinity): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max && (max = depth) > stopAt) return max;
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}

/** The few routes that take another body than JSON: an iCalendar holiday notice, an uploaded list. */
const OTHER_BODIES: Array<[prefix: string, type: RegExp]> = [
  ['/api/calendar/official/', /^text\/(calendar|plain)\s*(;|$)/i],
  ['/api/imports/', /^multipart\/form-data\s*(;|$)/i],
  ['/api/wecom/callback/', /^(text|application)\/xml\s*(;|$)/i],
];
/** WeCom's callback bodies are a few hundred bytes; more is refused before it is read (413). */
export const WECOM_XML_LIMIT = '64kb';
const otherBodyAllowed = (req: Request) =>
  OTHER_BODIES.some(
    ([prefix, type]) => req.path.startsWith(prefix) && type.test((req.headers['content-type'] ?? '').trim()),
  );

export function harden(app: NestExpressApplication): void {
  // The OpenAPI page (/api/docs) runs swagger-ui's inline start-up script; everything else gets helmet's full CSP.
  const strict = helmet();
  const docs = helmet({ contentSecurityPolicy: false });
  app.use((req: Request, res: Response, next: NextFunction) =>
    (req.path.startsWith('/api/docs') ? docs : strict)(req, res, next),
  );
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (!hasBody(req) || ['GET', 'HEAD', 'OPTIONS'].includes(req.method)) return next();
    if (!isJson(req.headers['content-type']) && !otherBodyAllowed(req)) {
      return send(res, 415, 'UnsupportedMediaType', 'the request body must be JSON (Content-Type: application/json)');
    }
    next();
  });
  // Nest 12 leaves `verify` out of useBodyParser's option type (it reserves it for `rawBody: true`, unused here) but
  // hands the options to express.json unchanged, so the depth check goes through a variable of express's own type.
  const jsonOptions: NonNullable<Parameters<typeof express.json>[0]> = {
    limit: BODY_LIMIT,
    type: (req: IncomingMessage) => isJson(req.headers['content-type']),
    verify: (_req: unknown, _res: unknown, buf: Buffer) => {
      if (jsonDepth(buf.toString('utf8'), MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
        throw Object.assign(new Error(`the body is nested more than ${MAX_JSON_DEPTH} levels deep`), {
          status: 400,
          type: 'kaflow.depth',
        });
      }
    },
  };
  app.useBodyParser('json', jsonOptions);
  app.useBodyParser('text', { type: ['text/calendar', 'text/plain'], limit: BODY_LIMIT }); // iCalendar holiday notices
  app.useBodyParser('text', { type: ['text/xml', 'application/xml'], limit: WECOM_XML_LIMIT }); // WeCom callbacks
  // Body-parser's own failures (too large, malformed, too deep) in the API's error shape.
  app.use((err: any, _req: Request, res: Response, next: NextFunction) => {
    if (!err) return next();
    if (err.type === 'entity.too.large')
      return send(
        res,
        413,
        'PayloadTooLarge',
        `the request body is larger than ${err.limit === 65536 ? WECOM_XML_LIMIT : BODY_LIMIT}`,
      );
    if (err.type === 'kaflow.depth') return send(res, 400, 'BadRequest', err.message, '(body)');
    if (err.type === 'entity.parse.failed') return send(res, 400, 'BadRequest', 'the body is not valid JSON', '(body)');
    if (err.status >= 400 && err.status < 500)
      return send(res, err.status, 'BadRequest', 'the request cannot be read', '(body)');
    next(err);
  });
}
