// A dealer's notification channels (admin) and each person's preferences. Secrets are sealed before
// they are stored and never leave the API; the status counts what was sent, waits, retried, failed.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { loadNotifyConfig } from '@kaflow/config';
import type { FieldProblem } from '@kaflow/domain';
import {
  AuditLogEntity,
  DealerNotificationSettingsEntity,
  UserEntity,
  type StoredWecomSettings,
} from '@kaflow/persistence';
import { SecretBox } from '@kaflow/wecom';
import type { AuthUser } from '../common/auth-user';
import { badRequest, conflict, notFound } from '../common/domain-error';
import { checkPreferences, checkSettings } from './dto/notification-settings.dto';

@Injectable()
export class NotificationSettingsService {
  private readonly box = new SecretBox(loadNotifyConfig().secretKey);

  constructor(private readonly db: DataSource) {}

  private async stored(dealerId: string) {
    return (
      (await this.db.getRepository(DealerNotificationSettingsEntity).findOneBy({ dealerId })) ?? {
        dealerId,
        defaultChannels: ['email'],
        defaultLang: 'zh-CN',
        wecom: {} as StoredWecomSettings,
        updatedAt: null,
        updatedBy: null,
      }
    );
  }

  async get(dealerId: string) {
    const s = await this.stored(dealerId);
    const w = s.wecom ?? {};
    return {
      defaults: { channels: s.defaultChannels, lang: s.defaultLang },
      wecom: {
        robots: (w.robots ?? []).map((r) => ({
          role: r.role,
          webhookUrlSet: !!(r.webhookUrl || r.webhookUrlEnv),
          ...(r.webhookUrlEnv ? { webhookUrlEnv: r.webhookUrlEnv } : {}),
        })),
        app: w.app
          ? {
              corpId: w.app.corpId,
              agentId: w.app.agentId,
              secretSet: !!(w.app.secret || w.app.secretEnv),
              ...(w.app.secretEnv ? { secretEnv: w.app.secretEnv } : {}),
              callbackSet: !!(w.app.callbackToken && w.app.encodingAesKey),
              callbackPath: `/api/wecom/callback/${dealerId}`,
            }
          : null,
      },
      status: await this.status(dealerId),
      updatedAt: s.updatedAt,
    };
  }

