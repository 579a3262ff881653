// What the API returns for a prospect (潜客): the record with its account and contact, the contact's phone as the
// viewer may see it (PIPL: phoneAccess in @kaflow/domain; masked 138****1234 otherwise).
import { In, type DataSource, type EntityManager } from 'typeorm';
import {
  CALLBACK_PHONE_DAYS,
  CALLBACK_PHONE_ROLES,
  FULL_PHONE_ROLES,
  phoneFor,
  type PhoneViewer,
} from '@kaflow/domain';
import { AccountEntity, ContactEntity, type ProspectEntity } from '@kaflow/persistence';

export interface ProspectView {
  id: string;
  account: { id: string; name: string; customerType: string };
  contact: { id: string; name: string; phone: string };
  model: string;
  quantity: number;
  grade: string;
  hot: boolean;
  channel: string;
  developmentType: string;
  ownerId: string;
  note: string | null;
  sourceVisitId: string | null;
  sourceEventId: string | null;
  nextFollowUpDue: Date | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export function toProspectView(p: ProspectEntity, a: AccountEntity, c: ContactEntity): ProspectView {
  return {
    id: p.id,
    account: { id: a.id, name: a.name, customerType: a.customerType },
    contact: { id: c.id, name: c.name, phone: c.phone },
    model: p.model,
    quantity: p.quantity,
    grade: p.grade,
    hot: p.hot,
    channel: p.channel,
    developmentType: p.developmentType,
    ownerId: p.ownerId,
    note: p.note,
    sourceVisitId: p.sourceVisitId,
    sourceEventId: p.sourceEventId,
    nextFollowUpDue: p.nextFollowUpDue,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    version: p.version,
  };
}

/** Who reads the views, and when (for "recent" callbacks). */
export interface ProspectViewer extends PhoneViewer {
  now: Date;
}

/** The prospects among `ids` that have a callback task open, or closed within CALLBACK_PHONE_DAYS days of `now`. */
export async function prospectsOnRecentCallbacks(
  db: DataSource | EntityManager,
  dealerId: string,
  ids: string[],
  now: Date,
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows: Array<{ id: string }> = await db.query(
    `SELECT DISTINCT "subjectId" AS id FROM task
      WHERE "dealerId" = $1 AND kind = 'callback' AND "subjectType" = 'prospect' AND "subjectId" = ANY($2)
        AND (status = 'open' OR "decidedAt" >= $3::timestamptz - make_interval(days => $4))`,
    [dealerId, ids, now.toISOString(), CALLBACK_PHONE_DAYS],
  );
  return new Set(rows.map((r) => r.id));
}

/** A function giving a prospect's phone as `viewer` may see it, for the prospects named (one look-up of callbacks,
 *  for customer service only). */
export async function phoneMasker(
  db: DataSource | EntityManager,
  viewer: ProspectViewer,
  dealerId: string,
  prospectIds: string[],
): Promise<<T extends string | null>(prospectId: string | null, ownerId: string | null, phone: T) => T> {
  if (viewer.roles.some((r) => (FULL_PHONE_ROLES as readonly string[]).includes(r))) return (_, __, phone) => phone;
  const cs = viewer.roles.some((r) => (CALLBACK_PHONE_ROLES as readonly string[]).includes(r));
  const callbacks = cs ? await prospectsOnRecentCallbacks(db, dealerId, prospectIds, viewer.now) : new Set<string>();
  return (prospectId, ownerId, phone) =>
    phoneFor(viewer, { ownerId, callback: prospectId !== null && callbacks.has(prospectId) }, phone);
}

/** The views with each contact's phone as `viewer` may see it. */
export async function maskedForViewer(
  db: DataSource | EntityManager,
  viewer: ProspectViewer,
  dealerId: string,
  views: ProspectView[],
): Promise<ProspectView[]> {
  if (views.length === 0) return views;
  const mask = await phoneMasker(
    db,
    viewer,
    dealerId,
    views.map((v) => v.id),
  );
  return views.map((v) => {
    const phone = mask(v.id, v.ownerId, v.contact.phone);
    return phone === v.contact.phone ? v : { ...v, contact: { ...v.contact, phone } };
  });
}

/** Views of several prospects with two look-ups (accounts, contacts), in the order given; with a viewer, the
 *  contacts' phones as that viewer may see them. */
export async function prospectViews(
  db: DataSource | EntityManager,
  rows: ProspectEntity[],
  viewer?: ProspectViewer,
): Promise<ProspectView[]> {
  if (rows.length === 0) return [];
  // One after the other: inside a transaction both run on the same connection anyway.
  const accounts = await db.getRepository(AccountEntity).findBy({ id: In([...new Set(rows.map((p) => p.accountId))]) });
  const contacts = await db.getRepository(ContactEntity).findBy({ id: In([...new Set(rows.map((p) => p.contactId))]) });
  const account = new Map(accounts.map((a) => [a.id, a]));
  const contact = new Map(contacts.map((c) => [c.id, c]));
  const views = rows.map((p) => toProspectView(p, account.get(p.accountId)!, contact.get(p.contactId)!));
  return viewer ? maskedForViewer(db, viewer, rows[0].dealerId, views) : views;
}
