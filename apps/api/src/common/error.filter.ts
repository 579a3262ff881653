// Every error leaves as { statusCode, error, message, details? } (api.md "Errors"); nothing a client
// sends becomes a 500: unknown failures of a dependency become 503, anything else is logged.
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { DomainError, STATUS_OF, type ErrorCode } from './domain-error';

const CODE_OF_STATUS: Record<number, ErrorCode> = Object.fromEntries(
  Object.entries(STATUS_OF).map(([k, v]) => [v, k as ErrorCode]),
);

function isConnectionFailure(err: any): boolean {
  const code = err?.code ?? err?.driverError?.code;
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P03', '53300', '08006', '08001'].includes(code) ||
    /Connection terminated|connect ECONNREFUSED|14 UNAVAILABLE|Failed to connect/i.test(String(err?.message ?? ''))
  );
}

@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly log = new Logger('ErrorFilter');

  catch(err: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(err);
    if (body.statusCode >= 500) this.log.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    res.status(body.statusCode).json(body);
  }

  private toBody(err: unknown): { statusCode: number; error: string; message: string; details?: unknown[] } {
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
    if (isConnectionFailure(err)) {
      const which = /14 UNAVAILABLE|Failed to connect|grpc/i.test(String((err as any)?.message ?? ''))
        ? 'Temporal'
        : 'the database';
      return { statusCode: 503, error: 'Unavailable', message: `${which} is unavailable; nothing was written` };
    }
    return { statusCode: 500, error: 'InternalServerError', message: 'unexpected error' };
  }
}
