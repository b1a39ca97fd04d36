/**
 * The simulator's time: real time plus an offset that tests and demos move forward (tracking progress,
 * link expiry) through /__simulator/clock.
 */
export class SimClock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Moves simulated time forward (never backward). */
  advance(ms: number): Date {
    if (!(ms >= 0)) throw new Error("the clock only moves forward: give a positive number of milliseconds");
    this.offsetMs += ms;
    return this.now();
  }

  reset(): void {
    this.offsetMs = 0;
  }
}
