// Demo WeCom set-up: every dealer's group robots (key-account manager, consultants, customer service)
// and the application point at the local WeCom catcher; a few people read WeCom, one in English.
// Written once per dealer (an admin's later changes are kept).
import type { EntityManager } from 'typeorm';
import { loadNotifyConfig } from '@kaflow/config';
import { DealerNotificationSettingsEntity, UserEntity } from '@kaflow/persistence';
import { SecretBox } from '@kaflow/wecom';

export const DEMO_WECOM_CORP = { corpId: 'kaflow-demo-corp', secret: 'kaflow-demo-secret', agentId: 1000002 };

export async function seedNotifications(
  m: EntityManager,
  dealerId: string,
  users: Record<string, UserEntity>,
  dealerCode: string,
  suffix: string,
  log: (s: string) => void,
) {
  const repo = m.getRepository(DealerNotificationSettingsEntity);
  if (await repo.findOneBy({ dealerId })) return log('  WeCom: set up already, left as is');
  const base = `http://127.0.0.1:${process.env.WECOM_PORT ?? '1090'}`;
  const box = new SecretBox(loadNotifyConfig().secretKey);
  const robot = (role: string) => ({
    role,
    webhookUrl: box.seal(`${base}/cgi-bin/webhook/send?key=${dealerCode}-${role}`),
    webhookUrlEnv: null,
  });
  await repo.save({
    dealerId,
    defaultChannels: ['email'],
    defaultLang: 'zh-CN',
    updatedAt: new Date(),
    updatedBy: null,
    wecom: {
      robots: ['ka_manager', 'consultant', 'cs_agent', 'cs_manager'].map(robot),
      app: {
        corpId: DEMO_WECOM_CORP.corpId,
        agentId: DEMO_WECOM_CORP.agentId,
        secret: box.seal(DEMO_WECOM_CORP.secret),
        secretEnv: null,
      },
    },
  });
  const people: Array<[string, Partial<UserEntity>]> = [
    ['ka_manager', { notifyChannels: ['email', 'wecom'] }],
    ['consultant', { notifyChannels: ['email', 'wecom'] }],
    ['cs_agent', { notifyChannels: ['email', 'wecom'], messageLang: 'en' }],
  ];
  for (const [key, prefs] of people) {
    const u = users[`${key}${suffix}`];
    if (u) await m.getRepository(UserEntity).update({ id: u.id }, { ...prefs, wecomUserId: u.username });
  }
  log('  WeCom: robots and the application set up (local catcher)');
}
