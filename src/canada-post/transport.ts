import { EventEmitter } from "node:events";
import { Agent, errors as undiciErrors } from "undici";
import { backoffDelay, sleep, type CallerSignal } from "./backoff";
import { baseUrlOf, type CanadaPostConfig } from "./config";
import { CanadaPostTransportError } from "./errors";

export interface TransportRequest {
  /** Canada Post's name for the call, carried by every error: "GetRates", "CreateShipment"... */
  operation: string;
  method: "GET" | "POST" | "DELETE";
  /** A path below the base URL ("/rs/ship/price") or an absolute link href that Canada Post returned. */
  url: string;
  accept: string;
  contentType?: string;
  body?: string;
  query?: Record<string, string | number | undefined>;
  /** True only when repeating the call cannot change anything at Canada Post (reads). */
  idempotent: boolean;
  timeoutMs?: number;
  /**
   * The caller's own deadline (a checkout that gave up, a request that was closed): it aborts the exchange
   * on the socket, and nothing is retried after it.
   */
  signal?: CallerSignal;
  lang?: "en" | "fr";
}

/** Per-call overrides: what a caller may set on any call, given beside the operation's request (they win). */
export type CallOptions = Pick<TransportRequest, "timeoutMs" | "lang" | "signal">;

/** Paths kept resolved: the operations' own, and the newest tracking PINs' (emptied when full). */
const MAX_PATHS = 1000;

/** Where a request goes: undici's dispatcher takes these two rather than a URL. */
interface Target {
  origin: string;
  path: string;
}

/** An answer as it came: whatever its status, it is the operation's parser that says what it means. */
export interface TransportResponse {
  status: number;
  contentType: string;
  body: Buffer;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * The one way to Canada Post, moving bytes: a keep-alive pool per origin, Basic auth, versioned media types,
 * Accept-language, a deadline per attempt and the caller's signal, and retries with backoff for calls that
 * cannot duplicate anything. It reads no XML: each operation parses its answer once, errors included.
 */
export class Transport {
  readonly baseUrl: string;
  private readonly origin: string;
  private readonly agent: Agent;
  private readonly authorization: string;
  /** Paths as sent, by the path asked for. */
  private readonly paths = new Map<string, string>();

  constructor(readonly config: CanadaPostConfig) {
    this.baseUrl = baseUrlOf(config);
    this.origin = new URL(this.baseUrl).origin;
    this.agent = new Agent({
      connections: config.connections,
      keepAliveTimeout: 30_000,
      keepAliveMaxTimeout: 120_000,
      pipelining: 1,
    });
    this.authorization = "Basic " + Buffer.from(`${config.username}:${config.password}`).toString("base64");
  }

  /** Resolves a path or a link href; refuses links to another host, which would receive our credentials. */
  resolveUrl(url: string, operation: string, query?: TransportRequest["query"]): URL {
    const resolved = url.startsWith("/") ? new URL(this.baseUrl + url) : new URL(url);
    if (resolved.origin !== this.origin) {
      throw new CanadaPostTransportError(
        operation,
        "network",
        `refusing to send credentials to ${resolved.origin}: links must stay on ${this.origin}`,
      );
    }
    if (query) {
      for (const [k, v] of Object.entries(query)) {
        if (v !== undefined && v !== "") resolved.searchParams.set(k, String(v));
      }
    }
    return resolved;
  }

  /**
   * Where a request goes, as the dispatcher takes it. The paths of the operations, resolved once each: a URL
   * parsed here and again in undici's request() cost each call 40-60 µs, traced (links and queries are still
   * resolved and checked on every call).
   */
  private target(req: TransportRequest): Target {
    if (req.query || !req.url.startsWith("/")) {
      const url = this.resolveUrl(req.url, req.operation, req.query);
      return { origin: url.origin, path: url.pathname + url.search };
    }
    let path = this.paths.get(req.url);
    if (path === undefined) {
      const url = this.resolveUrl(req.url, req.operation);
      path = url.pathname + url.search;
      if (this.paths.size >= MAX_PATHS) this.paths.clear();
      this.paths.set(req.url, path);
    }
    return { origin: this.origin, path };
  }

  /**
   * Sends the request and returns the answer, whatever its HTTP status. A read is tried again after a
   * network failure, a timeout or a transient 502-504 (not a throttle, which would count against the same
   * minute); after the last attempt that answer is returned for the operation to read. `settings`, when
   * given, replace the request's own: an operation's request and its caller's options are not merged into a
   * new object (a shape of its own) on every call.
   */
  async send(req: TransportRequest, settings?: CallOptions): Promise<TransportResponse> {
    const target = this.target(req);
    const attempts = req.idempotent ? this.config.retries + 1 : 1;
    const signal = settings?.signal ?? req.signal;
    const timeoutMs = settings?.timeoutMs ?? req.timeoutMs ?? this.config.timeoutMs;
    const lang = settings?.lang ?? req.lang ?? this.config.lang;
    let last: unknown;
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw abortedError(req.operation, signal, last);
      try {
        const res = await this.once(target, req, timeoutMs, lang, signal);
        if (attempt >= attempts || !isTransient(res)) return res;
      } catch (e) {
        const final =
          !(e instanceof CanadaPostTransportError) || e.reason === "aborted" || attempt >= attempts;
        if (final) throw e;
        last = e;
      }
      await sleep(backoffDelay(this.config.retryDelayMs, attempt), signal);
    }
  }

