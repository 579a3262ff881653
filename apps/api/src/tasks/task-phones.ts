// PIPL (最小必要) on tasks: a task about a prospect may carry the customer's phone — a callback task's payload holds
// the number customer service calls (`contactPhone`), and a wrong record's corrections (`{ field: 'contactPhone',
// value }`) travel in the callback's decision data, the rectification's payload and the verification call's
// payload. Every answer that holds tasks (the inbox, one task, a decision's answer, a reassignment) passes them
// through here: each phone as the reader may see it, by the same rule as the prospect pages (phoneAccess on the
// prospect's owner and its recent callbacks), masked 138****1234 otherwise. The task rows keep the numbers.
import type { DataSource } from 'typeorm';
import type { TaskView } from '@kaflow/workflows';
import { phoneMasker, type ProspectViewer } from '../common/prospect.view';

type Json = Record<string, unknown>;
type Mask = (phone: string) => string;

/** Fields of a prospect that hold a phone number (a correction names the field it corrects). */
const PHONE_FIELDS = new Set(['contactPhone', 'phone']);

const isCorrection = (c: unknown): c is { field: string; value: unknown } =>
  !!c && typeof c === 'object' && typeof (c as Json).field === 'string';

/** The corrections with their phone values masked; the same array when there is nothing to mask. */
function maskCorrections(list: unknown, mask: Mask): unknown {
  if (!Array.isArray(list)) return list;
  let changed = false;
  const out = list.map((c) => {
    if (!isCorrection(c) || !PHONE_FIELDS.has(c.field) || typeof c.value !== 'string') return c;
    changed = true;
    return { ...c, value: mask(c.value) };
  });
  return changed ? out : list;
}

/** A payload or decision data with its phones masked (a copy; the input is not changed). */
function maskJson(o: Json | null | undefined, mask: Mask): Json | null | undefined {
  if (!o || typeof o !== 'object') return o;
  const next: Json = { ...o };
  for (const k of PHONE_FIELDS) if (typeof next[k] === 'string') next[k] = mask(next[k] as string);
  if ('corrections' in next) next.corrections = maskCorrections(next.corrections, mask);
  return next;
}

/** Whether a task may hold a customer's phone at all (only tasks about a prospect do). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const aboutProspect = (t: TaskView) => t.subject?.type === 'prospect' && UUID.test(t.subject.id);

/** The tasks as `viewer` may see them: the phones in their payloads and decision data in full or masked. */
export async function tasksForViewer<T extends TaskView>(
  db: DataSource,
  viewer: ProspectViewer,
  dealerId: string,
  tasks: T[],
): Promise<T[]> {
  const ids = [...new Set(tasks.filter(aboutProspect).map((t) => t.subject.id))];
  if (ids.length === 0) return tasks;
  const owners = new Map<string, string>(
    (
      (await db.query(`SELECT id, "ownerId" FROM prospect WHERE "dealerId" = $1 AND id = ANY($2::uuid[])`, [
        dealerId,
        ids,
      ])) as Array<{ id: string; ownerId: string }>
    ).map((r) => [r.id, r.ownerId]),
  );
  const phoneOf = await phoneMasker(db, viewer, dealerId, ids);
  return tasks.map((t) => {
    if (!aboutProspect(t)) return t;
    const prospectId = t.subject.id;
    const mask: Mask = (phone) => phoneOf(prospectId, owners.get(prospectId) ?? null, phone);
    return { ...t, payload: maskJson(t.payload, mask) ?? t.payload, data: maskJson(t.data, mask) };
  });
}
