import { randomInt } from "node:crypto";
import { createClientContext, type ClientContextHandle } from "../canada-post/client";
import { Hosts } from "../canada-post/config";
import { planBackend, type CanadaPostChoice } from "./choice";

/** Where the Canada Post calls of an adapter go. */
export type BackendKind = "production" | "sandbox" | "custom" | "simulator";

export interface CanadaPostBackend extends ClientContextHandle {
  kind: BackendKind;
  baseUrl: string;
  /** The e-commerce platform's key that registers merchants (Connect with Canada Post), when there is one. */
  platform?: PlatformCredentials;
  /** The built-in simulator: told of a merchant connected in an earlier run, so that its key works again. */
  simulator?: { remember(merchant: KnownMerchant): void };
}

/** An e-commerce platform's own API key and id (CANADA_POST_PLATFORM_USERNAME, _PASSWORD, _ID). */
export interface PlatformCredentials {
  username: string;
  password: string;
  platformId: string;
}

/** A merchant's key as the built-in simulator keeps it (a platform-registered merchant). */
export interface KnownMerchant {
  username: string;
  password: string;
  customerNumber: string;
  contractId?: string;
  creditCard?: boolean;
  platformId?: string;
}

export interface OpenOptions {
  lang?: "en" | "fr";
  /** Told once when the built-in simulator is started (to stderr, a logger...). */
  notice?: (message: string) => void;
  /** The NODE_ENV that decides whether a missing API key is refused; process.env.NODE_ENV when not given. */
  nodeEnv?: string;
  /** The platform's key for a real Canada Post (the built-in simulator has its own unless this is given). */
  platform?: PlatformCredentials;
}

/**
 * The Canada Post an adapter (CLI, Medusa, Shopify) talks to: the one the credentials name, or the built-in
 * simulator started here on a free loopback port, when asked for or, outside production, when no
 * credentials are set (planBackend decides, and refuses production without credentials). This is the only
 * place that opens either: the client and the core below it are handed a base URL and never know which.
 * The simulator, and the PDF and barcode libraries it draws labels with, are loaded only when it is used.
 */
export async function openCanadaPost(
  choice: CanadaPostChoice | undefined,
  options: OpenOptions = {},
): Promise<CanadaPostBackend> {
  const plan = planBackend(choice, "nodeEnv" in options ? options.nodeEnv : process.env.NODE_ENV);
  if (plan.use === "canada-post") {
    const handle = createClientContext({ ...plan.config, ...(options.lang ? { lang: options.lang } : {}) });
    const baseUrl = handle.transport.baseUrl;
    const kind: BackendKind = plan.config.baseUrl
      ? "custom"
      : baseUrl === Hosts.production
        ? "production"
        : "sandbox";
    return { ...handle, kind, baseUrl, ...(options.platform ? { platform: options.platform } : {}) };
  }
  const { startSimulator } = await import("../simulator/index.js");
  const sim = await startSimulator({
    // A platform keeps PINs and label files across restarts: a new run must not hand the same ones out again.
    firstSequence: randomInt(1, 50_000_000),
    settings: {
      ...(plan.customerNumber ? { customerNumber: plan.customerNumber } : {}),
      ...(plan.contractId ? { contractId: plan.contractId } : {}),
      ...(options.platform ? { platform: options.platform } : {}),
    },
  });
  options.notice?.(
    plan.why === "asked"
      ? `CANADA_POST_ENV=simulator: using the built-in Canada Post simulator at ${sim.url}`
      : `No Canada Post credentials configured: using the built-in Canada Post simulator at ${sim.url} ` +
          `(in production, set CANADA_POST_USERNAME and CANADA_POST_PASSWORD, or CANADA_POST_ENV=simulator)`,
  );
  const handle = createClientContext({
    username: sim.settings.username,
    password: sim.settings.password,
    customerNumber: sim.settings.customerNumber,
    contractId: sim.settings.contractId,
    baseUrl: sim.url,
    lang: options.lang ?? plan.lang ?? "en",
  });
  return {
    ...handle,
    kind: "simulator",
    baseUrl: sim.url,
    platform: sim.settings.platform,
    simulator: { remember: (merchant) => sim.accounts.remember(merchant) },
    // The simulator first: it drops its connections, so calls still in flight end at once instead of at
    // their timeout, and the client's pool can then close.
    close: async () => {
      await sim.close();
      await handle.close();
    },
  };
}

/**
 * A client for the merchant connected through the platform: the base backend's Canada Post (or simulator),
 * the merchant's key, customer number and contract, and the platform's id on every call. Closing it closes
 * only its own pool: the base backend (and a built-in simulator) stay open.
 */
export function openMerchantBackend(
  base: CanadaPostBackend,
  merchant: {
    username: string;
    password: string;
    customerNumber: string;
    contractId?: string;
    platformId: string;
  },
  lang?: "en" | "fr",
): CanadaPostBackend {
  const handle = createClientContext({
    username: merchant.username,
    password: merchant.password,
    customerNumber: merchant.customerNumber,
    ...(merchant.contractId ? { contractId: merchant.contractId } : {}),
    platformId: merchant.platformId,
    env: base.config.env,
    ...(base.kind === "production" || base.kind === "sandbox" ? {} : { baseUrl: base.baseUrl }),
    lang: lang ?? base.config.lang,
  });
  return { ...handle, kind: base.kind, baseUrl: base.baseUrl };
}

/** A client with the platform's own key on the base backend's Canada Post; undefined without a platform. */
export function openPlatformClient(base: CanadaPostBackend): ClientContextHandle | undefined {
  if (!base.platform) return undefined;
  return createClientContext({
    username: base.platform.username,
    password: base.platform.password,
    env: base.config.env,
    ...(base.kind === "production" || base.kind === "sandbox" ? {} : { baseUrl: base.baseUrl }),
    lang: base.config.lang,
  });
}
