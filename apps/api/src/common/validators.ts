// Small class-validator helpers for the record-keeping DTOs (prospects and field work): trimming,
// real calendar dates, mainland phone numbers, and "optional but never null".
import { Transform } from 'class-transformer';
import { isEmail, ValidateBy, ValidateIf, type ValidationOptions } from 'class-validator';
import { canonicalPhone, PHONE_PROBLEM } from '@kaflow/domain';
import { BUSINESS_YEARS } from './dates';

/** Trims strings before validation, so "   " counts as empty. */
export const Trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/**
 * Text of min..max characters (after Trim), with one problem whatever is wrong (missing, not a
 * string, empty, too long), so a missing field is not reported four times.
 */
export const IsText = (max: number, min = 1, opts?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isText',
      validator: {
        validate: (v) => typeof v === 'string' && v.length >= min && v.length <= max,
        defaultMessage: () =>
          min > 0 ? `must be text of ${min} to ${max} characters` : `must be text of at most ${max} characters`,
      },
    },
    opts,
  );

/** A whole number in min..max, with one problem whatever is wrong. */
export const IsWhole = (min: number, max: number, opts?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isWhole',
      validator: {
        validate: (v) => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max,
        defaultMessage: () => `must be a whole number from ${min} to ${max}`,
      },
    },
    opts,
  );

/** Optional: absent is fine, but a value that is present (null included) is validated. */
export const Present = () => ValidateIf((_o, v) => v !== undefined);

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
export function isCalendarDate(v: unknown): v is string {
  if (typeof v !== 'string' || !DATE_RE.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  const y = Number(v.slice(0, 4));
  return (
    !Number.isNaN(d.getTime()) &&
    d.toISOString().slice(0, 10) === v &&
    y >= BUSINESS_YEARS.from &&
    y <= BUSINESS_YEARS.to
  );
}

export const IsCalendarDate = (opts?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (v) => isCalendarDate(v),
        defaultMessage: () => `must be a date YYYY-MM-DD in the years ${BUSINESS_YEARS.from}–${BUSINESS_YEARS.to}`,
      },
    },
    opts,
  );

export const MONTH_RE = /^20\d{2}-(0[1-9]|1[0-2])$/; // the business years 2000–2099

/** Mainland phone numbers in one canonical form: the rule lives in @kaflow/domain (the import uses it too). */
export { canonicalPhone, PHONE_PROBLEM };

/** Normalises a valid phone number to its canonical form; leaves anything else for IsPhone to refuse. */
export const NormalizePhone = () => Transform(({ value }) => canonicalPhone(value) ?? value);

/** For an optional phone: blank means none (null); a valid number is normalised. */
export const NormalizeOptionalPhone = () =>
  Transform(({ value }) =>
    typeof value === 'string' && value.trim() === '' ? null : (canonicalPhone(value) ?? value),
  );

export const IsPhone = (opts?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isPhone',
      validator: {
        validate: (v) => typeof v === 'string' && canonicalPhone(v) === v,
        defaultMessage: () => PHONE_PROBLEM,
      },
    },
    opts,
  );

/** The property must not be given together with `other`. */
export const NotWith = (other: string, opts?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'notWith',
      validator: {
        validate: (_v, args) => (args?.object as Record<string, unknown>)[other] === undefined,
        defaultMessage: () => `give either ${other} or this field, not both`,
      },
    },
    opts,
  );

/** Turns the query-string forms "true"/"false" into booleans; anything else stays as is and fails IsBoolean. */
export const QueryBoolean = () =>
  Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value));

/** Turns a query-string number into a number when it is all digits; anything else fails IsInt. */
export const QueryInt = () =>
  Transform(({ value }) => (typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value));

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** An e-mail address. class-validator's IsEmail throws on a string with lone surrogates (a 500); here that is
 *  simply not an address (a 400 naming the field). */
export const IsEmailAddress = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isEmailAddress',
      validator: {
        validate: (v: unknown) => {
          try {
            return typeof v === 'string' && !LONE_SURROGATE.test(v) && isEmail(v);
          } catch {
            return false;
          }
        },
        defaultMessage: () => 'must be an e-mail address',
      },
    },
    options,
  );
