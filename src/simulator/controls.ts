import type { SimAccounts } from "./accounts";
import type { SimClock } from "./clock";

/**
 * The simulator's own controls under /__simulator/ (JSON, no auth: not Canada Post's namespace): fault rules
 * that make chosen calls slow, failing, hanging, cut or malformed; the simulated clock; the request log.
 */

export interface FaultRule {
  /** Regular expression matched against the request path. */
  path: string;
  /** Only this HTTP method (any when omitted). */
  method?: string;
  /** Delay before answering, plus up to jitterMs more (from the seeded generator). */
  latencyMs?: number;
  jitterMs?: number;
  /** Share of matching calls (0..1) answered with `status`/`body` instead; 1 when only status or body is given. */
  errorRate?: number;
  status?: number;
  body?: string;
  contentType?: string;
  /** Never answer. */
  hang?: true;
  /** Destroy the connection without an answer. */
  reset?: true;
  /** Answer 200 with a truncated XML document. */
  malformed?: true;
  /** Fire this many times, then disappear. */
  times?: number;
  /** Let this many matching calls through untouched first (e.g. 1: only the second Create Shipment fails). */
  after?: number;
  /**
   * Hold the call unanswered and do it only when the next call matching this rule's path and method
   * arrives, just before that one (or once latencyMs has passed, when none comes): a call done at Canada
   * Post after its client gave up and looked for it in vain, met by the client's retry whatever the timing.
   */
  doneBeforeNext?: true;
}

export interface StoredFault extends FaultRule {
  id: number;
  /** How many times it fired so far. */
  fired: number;
  /** Matching calls let through so far because of `after`. */
  passed: number;
}

/** What a matching fault asks the server to do with one request. */
export interface FaultEffect {
  delayMs: number;
  action?:
    | { kind: "hang" }
    | { kind: "reset" }
    | { kind: "malformed" }
    | { kind: "error"; status: number; body?: string; contentType?: string };
  /** doneBeforeNext: the calls whose arrival releases this one (delayMs then only bounds the wait). */
  heldUntil?: { method?: string; regex: RegExp };
}

export interface LogEntry {
  time: string;
  method: string;
  path: string;
  operation: string;
  status: number;
  /** Canada Post's error codes when the answer was a `<messages>` envelope (whatever its HTTP status). */
  codes?: string[];
  /** A hung call (the hang fault): how long after it arrived the client closed its connection. */
  clientClosedAfterMs?: number;
  /** The API key's user name the call came with (never its password). */
  username?: string;
}

const MAX_LOG_ENTRIES = 1000;
const SEED = 0x5eed;

/** mulberry32: a small seeded generator, so error rates give the same sequence after every reset. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultControlError extends Error {}

/** Checks a fault rule sent as JSON; throws a FaultControlError saying what to fix. */
export function parseFaultRule(input: unknown): FaultRule {
  if (!input || typeof input !== "object" || Array.isArray(input))
    throw new FaultControlError(
      'a fault is a JSON object such as {"path": "^/rs/ship/price$", "status": 500}',
    );
  const r = input as Record<string, unknown>;
  const known = new Set([
    "path", "method", "latencyMs", "jitterMs", "errorRate", "status", "body", "contentType", "hang", "reset",
    "malformed", "times", "after", "doneBeforeNext",
  ]); // prettier-ignore
  const unknown = Object.keys(r).filter((k) => !known.has(k));
  if (unknown.length) throw new FaultControlError(`unknown fault field(s): ${unknown.join(", ")}`);
  if (typeof r.path !== "string" || !r.path)
    throw new FaultControlError('"path" is required: a regular expression over the request path');
  try {
    new RegExp(r.path);
  } catch (e) {
    throw new FaultControlError(`"path" is not a valid regular expression: ${(e as Error).message}`);
  }
  const nonNegative = (k: string) => {
    if (r[k] !== undefined && !(typeof r[k] === "number" && Number.isFinite(r[k]) && r[k] >= 0))
      throw new FaultControlError(`"${k}" must be a number of 0 or more`);
  };
  ["latencyMs", "jitterMs", "times", "after"].forEach(nonNegative);
  if (r.after !== undefined && !Number.isInteger(r.after))
    throw new FaultControlError('"after" must be a whole number of calls');
  if (r.times !== undefined && !(Number.isInteger(r.times) && (r.times as number) >= 1))
    throw new FaultControlError('"times" must be a whole number of 1 or more');
  if (r.errorRate !== undefined && !(typeof r.errorRate === "number" && r.errorRate >= 0 && r.errorRate <= 1))
    throw new FaultControlError('"errorRate" must be a number from 0 to 1');
  if (
    r.status !== undefined &&
    !(Number.isInteger(r.status) && (r.status as number) >= 200 && (r.status as number) <= 599)
  )
    throw new FaultControlError('"status" must be an HTTP status from 200 to 599');
  for (const k of ["method", "body", "contentType"])
    if (r[k] !== undefined && typeof r[k] !== "string")
      throw new FaultControlError(`"${k}" must be a string`);
  for (const k of ["hang", "reset", "malformed", "doneBeforeNext"])
    if (r[k] !== undefined && r[k] !== true) throw new FaultControlError(`"${k}" may only be true`);
  if (r.doneBeforeNext && !r.latencyMs)
    throw new FaultControlError(
      '"doneBeforeNext" needs "latencyMs": how long to hold the call when no matching call comes',
    );
  return {
    ...(r as unknown as FaultRule),
    method: typeof r.method === "string" ? r.method.toUpperCase() : undefined,
  };
}

