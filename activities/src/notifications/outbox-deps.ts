// The outbox's dependencies from the activities' deps: configuration from the environment (with
// what the caller overrides), one WeCom client and one secret box per deps object.
import { loadNotifyConfig } from '@kaflow/config';
import { SecretBox, WecomClient } from '@kaflow/wecom';
import type { ActivityDeps } from '../deps';
import type { OutboxDeps } from './outbox';

const built = new WeakMap<ActivityDeps, OutboxDeps & { publicUrl: string }>();

export function outboxDeps(deps: ActivityDeps): OutboxDeps & { publicUrl: string } {
  let o = built.get(deps);
  if (!o) {
    const env = deps.notify?.env ?? process.env;
    const config = { ...loadNotifyConfig(env), ...deps.notify?.config };
    // Bounded tries inside one send (an activity has a minute); the outbox tries again later.
    const wecom =
      deps.notify?.wecom ??
      new WecomClient({
        apiBase: config.wecomApiBase,
        maxAttempts: 3,
        maxDelayMs: 5_000,
        rateLimitedDelayMs: config.wecomRateLimitedDelayMs,
      });
    o = {
      db: deps.db,
      mailer: deps.mailer,
      wecom,
      box: new SecretBox(config.secretKey),
      config,
      // Debounce and back-off run on the wall clock, not on a pinned business clock.
      now: () => new Date(),
      env,
      publicUrl: deps.publicUrl,
      dealerIds: deps.notify?.dealerIds,
    };
    built.set(deps, o);
  }
  return o;
}
