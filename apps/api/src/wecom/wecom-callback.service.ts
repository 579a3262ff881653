// The WeCom callback URL of a dealer's application: the GET check (echostr opened and echoed) and the encrypted
// POST events. The signature is checked before anything is decrypted or parsed; a template card click
// (template_card_event) decides its task through TasksService, the same path and the same rules as the task
// page, once per click (the response code names it; WeCom's re-sends find it handled), and the card is updated
// with the response code to say what happened, in the clicker's language.
import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { cardDecisions, DomainError, ErrorCode } from '@kaflow/domain';
import { TaskEntity, UserEntity } from '@kaflow/persistence';
import type { MessageLang } from '@kaflow/calendar';
import {
  CallbackCryptoError,
  envelopeEncrypt,
  openCallback,
  parseCallbackEvent,
  taskOfCard,
  type CallbackKeys,
  type TemplateCardEvent,
} from '@kaflow/wecom';
import type { AuthUser } from '../common/auth-user';
import { badRequest, forbidden, notFound } from '../common/domain-error';
import { TasksService } from '../tasks/tasks.service';
import { WecomApps, type DealerWecom } from './wecom-apps';
import { cardText, type CardOutcome } from './wecom-texts';
import type { CallbackQueryDto } from './dto/callback-query.dto';

const log = new Logger('WecomCallback');
/** WeCom waits 5 s for an answer; the work runs on after this if it takes longer. */
const ANSWER_WITHIN_MS = 3000;

@Injectable()
export class WecomCallbackService implements OnModuleDestroy {
  /** Clicks being handled (tests and shutdown wait for them). */
  readonly pending = new Set<Promise<unknown>>();

  constructor(
    private readonly db: DataSource,
    private readonly apps: WecomApps,
    private readonly tasks: TasksService,
  ) {}

  /** A click answered but still being decided finishes before the API stops (it holds a database connection). */
  async onModuleDestroy(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  private async keys(dealerId: string): Promise<{ keys: CallbackKeys; dealer: DealerWecom }> {
    const dealer = await this.apps.of(dealerId);
    if (!dealer.callback) throw notFound('WeCom callback of this dealer');
    return { keys: dealer.callback, dealer };
  }

  private open(keys: CallbackKeys, q: CallbackQueryDto, encrypted: string): string {
    try {
      return openCallback(keys, { msgSignature: q.msg_signature, timestamp: q.timestamp, nonce: q.nonce }, encrypted);
    } catch (e) {
      if (e instanceof CallbackCryptoError && e.reason === 'signature')
        throw forbidden('msg_signature does not match: the request is not from WeCom, or the Token is another');
      throw badRequest([{ field: 'Encrypt', problem: 'is not a message sealed for this application' }]);
    }
  }

  /** GET: WeCom checks the URL; the answer is the opened echostr. */
  async verify(dealerId: string, q: CallbackQueryDto): Promise<string> {
    const { keys } = await this.keys(dealerId);
    if (!q.echostr) throw badRequest([{ field: 'echostr', problem: 'is required' }]);
    return this.open(keys, q, q.echostr);
  }

  /** POST: an event. Resolves when it is answered (the work may go on for a moment after). */
  async receive(dealerId: string, q: CallbackQueryDto, body: unknown): Promise<void> {
    const { keys, dealer } = await this.keys(dealerId);
    const encrypted = typeof body === 'string' ? envelopeEncrypt(body) : null;
    if (!encrypted) throw badRequest([{ field: '(body)', problem: 'must be WeCom callback XML with <Encrypt>' }]);
    const xml = this.open(keys, q, encrypted);
    const event = parseCallbackEvent(xml);
    if (!event) throw badRequest([{ field: 'Encrypt', problem: 'does not hold a WeCom event' }]);
    if (event.type !== 'template_card_event') return; // other events: nothing to do
    const card = event.card;
    // Once per click: WeCom re-sends the same event (same response code) when it had no quick answer.
    const taskId = taskOfCard(card.taskId);
    const [first] = await this.db.query(
      `INSERT INTO wecom_card_event ("dealerId", "responseCode", "fromUser", "cardTaskId", "eventKey", "taskId")
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING "responseCode"`,
      [
        dealerId,
        card.responseCode.slice(0, 256),
        card.fromUser.slice(0, 64),
        card.taskId.slice(0, 128),
        card.eventKey.slice(0, 64),
        taskId,
      ],
    );
    if (!first) return;
    const work = this.handle(dealerId, dealer, card, taskId).catch((e) =>
      log.error(`card click ${card.taskId}: ${(e as Error)?.message ?? e}`),
    );
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
    await Promise.race([work, new Promise((r) => setTimeout(r, ANSWER_WITHIN_MS).unref())]);
  }

  private async handle(dealerId: string, dealer: DealerWecom, card: TemplateCardEvent, taskId: string | null) {
    const user = await this.db
      .getRepository(UserEntity)
      .findOneBy({ dealerId, wecomUserId: card.fromUser, active: true });
    const lang: MessageLang =
      user?.messageLang === 'en' ? 'en' : user?.messageLang === 'zh-CN' ? 'zh-CN' : dealer.defaultLang;
    const outcome = await this.decide(dealerId, user, card, taskId);
    await this.db.query(
      `UPDATE wecom_card_event SET outcome = $3, "handledAt" = now() WHERE "dealerId" = $1 AND "responseCode" = $2`,
      [dealerId, card.responseCode.slice(0, 256), outcome.kind],
    );
    if (!dealer.app) return;
    await this.apps.client
      .updateCardButton(dealer.app, card.fromUser, card.responseCode, cardText(outcome, lang))
      .catch((e) => log.warn(`card ${card.taskId}: the update failed (${(e as Error)?.message ?? e})`));
  }

  private async decide(
    dealerId: string,
    user: UserEntity | null,
    card: TemplateCardEvent,
    taskId: string | null,
  ): Promise<CardOutcome> {
    if (!user) return { kind: 'not_linked' };
    const task = taskId ? await this.db.getRepository(TaskEntity).findOneBy({ id: taskId, dealerId }) : null;
    if (!task) return { kind: 'gone' };
    if (task.status === 'done') return { kind: 'already', by: await this.nameOf(dealerId, task.decidedBy) };
    if (!cardDecisions(task.kind, task.payload).includes(card.eventKey)) return { kind: 'open_page' };
    const who: AuthUser = {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      roles: user.roles as AuthUser['roles'],
      dealerId,
    };
    try {
      await this.tasks.complete(who, task.id, { decision: card.eventKey }, 'wecom');
      return { kind: 'decided', decision: card.eventKey, by: user.displayName };
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      if (e.code === ErrorCode.Forbidden) return { kind: 'not_allowed' };
      if (e.code === ErrorCode.Conflict || e.code === ErrorCode.NotFound) {
        const now = await this.db.getRepository(TaskEntity).findOneBy({ id: task.id, dealerId });
        return { kind: 'already', by: await this.nameOf(dealerId, now?.decidedBy ?? null) };
      }
      if (e.code === ErrorCode.BadRequest || e.code === ErrorCode.Unprocessable) return { kind: 'open_page' };
      return { kind: 'busy' };
    }
  }

  private async nameOf(dealerId: string, userId: string | null): Promise<string | null> {
    if (!userId) return null;
    const u = await this.db.getRepository(UserEntity).findOneBy({ id: userId, dealerId });
    return u?.displayName ?? null;
  }
}
