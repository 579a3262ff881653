// The notification outbox: one `notification` row per message, channel and recipient. Its key makes
// a retried activity or a restarted worker write and send it once. Task messages wait a short
// debounce per recipient and channel; when more than a few are waiting they go out as one digest.
// Escalations and other urgent messages go at once. A failed send stays pending and is tried again
// with back-off by the flusher; a permanent failure (or too many tries) is kept as failed.
// No message goes out twice: rows are claimed (committed) before the delivery and recorded after it;
// an outcome that PostgreSQL could not take is kept in memory and recorded on a later pass, and rows
// whose sender died mid-send stay claimed (failed, "outcome unknown") instead of going out again
// (tests/faults: postgres-outage, scale-out).
import type { DataSource, EntityManager, UpdateQueryBuilder } from 'typeorm';
import type { MessageLang } from '@kaflow/calendar';
import type { NotifyConfig } from '@kaflow/config';
import { NotificationEntity } from '@kaflow/persistence';
import { buttonCard, cardTaskId, WecomError, type SecretBox, type TaskCard, type WecomClient } from '@kaflow/wecom';
import { digestMessage, type DigestLine } from '../tasks/task-mail';
import { loadDealerChannels, type DealerChannels } from './channel-settings';
import type { Mailer } from './mailer';

export type Channel = 'email' | 'wecom_app' | 'wecom_robot';

export interface OutboxDeps {
  db: DataSource;
  mailer: Mailer;
  wecom: WecomClient;
  box: SecretBox;
  config: NotifyConfig;
  now: () => Date;
  env?: NodeJS.ProcessEnv;
  /** Only these dealers' messages are flushed (tests sharing one database); all when absent. */
  dealerIds?: () => string[];
}

export interface RenderedMessage {
  subject: string;
  text: string;
  markdown: string;
  lang: MessageLang;
  line?: DigestLine;
  /** WeCom application messages of a task decided by a click: sent as a button card instead of markdown. */
  card?: TaskCard;
}

export interface OutboxMessage {
  key: string;
  dealerId: string;
  taskId?: string | null;
  kind: string;
  channel: Channel;
  recipientUserId?: string | null;
  /** e-mail address, WeCom user id or robot role */
  target: string;
  message: RenderedMessage;
  digestible: boolean;
}

const groupLock = (m: EntityManager, channel: string, target: string, dealerId: string) =>
  m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`notify:${dealerId}:${channel}:${target}`]);

/** Writes the message once (by key). Urgent ones are sent now; digestible ones wait for the flusher. */
export async function enqueue(o: OutboxDeps, n: OutboxMessage): Promise<void> {
  const at = o.now();
  await o.db.transaction(async (m) => {
    let sendAfter = at;
    if (n.digestible) {
      await groupLock(m, n.channel, n.target, n.dealerId);
      const [row] = await m.query(
        `SELECT min("sendAfter") AS first FROM notification WHERE "dealerId" = $1 AND channel = $2 AND target = $3
           AND digestible AND "sentAt" IS NULL AND "failedAt" IS NULL`,
        [n.dealerId, n.channel, n.target],
      );
      sendAfter = row?.first ? new Date(row.first) : new Date(at.getTime() + o.config.debounceMs);
    }
    await m
      .createQueryBuilder()
      .insert()
      .into(NotificationEntity)
      .values({
        key: n.key,
        dealerId: n.dealerId,
        taskId: n.taskId ?? null,
        kind: n.kind,
        recipients: [n.target],
        subject: n.message.subject,
        sentAt: null,
        createdAt: at,
        channel: n.channel,
        recipientUserId: n.recipientUserId ?? null,
        target: n.target,
        message: n.message as any,
        digestible: n.digestible,
        sendAfter,
        attempts: 0,
      })
      .orIgnore()
      .execute();
  });
  if (!n.digestible) await sendNow(o, n.key); // also after a retried activity: sendNow skips what was sent
}

/**
 * Sends one pending row now (no-op when it is sent, given up, or another sender holds it); `channels`:
 * the dealer's, when the caller has them loaded already.
 */
