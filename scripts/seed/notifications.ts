// Demo WeCom set-up: every dealer's group robots (key-account manager, consultants, customer service)
// and the application point at the local WeCom catcher; a few people read WeCom, one in English.
// Written once per dealer (an admin's later changes are kept).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { EntityManager } from 'typeorm';
import { loadNotifyConfig } from '@kaflow/config';
import { DealerNotificationSettingsEntity, UserEntity } from '@kaflow/persistence';
import { SecretBox } from '@kaflow/wecom';

export const DEMO_WECOM_CORP = { corpId: 'kaflow-demo-corp', secret: 'kaflow-demo-secret', agentId: 1000002 };
/** The demo application's callback Token and EncodingAESKey (demo values, in the open on purpose). */
export const DEMO_WECOM_CALLBACK = {
  token: 'kaflowDemoToken',
  encodingAesKey: 'S2FGbG93RGVtb0VuY29kaW5nQUVTS2V5Rm9yV2VDb20',
};

/** Tells the demo's WeCom catcher where the first dealer's callback URL is (it posts card clicks there). */
function writeCallbackFile(dealerId: string, log: (s: string) => void) {
  const file = process.env.WECOM_CALLBACK_FILE;
  if (!file) return;
  const api = (process.env.PUBLIC_URL ?? `http://127.0.0.1:${process.env.PORT ?? '3000'}`).replace(/\/+$/, '');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ url: `${api}/api/wecom/callback/${dealerId}`, ...DEMO_WECOM_CALLBACK }));
  log(`  WeCom: card clicks in the catcher go to this dealer (${file})`);
}

export async function seedNotifications(
  m: EntityManager,
  dealerId: string,
  users: Record<string, UserEntity>,
  dealerCode: string,
  suffix: string,
  log: (s: string) => void,
) {
  const repo = m.getRepository(DealerNotificationSettingsEntity);
  const existing = await repo.findOneBy({ dealerId });
  if (existing) {
    if (suffix === '' && existing.wecom?.app?.callbackToken) writeCallbackFile(dealerId, log);
    return log('  WeCom: set up already, left as is');
  }
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
        callbackToken: box.seal(DEMO_WECOM_CALLBACK.token),
        encodingAesKey: box.seal(DEMO_WECOM_CALLBACK.encodingAesKey),
      },
    },
  });
  const people: Array<[string, Partial<UserEntity>]> = [
    ['ka_manager', { notifyChannels: ['email', 'wecom'] }],
    ['consultant', { notifyChannels: ['email', 'wecom'] }],
    ['cs_agent', { notifyChannels: ['email', 'wecom'], messageLang: 'en' }],
    ['sales_director', { notifyChannels: ['email', 'wecom'] }],
    ['gm', { notifyChannels: ['email', 'wecom'] }],
  ];
  for (const [key, prefs] of people) {
    const u = users[`${key}${suffix}`];
    if (u) await m.getRepository(UserEntity).update({ id: u.id }, { ...prefs, wecomUserId: u.username });
  }
  if (suffix === '') writeCallbackFile(dealerId, log);
  log('  WeCom: robots and the application set up (local catcher)');
}
