// Small checks for date query parameters shared by several controllers.
import { badRequest } from './domain-error';

export function requireDate(field: string, v: unknown): string {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`)) || new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) !== v) {
    throw badRequest([{ field, problem: 'must be a date YYYY-MM-DD' }]);
  }
  return v;
}

export function requireMonth(field: string, v: unknown): string {
  if (typeof v !== 'string' || !/^\d{4}-(0[1-9]|1[0-2])$/.test(v)) throw badRequest([{ field, problem: 'must be a month YYYY-MM' }]);
  return v;
}