export async function sendNow(o: OutboxDeps, key: string, channels?: DealerChannels): Promise<boolean> {
  const send = await o.db.transaction(async (m) => {
    const row = await m
      .getRepository(NotificationEntity)
      .createQueryBuilder('n')
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .where('n.key = :key', { key })
      .getOne();
    if (!row || row.sentAt || row.failedAt) return null;
    const dealer = channels ?? (await loadDealerChannels(m, row.dealerId, o.box, o.env));
    return claim(o, m, [row], row.message as RenderedMessage, dealer);
  });
  return send ? attempt(o, send) : false;
}

/** A delivery decided on and claimed: its rows are marked in PostgreSQL before anything leaves. */
interface Claimed {
  rows: NotificationEntity[];
  msg: RenderedMessage;
  dealer: DealerChannels;
}

// Marks rows as being sent, committed before the delivery: a sender that dies between the delivery and
// recording it leaves them marked (given up, "outcome unknown"), never due again, so no message goes
// out twice. The rows become sent, or pending again after a refused delivery, once it is known.
export const OUTCOME_UNKNOWN =
  'sending: the sender stopped before it could record the outcome; not sent again, to avoid a duplicate';

async function claim(
  o: OutboxDeps,
  m: EntityManager,
  rows: NotificationEntity[],
  msg: RenderedMessage,
  dealer: DealerChannels,
): Promise<Claimed> {
  await m
    .getRepository(NotificationEntity)
    .createQueryBuilder()
    .update()
    .set({ failedAt: o.now(), lastError: OUTCOME_UNKNOWN })
    .where('key IN (:...keys)', { keys: rows.map((r) => r.key) })
    .execute();
  return { rows, msg, dealer };
}

// Outcomes of deliveries that could not be recorded (PostgreSQL away just then): recorded on a later pass.
const unrecorded = new WeakMap<OutboxDeps, Array<() => Promise<unknown>>>();

async function recordLater(o: OutboxDeps): Promise<void> {
  const pending = unrecorded.get(o) ?? [];
  unrecorded.set(o, []);
  for (const [i, record] of pending.entries()) {
    try {
      await record();
    } catch (e) {
      unrecorded.get(o)!.push(...pending.slice(i));
      throw e;
    }
  }
}

/** One delivery of a claimed message (one row, or a digest of several); records it sent or failed. */
async function attempt(o: OutboxDeps, c: Claimed): Promise<boolean> {
  const { rows, msg, dealer } = c;
  const { channel, target } = rows[0];
  const keys = rows.map((r) => r.key);
  const digestKey = rows.length > 1 ? `digest:${rows[0].dealerId}:${channel}:${target}:${keys[0]}` : null;
  const retriesBefore = o.wecom.stats.retries;
  // the outcome's write, kept as a function so that one PostgreSQL could not take is run again later
  const recordAs = (set: Parameters<UpdateQueryBuilder<NotificationEntity>['set']>[0]) => () =>
    o.db
      .getRepository(NotificationEntity)
      .createQueryBuilder()
      .update()
      .set(set)
      .where('key IN (:...keys)', { keys })
      .execute();
  let record: () => Promise<unknown>;
  let sent = false;
  try {
    await deliver(o, dealer, channel as Channel, target!, msg, rows.length === 1 ? rows[0] : null);
    sent = true;
    // Tries the WeCom client repeated inside this send (45009, busy) still count, for the admin's status.
    const retried = o.wecom.stats.retries - retriesBefore;
    const at = o.now();
    record = recordAs({
      sentAt: at,
      digestKey,
      failedAt: null,
      lastError: retried > 0 ? `sent after retry: ${o.wecom.stats.lastRetryReason}`.slice(0, 500) : null,
      ...(retried > 0 ? { attempts: () => `attempts + ${retried}` } : {}),
    });
  } catch (e) {
    const permanent = e instanceof NotDeliverable || (e instanceof WecomError && e.permanent);
    const message = ((e as Error).message ?? String(e)).slice(0, 500);
    const tries = Math.max(...rows.map((r) => r.attempts)) + 1;
    const giveUp = permanent || tries >= o.config.maxAttempts;
    const backoff = Math.min(600_000, 5_000 * 2 ** (tries - 1));
    const at = o.now();
    record = recordAs({
      attempts: () => 'attempts + 1',
      lastError: message,
      failedAt: giveUp ? at : null,
      sendAfter: new Date(at.getTime() + backoff),
    });
  }
  try {
    await record();
  } catch {
    const later = unrecorded.get(o);
    if (later) later.push(record);
    else unrecorded.set(o, [record]);
  }
  return sent;
}

