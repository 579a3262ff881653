// The outbox's background sender: one flushDue pass every config.flushEveryMs, one at a time, until stopped
// (the worker runs one; tests sharing a database limit it to their dealers through OutboxDeps.dealerIds).
import { flushDue, type OutboxDeps } from './outbox';

/** Runs flushDue every config.flushEveryMs until stopped (one pass at a time). */
export function startFlusher(
  o: OutboxDeps,
  onError: (e: unknown) => void = (e) => console.error('notification flush failed:', e),
) {
  let stopped = false;
  let current: Promise<unknown> = Promise.resolve();
  const tick = () => {
    if (stopped) return;
    current = flushDue(o)
      .catch(onError)
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, o.config.flushEveryMs);
      });
  };
  let timer: NodeJS.Timeout = setTimeout(tick, o.config.flushEveryMs);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
