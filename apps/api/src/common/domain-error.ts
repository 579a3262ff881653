// Services throw DomainError (one code vocabulary, libs/domain/src/errors.ts); one filter maps it to HTTP.
import { ApplicationFailure } from '@temporalio/common';
import { DomainError, ErrorCode, HTTP_STATUS_OF, isErrorCode, type FieldProblem } from '@kaflow/domain';

export { DomainError, ErrorCode, HTTP_STATUS_OF as STATUS_OF };

export const badRequest = (problems: FieldProblem[], message = 'invalid input') =>
  new DomainError(
    ErrorCode.BadRequest,
    `${message}: ${problems.map((p) => `${p.field} ${p.problem}`).join('; ')}`,
    problems,
  );
export const notFound = (what: string) => new DomainError(ErrorCode.NotFound, `${what} not found`);
export const forbidden = (message: string) => new DomainError(ErrorCode.Forbidden, message);
export const conflict = (message: string) => new DomainError(ErrorCode.Conflict, message);
export const unprocessable = (message: string) => new DomainError(ErrorCode.Unprocessable, message);

/** What a 503 names: the dependency that did not answer (docs/operations.md "Security"). */
export type Dependency = 'database' | 'temporal' | 'wecom';
/** A dependency is down: retrying later can help; the body names it (`dependency`). */
export class UnavailableError extends DomainError {
  constructor(
    readonly dependency: Dependency,
    message: string,
  ) {
    super(ErrorCode.Unavailable, message);
  }
}
export const unavailable = (message: string, dependency: Dependency = 'temporal') =>
  new UnavailableError(dependency, message);

/** An activity's or workflow's ApplicationFailure whose type is a code of the vocabulary, as a DomainError. */
export function fromFailure(cause: unknown): DomainError | undefined {
  if (!(cause instanceof ApplicationFailure) || !isErrorCode(cause.type)) return undefined;
  if (cause.type !== ErrorCode.BadRequest) return new DomainError(cause.type, cause.message);
  const d = (cause.details ?? []) as unknown[];
  return badRequest((Array.isArray(d[0]) ? d[0] : d) as FieldProblem[], cause.message);
}
