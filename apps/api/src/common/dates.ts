// Small checks for date query parameters shared by several controllers. Business dates are kept to
// the years a dealership plans in (2000–2099): a date far outside is a client mistake, not a plan.
import { badRequest } from './domain-error';

export const BUSINESS_YEARS = { from: 2000, to: 2099 } as const;
const inYears = (v: string) => {
  const y = Number(v.slice(0, 4));
  return y >= BUSINESS_YEARS.from && y <= BUSINESS_YEARS.to;
};
const range = `between ${BUSINESS_YEARS.from} and ${BUSINESS_YEARS.to}`;

export function requireDate(field: string, v: unknown): string {
  if (
    typeof v !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}$/.test(v) ||
    Number.isNaN(Date.parse(`${v}T00:00:00Z`)) ||
    new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) !== v
  ) {
    throw badRequest([{ field, problem: 'must be a date YYYY-MM-DD' }]);
  }
  if (!inYears(v)) throw badRequest([{ field, problem: `must be a date in the years ${range}` }]);
  return v;
}

export function requireMonth(field: string, v: unknown): string {
  if (typeof v !== 'string' || !/^\d{4}-(0[1-9]|1[0-2])$/.test(v))
    throw badRequest([{ field, problem: 'must be a month YYYY-MM' }]);
  if (!inYears(v)) throw badRequest([{ field, problem: `must be a month in the years ${range}` }]);
  return v;
}

/** An ISO week 'YYYY-Www' in the business years; the caller turns it into dates. */
export function requireWeekYear(field: string, week: string): void {
  if (!inYears(week)) throw badRequest([{ field, problem: `must be a week in the years ${range}` }]);
}
