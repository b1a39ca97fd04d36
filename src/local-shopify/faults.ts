/**
 * Trouble on demand for the app's retry logic: the next N calls to the Admin API (or to the OAuth token
 * endpoint) answered THROTTLED, with an HTTP status (429 with Retry-After, 5xx), or late.
 */

export type FaultTarget = "admin-api" | "access-token";

export interface Fault {
  id: number;
  target: FaultTarget;
  /** "throttled": Shopify's THROTTLED error (HTTP 200); "status": an HTTP error; "delay": answer late. */
  kind: "throttled" | "status" | "delay";
  status?: number;
  body?: string;
  retryAfter?: string;
  delayMs?: number;
  /** Only for this shop's domain (any when omitted). */
  shop?: string;
  /** Calls left to affect. */
  remaining: number;
  fired: number;
}

export class FaultInputError extends Error {}

const DEFAULT_BODIES: Record<number, string> = {
  429: JSON.stringify({
    errors:
      "Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.",
  }),
  500: JSON.stringify({ errors: "Internal Server Error" }),
  502: JSON.stringify({ errors: "Bad Gateway" }),
  503: JSON.stringify({ errors: "Service Unavailable" }),
  504: JSON.stringify({ errors: "Gateway Timeout" }),
};

export class Faults {
  private list: Fault[] = [];
  private nextId = 1;

  add(input: unknown): Fault {
    const r = (input ?? {}) as Record<string, unknown>;
    const kind = r.kind ?? (r.status !== undefined ? "status" : undefined);
    if (kind !== "throttled" && kind !== "status" && kind !== "delay")
      throw new FaultInputError('send {"kind": "throttled" | "status" | "delay", "times": n, ...}');
    const target = (r.target ?? "admin-api") as FaultTarget;
    if (target !== "admin-api" && target !== "access-token")
      throw new FaultInputError('"target" is "admin-api" (default) or "access-token"');
    const times = r.times === undefined ? 1 : Number(r.times);
    if (!Number.isInteger(times) || times < 1)
      throw new FaultInputError('"times" must be a whole number of 1 or more');
    const status = r.status === undefined ? (kind === "status" ? 500 : undefined) : Number(r.status);
    if (kind === "status" && !(Number.isInteger(status) && status! >= 400 && status! <= 599))
      throw new FaultInputError('"status" must be an HTTP error status (400 to 599)');
    const delayMs = r.delayMs === undefined ? undefined : Number(r.delayMs);
    if (kind === "delay" && !(Number.isFinite(delayMs) && delayMs! >= 0))
      throw new FaultInputError('"delayMs" must be 0 or more');
    const fault: Fault = {
      id: this.nextId++,
      target,
      kind,
      status,
      body:
        typeof r.body === "string"
          ? r.body
          : status !== undefined
            ? (DEFAULT_BODIES[status] ?? JSON.stringify({ errors: `HTTP ${status}` }))
            : undefined,
      retryAfter:
        status === 429
          ? String(r.retryAfter ?? "1.0")
          : r.retryAfter !== undefined
            ? String(r.retryAfter)
            : undefined,
      delayMs,
      shop: typeof r.shop === "string" ? r.shop : undefined,
      remaining: times,
      fired: 0,
    };
    this.list.push(fault);
    return { ...fault };
  }

  /** The fault that takes this call, if any (counted as fired). */
  take(target: FaultTarget, shop: string): Fault | undefined {
    const f = this.list.find((x) => x.target === target && (!x.shop || x.shop === shop) && x.remaining > 0);
    if (!f) return undefined;
    f.remaining--;
    f.fired++;
    if (f.remaining === 0) this.list = this.list.filter((x) => x !== f);
    return { ...f };
  }

  all(): Fault[] {
    return this.list.map((f) => ({ ...f }));
  }

  clear(): void {
    this.list = [];
  }
}

export interface ApiCall {
  time: string;
  kind: "graphql" | "oauth";
  shop: string;
  apiKey?: string;
  apiVersion?: string;
  operationName?: string;
  /** The root fields asked for, e.g. ["orders"] or ["fulfillmentCreate"]. */
  fields?: string[];
  variables?: unknown;
  requestedQueryCost?: number;
  actualQueryCost?: number | null;
  status: number;
  /** Error codes or messages of the answer (THROTTLED, ACCESS_DENIED, userErrors...). */
  errors?: string[];
  fault?: string;
  durationMs: number;
}

const MAX_CALLS = 1000;

export class CallLog {
  private calls: ApiCall[] = [];

  record(call: ApiCall): void {
    this.calls.push(call);
    if (this.calls.length > MAX_CALLS) this.calls.splice(0, this.calls.length - MAX_CALLS);
  }

  all(): ApiCall[] {
    return [...this.calls];
  }

  clear(): void {
    this.calls = [];
  }
}