class NotDeliverable extends Error {}

async function deliver(
  o: OutboxDeps,
  dealer: DealerChannels,
  channel: Channel,
  target: string,
  msg: RenderedMessage,
  row: NotificationEntity | null,
): Promise<void> {
  if (channel === 'email') return o.mailer.send({ to: [target], subject: msg.subject, text: msg.text });
  if (channel === 'wecom_app') {
    if (!dealer.app) throw new NotDeliverable('the dealer has no WeCom application configured');
    if (msg.card && row?.taskId)
      return o.wecom.sendAppCard(dealer.app, target, buttonCard(msg.card, cardTaskId(row.taskId, row.key)));
    return o.wecom.sendAppMarkdown(dealer.app, target, msg.markdown);
  }
  const url = dealer.robots.get(target);
  if (!url) throw new NotDeliverable(`no WeCom robot for ${target}`);
  return o.wecom.sendRobotMarkdown(url, msg.markdown);
}

/**
 * Sends what is due: per recipient and channel, the waiting task messages go out one by one, or as
 * one digest when there are more than `digestThreshold`; failed messages are tried again. Returns
 * the number of rows handled.
 */
export async function flushDue(o: OutboxDeps, limit = 100): Promise<number> {
  await recordLater(o);
  const groups: Array<{ dealerId: string; channel: string; target: string }> = await o.db.query(
    `SELECT DISTINCT "dealerId", channel, target FROM notification
      WHERE "sentAt" IS NULL AND "failedAt" IS NULL AND "sendAfter" <= $1 AND ($3::uuid[] IS NULL
        OR "dealerId" = ANY($3)) LIMIT $2`,
    [o.now(), limit, o.dealerIds ? o.dealerIds() : null],
  );
  let handled = 0;
  for (const g of groups) handled += await flushGroup(o, g);
  return handled;
}

async function flushGroup(o: OutboxDeps, g: { dealerId: string; channel: string; target: string }): Promise<number> {
  const { handled, digest, singles, dealer } = await o.db.transaction(async (m) => {
    await groupLock(m, g.channel, g.target, g.dealerId);
    const rows = await m
      .getRepository(NotificationEntity)
      .createQueryBuilder('n')
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .where('n.dealerId = :d AND n.channel = :c AND n.target = :t AND n.sentAt IS NULL AND n.failedAt IS NULL', {
        d: g.dealerId,
        c: g.channel,
        t: g.target,
      })
      .orderBy('n.createdAt')
      .addOrderBy('n.key')
      .getMany();
    const now = o.now().getTime();
    const isDue = (r: NotificationEntity) => !!r.sendAfter && r.sendAfter.getTime() <= now;
    const dealer = await loadDealerChannels(m, g.dealerId, o.box, o.env);
    // The waiting task messages of this recipient travel together once the first one's wait is over.
    const batch = rows.filter((r) => r.digestible);
    const urgent = rows.filter((r) => !r.digestible && isDue(r));
    let digest: Claimed | null = null;
    const singles: string[] = [];
    if (batch.some(isDue)) {
      const lines = batch.map((r) => (r.message as RenderedMessage | null)?.line);
      if (batch.length > o.config.digestThreshold && lines.every(Boolean)) {
        const lang = (batch[0].message as RenderedMessage).lang;
        digest = await claim(o, m, batch, { ...digestMessage(lines as DigestLine[], lang), lang }, dealer);
      } else singles.push(...batch.map((r) => r.key));
    }
    singles.push(...urgent.map((r) => r.key));
    return { handled: (batch.some(isDue) ? batch.length : 0) + urgent.length, digest, singles, dealer };
  });
  if (digest) await attempt(o, digest);
  // One message claimed at a time, just before its delivery: a sender killed mid-send leaves that one
  // message "outcome unknown", not every message it had claimed for later in the pass.
  for (const key of singles) await sendNow(o, key, dealer);
  return handled;
}
