// Who sees a customer's phone number in full (PIPL's 最小必要: each role what its work needs). Pure.
//   - the dealer's managers (ka_manager, sales_director, gm): every prospect of the dealer;
//   - a consultant: their own prospects;
//   - customer service (cs_manager, cs_agent): the prospects of its open callback tasks and of those closed within
//     CALLBACK_PHONE_DAYS days;
//   - everyone else (training_manager, marketing_director, admin, region roles…): masked, 138****1234.

/** Roles that see the phone of every prospect of their dealer. */
export const FULL_PHONE_ROLES = ['ka_manager', 'sales_director', 'gm'] as const;
/** Customer service: phones in full on the prospects of its open or recent callback tasks. */
export const CALLBACK_PHONE_ROLES = ['cs_manager', 'cs_agent'] as const;
/** How long after a callback task is closed customer service still sees that prospect's phone (days). */
export const CALLBACK_PHONE_DAYS = 30;

export type PhoneAccess = 'full' | 'masked';

export interface PhoneViewer {
  userId: string;
  roles: readonly string[];
}

export interface PhoneSubject {
  /** the prospect's consultant (null: not a prospect's contact, e.g. an event's lead) */
  ownerId: string | null;
  /** the prospect has a callback task that is open, or was closed within CALLBACK_PHONE_DAYS days */
  callback: boolean;
}

const has = (viewer: PhoneViewer, roles: readonly string[]) => viewer.roles.some((r) => roles.includes(r));

/** Whether this viewer sees this subject's phone in full. */
export function phoneAccess(viewer: PhoneViewer, subject: PhoneSubject): PhoneAccess {
  if (has(viewer, FULL_PHONE_ROLES)) return 'full';
  if (viewer.roles.includes('consultant') && subject.ownerId !== null && subject.ownerId === viewer.userId)
    return 'full';
  if (has(viewer, CALLBACK_PHONE_ROLES) && subject.callback) return 'full';
  return 'masked';
}

/** Whether a role can ever see a phone in full (then it needs a per-record decision); false: always masked. */
export const mayEverSeePhones = (viewer: PhoneViewer): boolean =>
  has(viewer, FULL_PHONE_ROLES) || has(viewer, CALLBACK_PHONE_ROLES) || viewer.roles.includes('consultant');

/**
 * A phone number with its middle hidden: the first 3 and the last 4 characters stay, the rest become 4 stars
 * (13800138000 → 138****8000, 028-85551234 → 028****1234). Spaces are dropped first. Numbers too short to keep
 * 7 characters keep only their last 2 (12345 → ***45); 4 characters or fewer become ****. Null and '' stay.
 */
export function maskPhone<T extends string | null | undefined>(phone: T): T {
  if (phone === null || phone === undefined || phone === '') return phone;
  const s = (phone as string).replace(/\s+/g, '');
  if (s.length <= 4) return '****' as T;
  if (s.length < 9) return `${'*'.repeat(s.length - 2)}${s.slice(-2)}` as T;
  return `${s.slice(0, 3)}****${s.slice(-4)}` as T;
}

/** The phone as this viewer may see it. */
export const phoneFor = <T extends string | null | undefined>(
  viewer: PhoneViewer,
  subject: PhoneSubject,
  phone: T,
): T => (phoneAccess(viewer, subject) === 'full' ? phone : maskPhone(phone));
