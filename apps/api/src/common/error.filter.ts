// Every error leaves as { statusCode, error, message, details? } (docs/operations.md "Security"); nothing a client
// sends becomes a 500: a dependency that does not answer (outage.ts) is a 503 whose `dependency` names it
// ('database' or 'temporal'); anything else is logged.
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { DomainError, STATUS_OF, UnavailableError, type Dependency, type ErrorCode } from './domain-error';
import { DEPENDENCY_NAME, dependencyOf } from './outage';

const CODE_OF_STATUS: Record<number, ErrorCode> = Object.fromEntries(
  Object.entries(STATUS_OF).map(([k, v]) => [v, k as ErrorCode]),
);

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: unknown[];
  /** on a 503: the dependency that did not answer */
  dependency?: Dependency;
}

/** The stack, and each cause below it (a gRPC error's code and details say what the engine answered). */
function describe(err: unknown): string {
  const lines = [err instanceof Error ? (err.stack ?? err.message) : String(err)];
  for (let e: any = (err as any)?.cause, i = 0; e && i < 5; e = e.cause, i++)
    lines.push(`caused by: ${e.code !== undefined ? `code ${e.code} ` : ''}${e.details ?? e.message ?? String(e)}`);
  return lines.join('\n');
}

@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly log = new Logger('ErrorFilter');

  catch(err: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(err);
    if (body.statusCode === 503) this.log.warn(`${body.message} (${err instanceof Error ? err.message : String(err)})`);
    else if (body.statusCode >= 500) this.log.error(describe(err));
    res.status(body.statusCode).json(body);
  }

  private toBody(err: unknown): ErrorBody {
    if (err instanceof UnavailableError)
      return { statusCode: 503, error: err.code, message: err.message, dependency: err.dependency };
    if (err instanceof DomainError) {
      return {
        statusCode: STATUS_OF[err.code],
        error: err.code,
        message: err.message,
        ...(err.details ? { details: err.details } : {}),
      };
    }
    if (err instanceof HttpException) {
      const status = err.getStatus();
      const r = err.getResponse() as any;
      const message =
        typeof r === 'string' ? r : Array.isArray(r?.message) ? r.message.join('; ') : (r?.message ?? err.message);
      // Body-parser failures (malformed JSON, too large) arrive here as 400/413.
      const details = status === 400 ? [{ field: '(body)', problem: message }] : undefined;
      return {
        statusCode: status,
        error: CODE_OF_STATUS[status] ?? (status === 413 ? 'PayloadTooLarge' : 'Error'),
        message,
        ...(details ? { details } : {}),
      };
    }
    const e = err as any;
    if (e?.type === 'entity.parse.failed' || e instanceof SyntaxError) {
      return {
        statusCode: 400,
        error: 'BadRequest',
        message: 'the body is not valid JSON',
        details: [{ field: '(body)', problem: 'not valid JSON' }],
      };
    }
    if (
      err instanceof QueryFailedError &&
      ['22P02', '22007', '22008', '22003'].includes((err as any).driverError?.code)
    ) {
      return { statusCode: 400, error: 'BadRequest', message: 'a value has the wrong form' };
    }
    const dependency = dependencyOf(err);
    if (dependency) {
      return {
        statusCode: 503,
        error: 'Unavailable',
        message: `${DEPENDENCY_NAME[dependency]} is unavailable; nothing was written, try again shortly`,
        dependency,
      };
    }
    return { statusCode: 500, error: 'InternalServerError', message: 'unexpected error' };
  }
}
