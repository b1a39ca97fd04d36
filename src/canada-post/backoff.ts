/** The client's one backoff: the transport between attempts of a read, Create Shipment before a lookup. */

/** Exponential with jitter: between half and all of `baseMs × 2^(attempt−1)`. */
export function backoffDelay(baseMs: number, attempt: number): number {
  const exp = baseMs * 2 ** (attempt - 1);
  return exp / 2 + Math.random() * (exp / 2);
}

/** Waits, unless the caller gives up first (then at once: the next attempt is refused). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
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
