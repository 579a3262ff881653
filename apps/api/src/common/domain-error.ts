// Services throw these; one filter maps them to the HTTP contract in api.md.
import type { FieldProblem } from '@kaflow/domain';

export type ErrorCode = 'BadRequest' | 'Unauthorized' | 'Forbidden' | 'NotFound' | 'Conflict' | 'Unprocessable' | 'Unavailable' | 'TooManyRequests';

export const STATUS_OF: Record<ErrorCode, number> = {
  BadRequest: 400, Unauthorized: 401, Forbidden: 403, NotFound: 404, Conflict: 409, Unprocessable: 422, TooManyRequests: 429, Unavailable: 503,
};

export class DomainError extends Error {
  constructor(readonly code: ErrorCode, message: string, readonly details?: FieldProblem[]) { super(message); }
}

export const badRequest = (problems: FieldProblem[], message = 'invalid input') => new DomainError('BadRequest', `${message}: ${problems.map((p) => `${p.field} ${p.problem}`).join('; ')}`, problems);
export const notFound = (what: string) => new DomainError('NotFound', `${what} not found`);
export const forbidden = (message: string) => new DomainError('Forbidden', message);
export const conflict = (message: string) => new DomainError('Conflict', message);
export const unprocessable = (message: string) => new DomainError('Unprocessable', message);
export const unavailable = (message: string) => new DomainError('Unavailable', message);
