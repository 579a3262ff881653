// Settings of the notification channels, from the environment, with single-machine defaults.
import { ConfigError } from './index';

export interface NotifyConfig {
  /** Key that seals channel secrets at rest (KAFLOW_SECRET_KEY). */
  secretKey: string;
  /** Base of WeCom's application API (a local listener in the demo and tests). */
  wecomApiBase: string;
  /** Base of WeCom's OAuth authorize page (网页授权), where a page opened in WeCom signs the person in. */
  wecomOAuthBase: string;
  /** How long one person's task messages wait for company before going out (a debounce). */
  debounceMs: number;
  /** More than this many waiting messages for one person on one channel go out as one digest. */
  digestThreshold: number;
  /** How often the worker looks for messages that are due. */
  flushEveryMs: number;
  /** Tries before a message is given up (and counted as failed). */
  maxAttempts: number;
  /** How long one send waits before trying a WeCom robot again that answered 45009 (its minute used up). */
  wecomRateLimitedDelayMs: number;
}

const DEV_KEY = 'kaflow-dev-secret-key-change-me';

export function loadNotifyConfig(env: NodeJS.ProcessEnv = process.env): NotifyConfig {
  const e = (k: string, d: string) => (env[k] === undefined || env[k] === '' ? d : (env[k] as string));
  const ms = (k: string, d: string, max: number) => {
    const n = Number(e(k, d));
    if (!Number.isInteger(n) || n < 0 || n > max)
      throw new ConfigError(`${k} must be a whole number from 0 to ${max}, got "${e(k, d)}"`);
    return n;
  };
  const secretKey = e('KAFLOW_SECRET_KEY', DEV_KEY);
  if (e('NODE_ENV', '') === 'production' && secretKey === DEV_KEY)
    throw new ConfigError('KAFLOW_SECRET_KEY must be set in production');
  return {
    secretKey,
    wecomApiBase: e('WECOM_API_BASE', 'https://qyapi.weixin.qq.com').replace(/\/+$/, ''),
    wecomOAuthBase: e('WECOM_OAUTH_BASE', 'https://open.weixin.qq.com').replace(/\/+$/, ''),
    debounceMs: ms('NOTIFY_DEBOUNCE_MS', '20000', 3_600_000),
    digestThreshold: ms('NOTIFY_DIGEST_THRESHOLD', '3', 1000),
    flushEveryMs: ms('NOTIFY_FLUSH_EVERY_MS', '2000', 600_000),
    maxAttempts: ms('NOTIFY_MAX_ATTEMPTS', '8', 100),
    wecomRateLimitedDelayMs: ms('WECOM_RATE_LIMITED_DELAY_MS', '15000', 60_000),
  };
}
