import { randomInt } from "node:crypto";
import {
  createClientContext,
  type ClientContextHandle,
  Hosts,
  type CanadaPostConfigInput,
} from "../canada-post";
import { startSimulator } from "../simulator";

/** Where the Canada Post calls of an adapter go. */
export type BackendKind = "production" | "sandbox" | "custom" | "simulator";

export interface CanadaPostBackend extends ClientContextHandle {
  kind: BackendKind;
  baseUrl: string;
}

export interface OpenOptions {
  lang?: "en" | "fr";
  /** Told once when the built-in simulator is started (to stderr, a logger...). */
  notice?: (message: string) => void;
}

/**
 * The Canada Post an adapter (CLI, Medusa, Shopify) talks to: the one the credentials name, or, with none,
 * a built-in simulator started here, on a free loopback port. This is the only place that decides: the
 * client and the core below it are handed a base URL and never know which it is.
 */
export async function openCanadaPost(
  credentials: CanadaPostConfigInput | undefined,
  options: OpenOptions = {},
): Promise<CanadaPostBackend> {
  if (credentials?.username) {
    const handle = createClientContext({ ...credentials, ...(options.lang ? { lang: options.lang } : {}) });
    const baseUrl = handle.transport.baseUrl;
    const kind: BackendKind = credentials.baseUrl
      ? "custom"
      : baseUrl === Hosts.production
        ? "production"
        : "sandbox";
    return { ...handle, kind, baseUrl };
  }
  const sim = await startSimulator({
    // A platform keeps PINs and label files across restarts: a new run must not hand the same ones out again.
    firstSequence: randomInt(1, 50_000_000),
    settings: {
      ...(credentials?.customerNumber ? { customerNumber: credentials.customerNumber } : {}),
      ...(credentials?.contractId ? { contractId: credentials.contractId } : {}),
    },
  });
  options.notice?.(
    `No Canada Post credentials configured: using the built-in Canada Post simulator at ${sim.url}`,
  );
  const handle = createClientContext({
    username: sim.settings.username,
    password: sim.settings.password,
    customerNumber: sim.settings.customerNumber,
    contractId: sim.settings.contractId,
    baseUrl: sim.url,
    lang: options.lang ?? credentials?.lang ?? "en",
  });
  return {
    ...handle,
    kind: "simulator",
    baseUrl: sim.url,
    // The simulator first: it drops its connections, so calls still in flight end at once instead of at
    // their timeout, and the client's pool can then close.
    close: async () => {
      await sim.close();
      await handle.close();
    },
  };
}
