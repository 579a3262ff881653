// Who hears about something and on which channels: each person's choice (or the dealer's default),
// their language, their WeCom user id, and the dealer's WeCom robots and application (secrets
// opened here, from the sealed store or the environment).
import type { DataSource, EntityManager } from 'typeorm';
import type { MessageLang } from '@kaflow/calendar';
import { DealerNotificationSettingsEntity, UserEntity, type StoredWecomSettings } from '@kaflow/persistence';
import type { SecretBox, WecomApp } from '@kaflow/wecom';

export type PersonChannel = 'email' | 'wecom';
export const MESSAGE_LANGS: readonly MessageLang[] = ['zh-CN', 'en'];

export interface DealerChannels {
  defaultChannels: PersonChannel[];
  defaultLang: MessageLang;
  /** role → webhook URL (opened) */
  robots: Map<string, string>;
  app: WecomApp | null;
}

export interface Recipient {
  userId: string;
  email: string;
  roles: string[];
  lang: MessageLang;
  /** E-mail and/or WeCom; WeCom only when the dealer has an application and the person a WeCom user id. */
  byEmail: boolean;
  wecomUserId: string | null;
}

const asLang = (v: string | null | undefined, d: MessageLang): MessageLang =>
  MESSAGE_LANGS.includes(v as MessageLang) ? (v as MessageLang) : d;

/** Opens a stored secret: sealed in the row, or named by an environment variable. Null when neither works. */
export function openSecret(
  box: SecretBox,
  sealed: string | null | undefined,
  envName: string | null | undefined,
  env: NodeJS.ProcessEnv,
): string | null {
  if (envName) return env[envName] || null;
  if (!sealed) return null;
  try {
    return box.open(sealed);
  } catch {
    return null;
  }
}

export async function loadDealerChannels(
  db: DataSource | EntityManager,
  dealerId: string,
  box: SecretBox,
  env: NodeJS.ProcessEnv = process.env,
): Promise<DealerChannels> {
  const row = await db.getRepository(DealerNotificationSettingsEntity).findOneBy({ dealerId });
  const w: StoredWecomSettings = row?.wecom ?? {};
  const robots = new Map<string, string>();
  for (const r of w.robots ?? []) {
    const url = openSecret(box, r.webhookUrl, r.webhookUrlEnv, env);
    if (url) robots.set(r.role, url);
  }
  const secret = w.app ? openSecret(box, w.app.secret, w.app.secretEnv, env) : null;
  return {
    defaultChannels: (row?.defaultChannels as PersonChannel[] | undefined) ?? ['email'],
    defaultLang: asLang(row?.defaultLang, 'zh-CN'),
    robots,
    app: w.app && secret ? { corpId: w.app.corpId, agentId: w.app.agentId, secret } : null,
  };
}

/** The active users a task (or a role) goes to, with how each wants to hear. */
export async function recipientsOf(
  db: DataSource | EntityManager,
  dealerId: string,
  who: { userId: string | null; role: string | null },
  dealer: DealerChannels,
): Promise<Recipient[]> {
  const q = db
    .getRepository(UserEntity)
    .createQueryBuilder('u')
    .where('u.dealerId = :dealerId AND u.active', { dealerId });
  if (who.userId) q.andWhere('u.id = :id', { id: who.userId });
  else q.andWhere(':role = ANY(u.roles)', { role: who.role });
  const users = await q.orderBy('u.username').getMany();
  return users.map((u) => {
    const chosen = (u.notifyChannels?.length ? u.notifyChannels : dealer.defaultChannels) as PersonChannel[];
    const wecom = chosen.includes('wecom') && !!dealer.app && !!u.wecomUserId;
    return {
      userId: u.id,
      email: u.email,
      roles: u.roles,
      lang: asLang(u.messageLang, dealer.defaultLang),
      // Someone who chose WeCom alone but cannot be reached there still gets the e-mail.
      byEmail: chosen.includes('email') || !wecom,
      wecomUserId: wecom ? u.wecomUserId : null,
    };
  });
}
