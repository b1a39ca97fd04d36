import type { CallerSignal } from "../canada-post";

/**
 * The signal of a Get Rates call that checkouts share, aborted when the last one waiting gives up. Made for
 * every call a checkout starts; an AbortController's signal costs Node about 4 µs to create, this a few
 * nanoseconds, and the client takes either.
 */
export class FlightSignal implements CallerSignal {
  aborted = false;
  reason: unknown = undefined;
  private listeners: (() => void)[] | undefined;

  addEventListener(_type: "abort", listener: () => void): void {
    (this.listeners ??= []).push(listener);
  }

  removeEventListener(_type: "abort", listener: () => void): void {
    const i = this.listeners?.indexOf(listener) ?? -1;
    if (i >= 0) this.listeners!.splice(i, 1);
  }

  /** Aborts once: later calls change nothing, and each listener is told once. */
  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const listeners = this.listeners ?? [];
    this.listeners = undefined;
    for (const listener of listeners) listener();
  }
}
