// What every activity factory takes once: the database, the mailer, links and a clock.
import type { DataSource } from 'typeorm';
import type { NotifyConfig } from '@kaflow/config';
import type { WecomClient } from '@kaflow/wecom';
import type { Mailer } from './notifications/mailer';

export interface ActivityDeps {
  db: DataSource;
  mailer: Mailer;
  /** Base URL put in e-mail links. */
  publicUrl: string;
  now: () => Date;
  /** Notification channels (WeCom, debounce, digests); defaults from the environment. */
  notify?: { config?: Partial<NotifyConfig>; wecom?: WecomClient; env?: NodeJS.ProcessEnv; dealerIds?: () => string[] };
}
