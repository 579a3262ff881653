// A clock a test can pin: the real time until `pin`, then the pinned instant until `unpin`.
import { Clock } from '@kaflow/domain';

export class PinnableClock extends Clock {
  private pinned: Date | null = null;

  now(): Date {
    return this.pinned ? new Date(this.pinned) : new Date();
  }

  pin(at: Date | string): void {
    this.pinned = new Date(at);
  }

  unpin(): void {
    this.pinned = null;
  }
}
