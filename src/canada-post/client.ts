import { resolveConfig, type CanadaPostConfig, type CanadaPostConfigInput } from "./config";
import type { ClientContext } from "./context";
import { Transport } from "./transport";

/** A client context with the means to release its connection pool. */
export interface ClientContextHandle extends ClientContext {
  close(): Promise<void>;
}

/** The configuration checked once, and the one transport every operation shares. */
export function createClientContext(config: CanadaPostConfig | CanadaPostConfigInput): ClientContextHandle {
  const resolved = resolveConfig(config);
  const transport = new Transport(resolved);
  return { config: resolved, transport, close: () => transport.close() };
}
