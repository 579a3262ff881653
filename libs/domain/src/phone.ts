// Phone numbers as the grading entry standard takes them, in one canonical form. Pure.

/**
 * A mainland phone number in one canonical form, or null when it is not one: mobile `1[3-9]` + 9
 * digits; landline area code (010, 02x: 3 digits, otherwise 4) and a 7-8 digit number written
 * `0xx-xxxxxxxx`. A +86 / 0086 prefix, spaces and dashes are ignored.
 */
export function canonicalPhone(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  let s = v.replace(/[\s\u3000-]+/g, '');
  s = s.replace(/^(\+86|0086)/, '');
  if (/^1[3-9]\d{9}$/.test(s)) return s;
  if (/^0\d{9,11}$/.test(s)) {
    const area = /^0[12]/.test(s) ? 3 : 4;
    const rest = s.slice(area);
    if (rest.length >= 7 && rest.length <= 8) return `${s.slice(0, area)}-${rest}`;
  }
  return null;
}

export const PHONE_PROBLEM =
  'must be a mainland mobile number (1[3-9] and 9 more digits) or a landline such as 028-85551234';
