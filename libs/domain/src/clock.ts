// One clock: the API injects a Clock, activities take `now` in their deps; tests pin either.
export abstract class Clock {
  abstract now(): Date;
}

/** The real time. */
export const systemClock: Clock = { now: () => new Date() };
