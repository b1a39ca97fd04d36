/** The client's one backoff: the transport between attempts of a read, Create Shipment before a lookup. */

/**
 * What the client needs of a caller's signal: an AbortSignal, or anything as small that says when the caller
 * has given up (creating an AbortSignal costs microseconds, which a checkout's shared call need not pay).
 */
export interface CallerSignal {
  readonly aborted: boolean;
  readonly reason?: unknown;
  addEventListener(type: "abort", listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: "abort", listener: () => void): void;
}

/** Exponential with jitter: between half and all of `baseMs × 2^(attempt−1)`. */
export function backoffDelay(baseMs: number, attempt: number): number {
  const exp = baseMs * 2 ** (attempt - 1);
  return exp / 2 + Math.random() * (exp / 2);
}

/** Waits, unless the caller gives up first (then at once: the next attempt is refused). */
export function sleep(ms: number, signal?: CallerSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
