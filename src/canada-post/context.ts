import type { z } from "zod";
import type { CanadaPostConfig } from "./config";
import { CanadaPostInputError, CanadaPostTransportError } from "./errors";
import type { Transport, TransportRequest } from "./transport";

/** What every operation needs: the configuration in force and the one transport. */
export interface ClientContext {
  config: CanadaPostConfig;
  transport: Transport;
}

/** Per-call overrides. */
export type CallOptions = Partial<Pick<TransportRequest, "timeoutMs" | "lang" | "signal">>;

/** Validates an operation's input, turning zod's issues into one clear sentence. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, operation: string): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`);
  throw new CanadaPostInputError(operation, `invalid input: ${issues.join("; ")}`);
}

/** Reads an answer into its typed result; an answer of an unexpected shape is a transport fault. */
export function parseResponse<S extends z.ZodType>(
  schema: S,
  value: unknown,
  operation: string,
): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issues = r.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join(".") || "root"}: ${i.message}`)
    .join("; ");
  throw new CanadaPostTransportError(operation, "malformed", `unexpected answer: ${issues}`);
}

/**
 * A read: GET the target (a link Canada Post returned, or a documented path) with its media type, check the
 * answer's root element, and read it with its schema. Reads change nothing, so the transport may retry them.
 */
export async function readDocument<S extends z.ZodType>(
  ctx: ClientContext,
  request: Pick<TransportRequest, "operation" | "url" | "accept" | "query"> & { root: string },
  schema: S,
  opts?: CallOptions,
): Promise<z.output<S>> {
  const { root, ...rest } = request;
  const res = await ctx.transport.sendXml({
    ...rest,
    method: "GET",
    expectRoot: root,
    idempotent: true,
    ...opts,
  });
  return parseResponse(schema, res.value, request.operation);
}
