// At most `limit` takes per `windowMs` for each key (a sliding window of the last takes): a caller
// over the limit waits until the oldest take leaves the window. One process; WeCom's 45009 answer
// covers senders in other processes.
export class SlidingWindowLimiter {
  private readonly takes = new Map<string, number[]>();
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {}

  /** Resolves when one more take under `key` keeps it within the limit (callers are served in order). */
  take(key: string): Promise<void> {
    const prev = this.queues.get(key) ?? Promise.resolve();
    const next = prev.then(() => this.takeNow(key));
    this.queues.set(
      key,
      next.catch(() => undefined),
    );
    return next;
  }

  private async takeNow(key: string): Promise<void> {
    for (;;) {
      const t = this.now();
      const recent = (this.takes.get(key) ?? []).filter((x) => x > t - this.windowMs);
      if (recent.length < this.limit) {
        recent.push(t);
        this.takes.set(key, recent);
        return;
      }
      this.takes.set(key, recent);
      await this.sleep(recent[0] + this.windowMs - t);
    }
  }
}
