// A dealer's WeCom application as the API needs it: corp id, agent id and secret (to call WeCom), the callback's
// Token and EncodingAESKey, opened from the sealed settings (or named environment variables), and one WeCom
// client for the API (its access tokens and JS-SDK tickets cached per application).
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { loadNotifyConfig } from '@kaflow/config';
import type { MessageLang } from '@kaflow/calendar';
import { DealerNotificationSettingsEntity } from '@kaflow/persistence';
import { JsapiTickets, SecretBox, WecomClient, type CallbackKeys, type WecomApp } from '@kaflow/wecom';

export interface DealerWecom {
  app: WecomApp | null;
  callback: CallbackKeys | null;
  defaultLang: MessageLang;
}

@Injectable()
export class WecomApps {
  readonly config = loadNotifyConfig();
  private readonly box = new SecretBox(this.config.secretKey);
  /** Few tries: the card's answer and the sign-in wait on it. */
  readonly client = new WecomClient({ apiBase: this.config.wecomApiBase, maxAttempts: 2, timeoutMs: 4000 });
  /** The JS-SDK's tickets, cached per application until they expire. */
  readonly tickets = new JsapiTickets(this.client);

  constructor(private readonly db: DataSource) {}

  private open(sealed: string | null | undefined, envName?: string | null): string | null {
    if (envName) return process.env[envName] || null;
    if (!sealed) return null;
    try {
      return this.box.open(sealed);
    } catch {
      return null;
    }
  }

  async of(dealerId: string): Promise<DealerWecom> {
    const row = await this.db.getRepository(DealerNotificationSettingsEntity).findOneBy({ dealerId });
    const a = row?.wecom?.app;
    const defaultLang: MessageLang = row?.defaultLang === 'en' ? 'en' : 'zh-CN';
    if (!a) return { app: null, callback: null, defaultLang };
    const secret = this.open(a.secret, a.secretEnv);
    const token = this.open(a.callbackToken);
    const encodingAesKey = this.open(a.encodingAesKey);
    return {
      app: secret ? { corpId: a.corpId, agentId: a.agentId, secret } : null,
      callback: token && encodingAesKey ? { token, encodingAesKey, corpId: a.corpId } : null,
      defaultLang,
    };
  }
}