  private async status(dealerId: string) {
    const rows: Array<Record<string, string>> = await this.db.query(
      `SELECT channel,
              count(*) FILTER (WHERE "sentAt" IS NOT NULL) AS sent,
              count(*) FILTER (WHERE "sentAt" IS NOT NULL AND attempts > 0) AS "sentAfterRetry",
              count(*) FILTER (WHERE "sentAt" IS NULL AND "failedAt" IS NULL AND attempts = 0) AS waiting,
              count(*) FILTER (WHERE "sentAt" IS NULL AND "failedAt" IS NULL AND attempts > 0) AS retrying,
              count(*) FILTER (WHERE "failedAt" IS NOT NULL) AS failed,
              coalesce(sum(attempts), 0) AS "failedTries"
         FROM notification WHERE "dealerId" = $1 GROUP BY channel ORDER BY channel`,
      [dealerId],
    );
    const recent: Array<Record<string, any>> = await this.db.query(
      `SELECT channel, kind, target, "lastError" AS error, attempts, "failedAt" IS NOT NULL AS "gaveUp",
              "sentAt" IS NOT NULL AS sent, "createdAt" AS at
         FROM notification WHERE "dealerId" = $1 AND "lastError" IS NOT NULL ORDER BY "createdAt" DESC LIMIT 10`,
      [dealerId],
    );
    const channels: Record<string, Record<string, number>> = {};
    for (const r of rows) {
      const { channel, ...counts } = r;
      channels[channel] = Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, Number(v)]));
    }
    return { channels, recentProblems: recent };
  }

  async put(user: AuthUser, body: unknown) {
    const { value, problems } = checkSettings(body);
    const current = await this.stored(user.dealerId);
    const old = current.wecom ?? {};
    const next: StoredWecomSettings = { ...old };
    if (value.wecom?.robots !== undefined) {
      next.robots = value.wecom.robots.map((r, i) => {
        const before = (old.robots ?? []).find((o) => o.role === r.role);
        if (r.webhookUrl) return { role: r.role, webhookUrl: this.box.seal(r.webhookUrl), webhookUrlEnv: null };
        if (r.webhookUrlEnv) return { role: r.role, webhookUrl: null, webhookUrlEnv: r.webhookUrlEnv };
        if (!before) problems.push({ field: `wecom.robots[${i}].webhookUrl`, problem: 'is needed for a new robot' });
        return { role: r.role, webhookUrl: before?.webhookUrl ?? null, webhookUrlEnv: before?.webhookUrlEnv ?? null };
      });
    }
    if (value.wecom?.app === null) next.app = null;
    else if (value.wecom?.app) {
      const a = value.wecom.app;
      const keep = old.app && old.app.corpId === a.corpId ? old.app : null;
      if (!a.secret && !a.secretEnv && !keep)
        problems.push({ field: 'wecom.app.secret', problem: 'is needed for a new application' });
      next.app = {
        corpId: a.corpId,
        agentId: a.agentId,
        secret: a.secret ? this.box.seal(a.secret) : a.secretEnv ? null : (keep?.secret ?? null),
        secretEnv: a.secretEnv ?? (a.secret ? null : (keep?.secretEnv ?? null)),
        callbackToken: a.callbackToken ? this.box.seal(a.callbackToken) : (keep?.callbackToken ?? null),
        encodingAesKey: a.encodingAesKey ? this.box.seal(a.encodingAesKey) : (keep?.encodingAesKey ?? null),
      };
    }
    if (problems.length) throw badRequest(problems as FieldProblem[], 'the notification settings were not changed');
    await this.db.transaction(async (m) => {
      await m.getRepository(DealerNotificationSettingsEntity).save({
        dealerId: user.dealerId,
        wecom: next,
        defaultChannels: value.defaults?.channels ?? current.defaultChannels,
        defaultLang: value.defaults?.lang ?? current.defaultLang,
        updatedAt: new Date(),
        updatedBy: user.id,
      });
      // Never the secrets: which roles have robots, and which application.
      const app = next.app ? { corpId: next.app.corpId, agentId: next.app.agentId } : null;
      await m.getRepository(AuditLogEntity).insert({
        dealerId: user.dealerId,
        actorUserId: user.id,
        action: 'notifications.updated',
        entityType: 'dealer_notification_settings',
        entityId: user.dealerId,
        detail: { defaults: value.defaults ?? null, robots: next.robots?.map((r) => r.role) ?? null, app } as Record<
          string,
          any
        >,
      });
    });
    return this.get(user.dealerId);
  }

  async preferences(user: AuthUser) {
    const u = await this.db.getRepository(UserEntity).findOneBy({ id: user.id, dealerId: user.dealerId });
    if (!u) throw notFound('user');
    const s = await this.stored(user.dealerId);
    return {
      notifyChannels: u.notifyChannels,
      messageLang: u.messageLang,
      wecomUserId: u.wecomUserId,
      effective: {
        channels: u.notifyChannels?.length ? u.notifyChannels : s.defaultChannels,
        lang: u.messageLang ?? s.defaultLang,
      },
    };
  }

  async patchPreferences(user: AuthUser, body: unknown) {
    const { value, problems } = checkPreferences(body);
    if (problems.length) throw badRequest(problems, 'your preferences were not changed');
    const patch: Partial<UserEntity> = {};
    if (value.notifyChannels !== undefined) patch.notifyChannels = value.notifyChannels;
    if (value.messageLang !== undefined) patch.messageLang = value.messageLang;
    if (value.wecomUserId !== undefined) {
      // one WeCom id names one person of the dealer (sign-in and card clicks find them by it)
      const other = value.wecomUserId
        ? await this.db.getRepository(UserEntity).findOneBy({ dealerId: user.dealerId, wecomUserId: value.wecomUserId })
        : null;
      if (other && other.id !== user.id)
        throw conflict('this WeCom user id is linked to another person; ask your admin');
      patch.wecomUserId = value.wecomUserId;
    }
    if (Object.keys(patch).length)
      await this.db.getRepository(UserEntity).update({ id: user.id, dealerId: user.dealerId }, patch);
    return this.preferences(user);
  }
}