export class Faults {
  private rules: (StoredFault & { regex: RegExp })[] = [];
  private nextId = 1;
  private random = prng(SEED);

  add(rule: FaultRule): StoredFault {
    const stored = { ...rule, id: this.nextId++, fired: 0, passed: 0, regex: new RegExp(rule.path) };
    this.rules.push(stored);
    return this.describe(stored);
  }

  list(): StoredFault[] {
    return this.rules.map((r) => this.describe(r));
  }

  clear(): void {
    this.rules = [];
    this.random = prng(SEED);
  }

  private describe({ regex: _regex, ...rule }: StoredFault & { regex: RegExp }): StoredFault {
    return rule;
  }

  /** The effect of the first rule matching this request (and counts it as fired), if any. */
  apply(method: string, path: string): FaultEffect | undefined {
    const rule = this.rules.find((r) => (!r.method || r.method === method) && r.regex.test(path));
    if (!rule) return undefined;
    if (rule.after !== undefined && rule.passed < rule.after) {
      rule.passed++;
      return undefined;
    }
    const delayMs = (rule.latencyMs ?? 0) + (rule.jitterMs ? Math.floor(this.random() * rule.jitterMs) : 0);
    let action: FaultEffect["action"];
    if (rule.hang) action = { kind: "hang" };
    else if (rule.reset) action = { kind: "reset" };
    else if (rule.malformed) action = { kind: "malformed" };
    else if (rule.errorRate !== undefined || rule.status !== undefined || rule.body !== undefined) {
      const rate = rule.errorRate ?? 1;
      if (rate > 0 && this.random() < rate)
        action = {
          kind: "error",
          status: rule.status ?? 500,
          body: rule.body,
          contentType: rule.contentType,
        };
    }
    const heldUntil = rule.doneBeforeNext ? { method: rule.method, regex: rule.regex } : undefined;
    // A latency-only (or holding) rule always fires; an error-rate rule only when it errs.
    if (action || heldUntil || rule.latencyMs || rule.jitterMs) {
      rule.fired++;
      if (rule.times !== undefined && rule.fired >= rule.times)
        this.rules = this.rules.filter((r) => r !== rule);
    }
    return { delayMs, action, ...(heldUntil ? { heldUntil } : {}) };
  }
}

/** Calls held by a doneBeforeNext fault, each released by the next call matching it. */
export class HeldCalls {
  private held: { method?: string; regex: RegExp; release: () => void; done: Promise<void> }[] = [];

  /** Waits until a matching call arrives or `maxMs` passes; call `finished` once the held call is done. */
  hold(
    until: { method?: string; regex: RegExp },
    maxMs: number,
  ): { released: Promise<void>; finished: () => void } {
    let release!: () => void;
    let finished!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const done = new Promise<void>((r) => (finished = r));
    const entry = { ...until, release, done };
    this.held.push(entry);
    const timer = setTimeout(release, maxMs).unref(); // a closed simulator does not wait for it
    return {
      released: released.then(() => {
        clearTimeout(timer);
        this.held = this.held.filter((h) => h !== entry);
      }),
      finished,
    };
  }

  /** Releases the calls this one is the next of, and waits until they are done. */
  async before(method: string, path: string): Promise<void> {
    const due = this.held.filter((h) => (!h.method || h.method === method) && h.regex.test(path));
    for (const h of due) h.release();
    await Promise.all(due.map((h) => h.done));
  }
}

/** Every call made to Canada Post's paths: the last entries, and counts per operation since the last reset. */
export class RequestLog {
  private entries: LogEntry[] = [];
  private total = 0;
  private byOperation: Record<string, number> = {};

