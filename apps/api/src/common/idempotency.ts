// The Idempotency-Key header on the creating routes (docs/operations.md "Idempotency-Key"): a phone that taps
// again, or retries after the connection dropped, gets the first answer and writes nothing twice.
//
// One row per (user, key) in `idempotency_key`. The first request claims the row (an insert that only one
// of several concurrent requests wins) with its fingerprint: method, path with query, and a hash of the body
// (and of an uploaded file). Its answer is stored in the row before it is sent, when the status is 2xx. Any
// other answer (a 4xx refuses and writes nothing; a 5xx or 503 wrote nothing either) releases the row, so the
// same key may be sent again. A request that finds the row:
// - finished, same fingerprint: the stored status and body, with `Idempotent-Replayed: true`;
// - still in flight, same fingerprint: waits for it (polling) and then answers as above, or runs itself when
//   the first released the key; after IDEMPOTENCY_WAIT_MS still in flight: 409 naming the key;
// - a different fingerprint: 422 naming `Idempotency-Key`.
// A malformed key is a 400 naming the header. Keys are kept 24 hours; older rows are swept now and then.
import { createHash } from 'node:crypto';
import {
  applyDecorators,
  Injectable,
  Logger,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ApiHeader } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { from, of, switchMap, type Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import type { AuthUser } from './auth-user';
import { badRequest, DomainError, ErrorCode } from './domain-error';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';
/** How long a key is kept. */
export const IDEMPOTENCY_TTL_HOURS = 24;
const WAIT_MS = Number(process.env.IDEMPOTENCY_WAIT_MS ?? 15_000);
const POLL_MS = 100;
const SWEEP_EVERY_MS = 60_000;

/** The header's value, checked: 1 to 255 visible ASCII characters (no control characters, no spaces). */
export function parseIdempotencyKey(raw: string | string[] | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const problem = (p: string) => badRequest([{ field: IDEMPOTENCY_HEADER, problem: p }]);
  if (Array.isArray(raw)) throw problem('must be sent once');
  if (raw.length === 0) throw problem('must not be empty');
  if (raw.length > 255) throw problem('must be at most 255 characters');
  if (!/^[\x21-\x7e]+$/.test(raw)) throw problem('must be visible ASCII characters (no spaces, no control characters)');
  return raw;
}

interface UploadedFile {
  buffer?: Buffer;
  originalname?: string;
}

function bodyText(body: unknown): string {
  try {
    return JSON.stringify(body ?? null) ?? 'null';
  } catch {
    return String(body);
  }
}

/** Method, path with query, and a hash of the body (and of an uploaded file): what "the same request" means. */
export function fingerprint(req: Request): string {
  const h = createHash('sha256');
  h.update(`${req.method} ${req.originalUrl}\n`);
  h.update(bodyText(req.body));
  const file = (req as Request & { file?: UploadedFile }).file;
  if (file?.buffer) h.update(`\nfile ${file.originalname ?? ''}\n`).update(file.buffer);
  return h.digest('hex');
}

interface Replay {
  status: number;
  body: unknown;
}

interface Row {
  fingerprint: string;
  status: number | null;
  body: unknown;
}

@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private static lastSweep = 0;
  private readonly log = new Logger('Idempotency');

  constructor(private readonly db: DataSource) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = ctx.switchToHttp();
    const req = http.getRequest<Request & { user?: AuthUser }>();
    const res = http.getResponse<Response>();
    const key = parseIdempotencyKey(req.headers[IDEMPOTENCY_HEADER.toLowerCase()]);
    const user = req.user;
    if (key === undefined || !user) return next.handle();
    const print = fingerprint(req);
    return from(this.claim(user.id, key, print)).pipe(
      switchMap((found) => {
        if (!found) {
          this.settleOnAnswer(res, user.id, key);
          return next.handle();
        }
        res.setHeader(REPLAYED_HEADER, 'true');
        res.status(found.status);
        const body = found.body ?? undefined;
        if (!this.nestSends(ctx)) {
          if (body === undefined) res.send();
          else res.json(body);
          return of(undefined);
        }
        return of(body);
      }),
    );
  }

  /** Claims the key (undefined: this request runs) or returns the finished first answer to replay. */
  private async claim(userId: string, key: string, print: string): Promise<Replay | undefined> {
    await this.sweep();
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      await this.db.query(
        `DELETE FROM idempotency_key WHERE "userId" = $1 AND "key" = $2
           AND "createdAt" < now() - $3 * interval '1 hour'`,
        [userId, key, IDEMPOTENCY_TTL_HOURS],
      );
      const inserted = (await this.db.query(
        `INSERT INTO idempotency_key ("userId", "key", fingerprint) VALUES ($1, $2, $3)
         ON CONFLICT ("userId", "key") DO NOTHING RETURNING "key"`,
        [userId, key, print],
      )) as unknown[];
      if (inserted.length === 1) return undefined;
      const [row] = (await this.db.query(
        `SELECT fingerprint, status, body FROM idempotency_key WHERE "userId" = $1 AND "key" = $2`,
        [userId, key],
      )) as Row[];
      if (!row) continue; // released (the first failed) or expired between the two statements: claim again
      if (row.fingerprint !== print) {
        throw new DomainError(
          ErrorCode.Unprocessable,
          `${IDEMPOTENCY_HEADER} "${key}" was already used for a different request (method, path or body)`,
        );
      }
      if (row.status !== null) return { status: row.status, body: row.body };
      if (Date.now() >= deadline) {
        throw new DomainError(
          ErrorCode.Conflict,
          `${IDEMPOTENCY_HEADER} "${key}": the first request with this key is still in progress; retry later`,
        );
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }

  /**
   * Stores the answer of the request that claimed the key just before it is sent (2xx), or releases the key
   * (any other status). Both the normal reply and the error filter send through `res.json`/`res.send`.
   */
  private settleOnAnswer(res: Response, userId: string, key: string): void {
    const json = res.json.bind(res);
    const send = res.send.bind(res);
    let settled = false;
    const settle = (body: unknown, isJson: boolean, sendIt: () => void) => {
      settled = true;
      const status = res.statusCode;
      const keep = status >= 200 && status < 300 && (isJson || body === undefined);
      const write = keep
        ? this.db.query(
            `UPDATE idempotency_key SET status = $3, body = $4::jsonb, "completedAt" = now()
             WHERE "userId" = $1 AND "key" = $2`,
            [userId, key, status, body === undefined ? null : bodyText(body)],
          )
        : this.db.query(`DELETE FROM idempotency_key WHERE "userId" = $1 AND "key" = $2`, [userId, key]);
      void write
        .catch((e: unknown) => this.log.error(`could not settle ${IDEMPOTENCY_HEADER} "${key}": ${String(e)}`))
        .finally(sendIt);
    };
    res.json = ((body?: unknown) => {
      if (settled) return json(body);
      settle(body, true, () => json(body));
      return res;
    }) as Response['json'];
    res.send = ((body?: unknown) => {
      if (settled) return send(body);
      settle(body, false, () => send(body));
      return res;
    }) as Response['send'];
  }

  /** False when the handler writes the response itself (`@Res()` without passthrough), as the upload does. */
  private nestSends(ctx: ExecutionContext): boolean {
    const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, ctx.getClass(), ctx.getHandler().name) ?? {}) as Record<
      string,
      { data?: { passthrough?: boolean } }
    >;
    return !Object.entries(args).some(
      ([k, v]) =>
        (k.startsWith(`${RouteParamtypes.RESPONSE}:`) || k.startsWith(`${RouteParamtypes.NEXT}:`)) &&
        !v.data?.passthrough,
    );
  }

  /** Keys older than the TTL are deleted, at most once a minute per instance. */
  private async sweep(): Promise<void> {
    if (Date.now() - IdempotencyInterceptor.lastSweep < SWEEP_EVERY_MS) return;
    IdempotencyInterceptor.lastSweep = Date.now();
    await this.db.query(`DELETE FROM idempotency_key WHERE "createdAt" < now() - $1 * interval '1 hour'`, [
      IDEMPOTENCY_TTL_HOURS,
    ]);
  }
}

/**
 * The route takes an `Idempotency-Key` header. On a route with a file upload, put it above the
 * `UseInterceptors(FileInterceptor(...))` line so that the file is read before the fingerprint.
 */
export const Idempotent = () =>
  applyDecorators(
    ApiHeader({
      name: IDEMPOTENCY_HEADER,
      required: false,
      description:
        'A fresh key per create (e.g. a UUID), the same key when retrying it: a repeat by the same user within ' +
        '24 h gets the first answer (header `Idempotent-Replayed: true`) and writes nothing twice; the same key ' +
        'with a different request is a 422; 1-255 visible ASCII characters.',
      schema: { type: 'string', maxLength: 255 },
    }),
    UseInterceptors(IdempotencyInterceptor),
  );
