import { Agent, errors as undiciErrors, request } from "undici";
import { baseUrlOf, type CanadaPostConfig } from "./config";
import {
  CanadaPostError,
  CanadaPostThrottledError,
  CanadaPostTransportError,
  isThrottleMessage,
  type CanadaPostMessage,
} from "./errors";
import { isXmlMediaType } from "./media-types";
import { camelize, parseXml, type XmlValue } from "./xml";

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
  signal?: AbortSignal;
  lang?: "en" | "fr";
  /** The documented root element of the answer: any other is a malformed answer. */
  expectRoot?: string;
}

export interface TransportResponse {
  status: number;
  contentType: string;
  body: Buffer;
  headers: Record<string, string | string[] | undefined>;
}

/** An XML answer: its root element name and its content with camelCase keys. */
export interface XmlResponse {
  status: number;
  root: string;
  value: unknown;
}

/**
 * The one way to Canada Post: a keep-alive pool per origin, Basic auth, versioned media types,
 * Accept-language, a deadline per attempt, retries with backoff for idempotent calls, and every
 * `<messages>` envelope turned into a typed error, whatever its HTTP status.
 */
export class Transport {
  readonly baseUrl: string;
  private readonly origin: string;
  private readonly agent: Agent;
  private readonly authorization: string;

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
    for (const [k, v] of Object.entries(query ?? {})) {
      if (v !== undefined && v !== "") resolved.searchParams.set(k, String(v));
    }
    return resolved;
  }

  async send(req: TransportRequest): Promise<TransportResponse> {
    const url = this.resolveUrl(req.url, req.operation, req.query);
    const attempts = req.idempotent ? this.config.retries + 1 : 1;
    let lastError: unknown;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (req.signal?.aborted) throw abortedError(req.operation, req.signal, lastError);
      try {
        const res = await this.once(url, req);
        // Every answer is checked: an envelope may come with any status and any (or no) content type.
        const error = errorOf(req.operation, res);
        // A throttled call is not retried at once: each retry would count against the same minute.
        const transient =
          res.status >= 502 && res.status <= 504 && !(error instanceof CanadaPostThrottledError);
        if (attempt < attempts && transient) {
          lastError = error;
        } else {
          if (error) throw error;
          return res;
        }
      } catch (e) {
        if (
          !(e instanceof CanadaPostTransportError) ||
          e.reason === "malformed" ||
          e.reason === "aborted" ||
          attempt === attempts
        )
          throw e;
        lastError = e;
      }
      await sleep(backoff(this.config.retryDelayMs, attempt), req.signal);
    }
    throw lastError;
  }

  /** Sends and parses an XML answer (errors already thrown). */
  async sendXml(req: TransportRequest): Promise<XmlResponse> {
    const res = await this.send(req);
    let parsed: { root: string; value: XmlValue };
    try {
      parsed = parseXml(res.body.toString("utf8"));
    } catch (e) {
      throw new CanadaPostTransportError(
        req.operation,
        "malformed",
        `unreadable XML answer: ${(e as Error).message}`,
        {
          cause: e,
        },
      );
    }
    if (req.expectRoot && parsed.root !== req.expectRoot) {
      throw new CanadaPostTransportError(
        req.operation,
        "malformed",
        `expected <${req.expectRoot}>, got <${parsed.root}>`,
      );
    }
    return { status: res.status, root: parsed.root, value: camelize(parsed.value) };
  }

  private async once(url: URL, req: TransportRequest): Promise<TransportResponse> {
    const timeoutMs = req.timeoutMs ?? this.config.timeoutMs;
    const headers: Record<string, string> = {
      accept: req.accept,
      authorization: this.authorization,
      "accept-language": (req.lang ?? this.config.lang) === "fr" ? "fr-CA" : "en-CA",
    };
    if (req.body !== undefined) headers["content-type"] = req.contentType ?? req.accept;
    try {
      const res = await request(url, {
        method: req.method,
        headers,
        body: req.body,
        dispatcher: this.agent,
        // The attempt's own deadline, and the caller's: whichever comes first closes the request.
        signal: req.signal
          ? AbortSignal.any([req.signal, AbortSignal.timeout(timeoutMs)])
          : AbortSignal.timeout(timeoutMs),
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
      if (req.signal?.aborted) throw abortedError(req.operation, req.signal, e);
      throw toTransportError(req.operation, e, timeoutMs);
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

/** The typed error an answer stands for, or undefined for a success. */
export function errorOf(operation: string, res: TransportResponse): CanadaPostError | undefined {
  // Success answers are parsed once, by the caller: only a `<messages>` root is read here.
  if (res.status < 400 && rootElementName(res.body) !== "messages") return undefined;
  if (isXmlMediaType(res.contentType) || looksLikeXml(res.body)) {
    let parsed: { root: string; value: XmlValue } | undefined;
    try {
      parsed = parseXml(res.body.toString("utf8"));
    } catch {
      if (res.status < 400) {
        throw new CanadaPostTransportError(operation, "malformed", "unreadable XML answer");
      }
    }
    if (parsed?.root === "messages") {
      const messages = messagesOf(parsed.value);
      const ErrorType = messages.some(isThrottleMessage) ? CanadaPostThrottledError : CanadaPostError;
      return new ErrorType(res.status >= 400 ? res.status : 200, operation, messages);
    }
  }
  if (res.status >= 400) {
    const text = res.body.toString("utf8").slice(0, 200).trim();
    return new CanadaPostError(res.status, operation, [], text || `HTTP ${res.status} with no body`);
  }
  return undefined;
}

/** The local name of a document's root element, read without parsing the document. */
export function rootElementName(body: Buffer): string | undefined {
  const head = body.subarray(0, 512).toString("utf8");
  const m = /^\uFEFF?\s*(?:<\?[\s\S]*?\?>\s*)?(?:<!--[\s\S]*?-->\s*)*<(?:[\w.-]+:)?([\w.-]+)/.exec(head);
  return m?.[1];
}

function looksLikeXml(body: Buffer): boolean {
  const start = body.subarray(0, 64).toString("utf8").trimStart();
  return start.startsWith("<");
}

/** Every `<message>` of an envelope, in order. */
export function messagesOf(value: XmlValue): CanadaPostMessage[] {
  if (!value || typeof value !== "object" || Array.isArray(value)) return [];
  const list = value.message;
  const items = Array.isArray(list) ? list : list ? [list] : [];
  return items.map((m) => {
    const o = (m && typeof m === "object" && !Array.isArray(m) ? m : {}) as Record<string, unknown>;
    return { code: String(o.code ?? ""), description: String(o.description ?? "") };
  });
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

function backoff(baseMs: number, attempt: number): number {
  const exp = baseMs * 2 ** (attempt - 1);
  return exp / 2 + Math.random() * (exp / 2);
}

/** Waits, unless the caller gives up first (then at once: the next attempt is refused). */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
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

function abortedError(operation: string, signal: AbortSignal, cause: unknown): CanadaPostTransportError {
  const reason = signal.reason instanceof Error ? signal.reason.message : "the caller gave up";
  return new CanadaPostTransportError(operation, "aborted", `abandoned by the caller: ${reason}`, {
    cause: cause ?? signal.reason,
  });
}
