// The one error vocabulary: the API's DomainError, the plan store's refusals and the type of every
// ApplicationFailure an activity or a workflow throws carry one of these codes; the API's one exception
// filter maps a code to its HTTP status (docs/operations.md, "Security": the one error shape).
import type { FieldProblem } from './tasks';

export const ErrorCode = {
  BadRequest: 'BadRequest',
  Unauthorized: 'Unauthorized',
  Forbidden: 'Forbidden',
  NotFound: 'NotFound',
  Conflict: 'Conflict',
  Unprocessable: 'Unprocessable',
  TooManyRequests: 'TooManyRequests',
  Unavailable: 'Unavailable',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const HTTP_STATUS_OF: Record<ErrorCode, number> = {
  BadRequest: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  Conflict: 409,
  Unprocessable: 422,
  TooManyRequests: 429,
  Unavailable: 503,
};

export function isErrorCode(x: unknown): x is ErrorCode {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(HTTP_STATUS_OF, x);
}

/** A business refusal (not an outage): services, the plan store and activities throw it; retrying cannot help. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: FieldProblem[],
  ) {
    super(message);
  }
}
