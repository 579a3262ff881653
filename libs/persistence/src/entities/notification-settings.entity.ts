// A dealer's notification channels: the defaults for its people and its WeCom set-up. Secrets in
// `wecom` are sealed (SecretBox) or named by an environment variable; the API never returns them.
import { Column, Entity } from 'typeorm';

export interface StoredWecomSettings {
  robots?: Array<{ role: string; webhookUrl?: string | null; webhookUrlEnv?: string | null }>;
  app?: {
    corpId: string;
    agentId: number;
    secret?: string | null;
    secretEnv?: string | null;
    /** The callback URL's Token and EncodingAESKey, sealed. */
    callbackToken?: string | null;
    encodingAesKey?: string | null;
  } | null;
}

@Entity('dealer_notification_settings')
export class DealerNotificationSettingsEntity {
  @Column('uuid', { primary: true }) dealerId: string;
  @Column('text', { array: true, default: '{email}' }) defaultChannels: string[];
  @Column({ type: 'text', default: 'zh-CN' }) defaultLang: string;
  @Column('jsonb', { default: {} }) wecom: StoredWecomSettings;
  @Column({ type: 'timestamptz' }) updatedAt: Date;
  @Column('uuid', { nullable: true }) updatedBy: string | null;
}