  private async once(
    target: Target,
    req: TransportRequest,
    timeoutMs: number,
    lang: "en" | "fr",
    signal: CallerSignal | undefined,
  ): Promise<TransportResponse> {
    const headers: Record<string, string> = {
      accept: req.accept,
      authorization: this.authorization,
      "accept-language": lang === "fr" ? "fr-CA" : "en-CA",
    };
    if (req.body !== undefined) headers["content-type"] = req.contentType ?? req.accept;
    if (this.config.platformId) headers["platform-id"] = this.config.platformId;
    const deadline = new Deadline(timeoutMs, signal);
    try {
      // The dispatcher's own request, with the origin and path already known: what undici's request() does
      // after parsing a URL again and reading its parts on every call.
      const res = await this.agent.request({
        origin: target.origin,
        path: target.path,
        method: req.method,
        headers,
        body: req.body,
        signal: deadline,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const body = Buffer.from(await res.body.arrayBuffer());
      const ct = res.headers["content-type"];
      return {
        status: res.statusCode,
        contentType: (Array.isArray(ct) ? ct[0] : ct) ?? "",
        body,
        headers: res.headers,
      };
    } catch (e) {
      if (signal?.aborted) throw abortedError(req.operation, signal, e);
      throw toTransportError(req.operation, e, timeoutMs);
    } finally {
      deadline.clear();
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

/**
 * The attempt's own deadline and the caller's signal as one signal for undici: whichever comes first closes
 * the request on its socket. An EventEmitter with `aborted` and `reason`, which undici takes as a signal as
 * it takes an AbortSignal (its documented `signal: AbortSignal | EventEmitter`), with one timer cleared when
 * the attempt ends: an AbortController per attempt, or AbortSignal.any over AbortSignal.timeout, cost a
 * checkout's quote several microseconds more on every call.
 */
class Deadline extends EventEmitter {
  aborted = false;
  reason: unknown;
  private readonly timer: ReturnType<typeof setTimeout>;
  private readonly onCallerAbort?: () => void;

  constructor(
    timeoutMs: number,
    private readonly caller?: CallerSignal,
  ) {
    super();
    this.timer = setTimeout(
      () => this.abort(new DOMException(`no answer within ${timeoutMs} ms`, "TimeoutError")),
      timeoutMs,
    );
    if (caller?.aborted) this.abort(caller.reason);
    else if (caller) {
      this.onCallerAbort = () => this.abort(caller.reason);
      caller.addEventListener("abort", this.onCallerAbort, { once: true });
    }
  }

  private abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.emit("abort");
  }

  clear(): void {
    clearTimeout(this.timer);
    if (this.onCallerAbort) this.caller?.removeEventListener("abort", this.onCallerAbort);
  }
}

/**
 * A gateway's passing trouble (502-504) that a read may try again, told from Canada Post's throttle ("Rejected
 * by SLM Monitor") by a look at the bytes, without parsing them.
 */
export function isTransient(res: Pick<TransportResponse, "status" | "body">): boolean {
  if (res.status < 502 || res.status > 504) return false;
  const head = res.body.toString("latin1", 0, Math.min(res.body.length, 4096)).toLowerCase();
  return !head.includes("rejected by slm monitor");
}

function toTransportError(operation: string, e: unknown, timeoutMs: number): CanadaPostTransportError {
  const err = e as Error & { code?: string };
  const timedOut =
    err.name === "TimeoutError" ||
    err.name === "AbortError" ||
    e instanceof undiciErrors.HeadersTimeoutError ||
    e instanceof undiciErrors.BodyTimeoutError ||
    err.code === "UND_ERR_CONNECT_TIMEOUT";
  if (timedOut) {
    return new CanadaPostTransportError(operation, "timeout", `no answer within ${timeoutMs} ms`, {
      cause: e,
    });
  }
  return new CanadaPostTransportError(operation, "network", err.message || String(e), { cause: e });
}

function abortedError(operation: string, signal: CallerSignal, cause: unknown): CanadaPostTransportError {
  const reason = signal.reason instanceof Error ? signal.reason.message : "the caller gave up";
  return new CanadaPostTransportError(operation, "aborted", `abandoned by the caller: ${reason}`, {
    cause: cause ?? signal.reason,
  });
}
