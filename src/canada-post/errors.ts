/** One message of Canada Post's `<messages>` envelope, kept exactly as Canada Post wrote it. */
export interface CanadaPostMessage {
  code: string;
  description: string;
}

/**
 * An answer from Canada Post that is not a success: the HTTP status, the operation that was called, and
 * every `<message>` of the envelope (possibly none: an empty `<messages/>` is still an error).
 */
export class CanadaPostError extends Error {
  override readonly name: string = "CanadaPostError";
  constructor(
    readonly status: number,
    readonly operation: string,
    readonly messages: CanadaPostMessage[],
    detail?: string,
  ) {
    super(CanadaPostError.describe(status, operation, messages, detail));
  }

  /** The first message's code, e.g. "9111", "7314" or "Server"; undefined for an empty envelope. */
  get code(): string | undefined {
    return this.messages[0]?.code;
  }

  /** True when any message carries the given code. */
  hasCode(code: string): boolean {
    return this.messages.some((m) => m.code === code);
  }

  private static describe(
    status: number,
    operation: string,
    messages: CanadaPostMessage[],
    detail?: string,
  ): string {
    const text = messages.length
      ? messages.map((m) => `${m.code}: ${m.description}`).join("; ")
      : (detail ?? "no message given");
    return `Canada Post ${operation} failed (HTTP ${status}): ${text}`;
  }
}

/**
 * Canada Post's throttle ("Rejected by SLM Monitor", code `Server`): the call was refused because the
 * key passed its per-minute limit for this group of calls. Retry later, not at once.
 */
export class CanadaPostThrottledError extends CanadaPostError {
  override readonly name = "CanadaPostThrottledError";
}

/** The call never got an answer from Canada Post: connection refused or reset, timeout, malformed reply, abandoned. */
export class CanadaPostTransportError extends Error {
  override readonly name = "CanadaPostTransportError";
  constructor(
    readonly operation: string,
    /** aborted: the caller's signal ended the call (its deadline passed); nothing was retried after it. */
    readonly reason: "timeout" | "network" | "malformed" | "aborted",
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`Canada Post ${operation} failed: ${message}`, options);
  }
}

/** Input rejected before anything was sent: says what is wrong and how to fix it. */
export class CanadaPostInputError extends Error {
  override readonly name = "CanadaPostInputError";
  constructor(
    readonly operation: string,
    message: string,
  ) {
    super(`${operation}: ${message}`);
  }
}

export function isThrottleMessage(m: CanadaPostMessage): boolean {
  return m.code === "Server" && /rejected by slm monitor/i.test(m.description);
}
