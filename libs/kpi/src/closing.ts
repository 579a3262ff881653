// Closing rates over a look-back window, as the lead plan reads them (docs/user-guide.md "Planning arithmetic"). Pure.
import { ratio, type Ratio } from './index';

export interface ClosingCounts {
  /** Orders placed in the window (not cancelled). */
  orders: number;
  /** Prospects that were H or A at some point in the window. */
  haInWindow: number;
  /** Prospects graded B or C at the window start, and those of them that reached H, A or O in it. */
  bcStart: number;
  bcUp: number;
}

/** H/A closing rate = orders ÷ H/A prospects of the window; B/C→H/A rate = B/C that rose ÷ B/C at the start. */
export function closingRates(c: ClosingCounts): { haCloseRate: Ratio; bcToHaRate: Ratio } {
  return { haCloseRate: ratio(c.orders, c.haInWindow), bcToHaRate: ratio(c.bcUp, c.bcStart) };
}
