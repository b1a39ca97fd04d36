import type { ThrottleGroup } from "./types";

const WINDOW_MS = 60_000;

/**
 * Canada Post's throttling: per API key and group of calls, over a rolling minute. Keeps the times of the
 * accepted calls of each window; a call over the limit is refused and not counted.
 */
export class Throttle {
  private readonly windows = new Map<string, number[]>();

  constructor(private readonly limits: () => Record<ThrottleGroup, number>) {}

  /** True when the call is accepted (and counted); false when the key is over its group's limit. */
  admit(apiKey: string, group: ThrottleGroup, nowMs: number): boolean {
    const key = `${group}\u0000${apiKey}`;
    let times = this.windows.get(key);
    if (!times) this.windows.set(key, (times = []));
    const since = nowMs - WINDOW_MS;
    let expired = 0;
    while (expired < times.length && times[expired]! <= since) expired++;
    if (expired) times.splice(0, expired);
    if (times.length >= this.limits()[group]) return false;
    times.push(nowMs);
    return true;
  }

  reset(): void {
    this.windows.clear();
  }
}
