// DTO validation (class-validator) whose failures name the field at fault, as docs/operations.md says.
import { ValidationError, ValidationPipe } from '@nestjs/common';
import type { FieldProblem } from '@kaflow/domain';
import { badRequest } from './domain-error';

export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = prefix
      ? /^\d+$/.test(e.property)
        ? `${prefix}[${e.property}]`
        : `${prefix}.${e.property}`
      : e.property;
    const own = Object.values(e.constraints ?? {}).map((problem) => ({
      field,
      problem: problem.replace(new RegExp(`^${e.property} `), ''),
    }));
    return [...own, ...flattenValidationErrors(e.children ?? [], field)];
  });
}

export const validationPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  exceptionFactory: (errors) => badRequest(flattenValidationErrors(errors)),
});
