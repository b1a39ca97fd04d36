import type { z } from "zod";
import type { CanadaPostConfig } from "./config";
import { CanadaPostInputError } from "./errors";
import type { CallOptions, Transport, TransportRequest } from "./transport";

export type { CallOptions } from "./transport";

/** What every operation needs: the configuration in force and the one transport. */
export interface ClientContext {
  config: CanadaPostConfig;
  transport: Transport;
}

/** Validates an operation's input, turning zod's issues into one clear sentence. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, operation: string): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`);
  throw new CanadaPostInputError(operation, `invalid input: ${issues.join("; ")}`);
}

/** A request as an operation describes it, before the caller's options. */
export type OperationRequest = Omit<TransportRequest, keyof CallOptions>;

/** The thin call of an operation: send, then read the answer once with the operation's parser. */
export async function call<T>(
  ctx: ClientContext,
  request: OperationRequest,
  parse: (text: string, status: number) => T,
  opts?: CallOptions,
): Promise<T> {
  const res = await ctx.transport.send(request, opts);
  return parse(res.body.toString("utf8"), res.status);
}