  /** Keeps one call; the entry is returned so that what happens later (a hung call closed) can be noted. */
  record(entry: Omit<LogEntry, "time">, now: Date): LogEntry {
    this.total++;
    this.byOperation[entry.operation] = (this.byOperation[entry.operation] ?? 0) + 1;
    const kept = { time: now.toISOString(), ...entry };
    this.entries.push(kept);
    if (this.entries.length > MAX_LOG_ENTRIES) this.entries.splice(0, this.entries.length - MAX_LOG_ENTRIES);
    return kept;
  }

  snapshot() {
    return { total: this.total, byOperation: { ...this.byOperation }, entries: [...this.entries] };
  }

  clear(): void {
    this.entries = [];
    this.total = 0;
    this.byOperation = {};
  }
}

export interface ControlTargets {
  faults: Faults;
  log: RequestLog;
  clock: SimClock;
  accounts: SimAccounts;
  /** Resets everything: store, log, faults, throttle windows, clock. */
  resetAll(): void;
}

export interface ControlAnswer {
  status: number;
  json: unknown;
}

const DAY_MS = 86_400_000;

/** Answers one /__simulator/... request; undefined when the path is not a control. */
export function handleControl(
  method: string,
  path: string,
  body: string,
  t: ControlTargets,
): ControlAnswer | undefined {
  const name = path.replace(/^\/__simulator\/?/, "").replace(/\/$/, "");
  const parse = (): unknown => {
    if (!body.trim()) return {};
    try {
      return JSON.parse(body);
    } catch {
      throw new FaultControlError("the body must be JSON");
    }
  };
  const bad = (message: string): ControlAnswer => ({ status: 400, json: { error: message } });
  const route = `${method} ${name}`;
  try {
    switch (route) {
      case "GET faults":
        return { status: 200, json: { faults: t.faults.list() } };
      case "POST faults":
        return { status: 201, json: t.faults.add(parseFaultRule(parse())) };
      case "DELETE faults":
        t.faults.clear();
        return { status: 200, json: { faults: [] } };
      case "GET clock":
        return { status: 200, json: { now: t.clock.now().toISOString() } };
      case "POST clock": {
        const b = parse() as { advanceMs?: unknown; advanceDays?: unknown };
        const ms = Number(b.advanceMs ?? 0) + Number(b.advanceDays ?? 0) * DAY_MS;
        if (!Number.isFinite(ms) || ms < 0)
          return bad('send {"advanceMs": n} or {"advanceDays": n} with a number of 0 or more');
        return { status: 200, json: { now: t.clock.advance(ms).toISOString() } };
      }
      case "GET requests":
        return { status: 200, json: t.log.snapshot() };
      case "DELETE requests":
        t.log.clear();
        return { status: 200, json: t.log.snapshot() };
      case "GET accounts":
        return { status: 200, json: t.accounts.describe() };
      case "GET service-notices":
        return { status: 200, json: { notices: t.accounts.notices } };
      case "POST service-notices":
        return { status: 201, json: t.accounts.addNotice(parseNotice(parse(), t.clock.now())) };
      case "DELETE service-notices":
        t.accounts.notices = [];
        return { status: 200, json: { notices: [] } };
      case "POST reset":
        t.resetAll();
        return { status: 200, json: { reset: true, now: t.clock.now().toISOString() } };
      default:
        return {
          status: 404,
          json: {
            error: `no control ${route}; try GET|POST|DELETE /__simulator/faults, GET|POST /__simulator/clock, GET|DELETE /__simulator/requests, GET|POST|DELETE /__simulator/service-notices, GET /__simulator/accounts, POST /__simulator/reset`,
          },
        };
    }
  } catch (e) {
    if (e instanceof FaultControlError) return bad(e.message);
    throw e;
  }
}

/**
 * A service notice as Get Service Info gives it: `{ text, textFr?, from?, to? }` (ISO dates; from defaults
 * to now, to to a day after from).
 */
function parseNotice(input: unknown, now: Date) {
  const b = (input ?? {}) as Record<string, unknown>;
  if (typeof b.text !== "string" || !b.text.trim())
    throw new FaultControlError('a notice needs "text", e.g. {"text": "Maintenance Sunday 02:00-04:00 ET"}');
  const date = (v: unknown, fallback: Date, name: string) => {
    if (v === undefined) return fallback;
    const d = new Date(String(v));
    if (Number.isNaN(d.getTime())) throw new FaultControlError(`"${name}" must be an ISO date and time`);
    return d;
  };
  const from = date(b.from, now, "from");
  const to = date(b.to, new Date(from.getTime() + DAY_MS), "to");
  if (to <= from) throw new FaultControlError('"to" must come after "from"');
  const text = b.text.trim();
  return {
    text: { en: text, fr: typeof b.textFr === "string" && b.textFr.trim() ? b.textFr.trim() : text },
    from,
    to,
  };
}
