// What the API returns for a prospect (潜客): the record with its account and contact.
import { In, type DataSource, type EntityManager } from 'typeorm';
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

/** Views of several prospects with two look-ups (accounts, contacts), in the order given. */
export async function prospectViews(db: DataSource | EntityManager, rows: ProspectEntity[]): Promise<ProspectView[]> {
  if (rows.length === 0) return [];
  // One after the other: inside a transaction both run on the same connection anyway.
  const accounts = await db.getRepository(AccountEntity).findBy({ id: In([...new Set(rows.map((p) => p.accountId))]) });
  const contacts = await db.getRepository(ContactEntity).findBy({ id: In([...new Set(rows.map((p) => p.contactId))]) });
  const account = new Map(accounts.map((a) => [a.id, a]));
  const contact = new Map(contacts.map((c) => [c.id, c]));
  return rows.map((p) => toProspectView(p, account.get(p.accountId)!, contact.get(p.contactId)!));
}
