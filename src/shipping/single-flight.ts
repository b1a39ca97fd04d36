/**
 * Concurrent calls for the same key share one execution: the first caller starts it, the others get the
 * same promise until it settles. Nothing is remembered afterwards (that is the cache's job).
 */
export class SingleFlight<T> {
  private readonly flights = new Map<string, Promise<T>>();

  /** Runs `fn` unless a call for `key` is already running, in which case its promise is shared. */
  run(key: string, fn: () => Promise<T>): Promise<T> {
    const running = this.flights.get(key);
    if (running) return running;
    let flight: Promise<T>;
    try {
      flight = fn();
    } catch (e) {
      // A synchronous throw is reported like a rejection, so every caller sees the same shape.
      flight = Promise.reject(e);
    }
    const tracked = flight.finally(() => {
      if (this.flights.get(key) === tracked) this.flights.delete(key);
    });
    this.flights.set(key, tracked);
    return tracked;
  }

  /** How many distinct calls are running now. */
  get size(): number {
    return this.flights.size;
  }
}
