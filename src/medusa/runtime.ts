import { createHash } from "node:crypto";
import { planBackend, type CanadaPostChoice } from "../runtime/choice";
import { openCanadaPost, type CanadaPostBackend } from "../runtime/open-canada-post";
import { createShipping, type Shipping } from "../shipping/create-shipping";
import type { LabelStore } from "../shipping/label-store";
import { MemoryCache } from "../shipping/memory-cache";
import type { Logger } from "../shipping/ports";
import type { ScenarioOutcome } from "../shipping/quotes";
import { MedusaLocks, type MedusaLocking } from "./locks";
import { MedusaCacheStore, MedusaFileLabelStore, type MedusaCache, type MedusaFiles } from "./medusa-ports";
import type { CanadaPostModuleLike } from "./module-service";
import type { ResolvedPluginOptions } from "./options";
import { MedusaShipmentRecords } from "./shipment-rows";

/** What a Medusa container gives the core: the plugin's records, and Medusa's Locking, File and cache modules. */
export interface MedusaPorts {
  module?: CanadaPostModuleLike;
  locking?: MedusaLocking;
  files?: MedusaFiles;
  cache?: MedusaCache;
}

export interface CanadaPostRuntime {
  backend: CanadaPostBackend;
  labels: LabelStore;
  options: ResolvedPluginOptions;
  /** Medusa's Locking module, once a container handed it over. */
  locking(): MedusaLocking;
  /** The core, one per process and configuration, on this store's records and locks. */
  shipping: Shipping;
  /** Hands the runtime the container's records and locking (routes, jobs and the provider each can). */
  provide(ports: MedusaPorts): void;
}

/**
 * One runtime per configuration and process. Medusa builds the provider and the module in separate
 * containers, but they must share one Canada Post (with no credentials, one built-in simulator, so that a
 * label bought by the provider can be voided through the module's routes), one quote cache, one tracking
 * limiter and one view of the records.
 */
const runtimes = new Map<string, Promise<CanadaPostRuntime>>();

export function credentialsOf(options: ResolvedPluginOptions): CanadaPostChoice | undefined {
  const c = options.settings.canadaPost;
  if (!c.username || !c.password)
    return { customerNumber: c.customerNumber, contractId: c.contractId, env: c.env };
  return {
    username: c.username,
    password: c.password,
    customerNumber: c.customerNumber,
    contractId: c.contractId,
    mobo: c.mobo,
    env: c.env,
    baseUrl: c.baseUrl,
    lang: c.lang ?? options.settings.language,
  };
}

const MISSING_DEPENDENCIES =
  'Canada Post labels need the plugin\'s shipment records and Medusa\'s Locking and File modules in the fulfillment module: add dependencies: ["canadaPost", "locking", "file", "cache"] to the "@medusajs/medusa/fulfillment" entry of medusa-config (see the README, "Use it in your own Medusa app")';

export function canadaPostRuntime(
  options: ResolvedPluginOptions,
  logger?: Logger,
): Promise<CanadaPostRuntime> {
  const key = createHash("sha256").update(JSON.stringify(options)).digest("hex");
  let runtime = runtimes.get(key);
  if (!runtime) {
    runtime = (async () => {
      const backend = await openCanadaPost(credentialsOf(options), {
        lang: options.settings.language,
        notice: (m) => (logger ? logger.info(m) : console.info(m)),
      });
      const ports: MedusaPorts = {};
      const need = <T>(port: T | undefined): T => {
        if (!port) throw new Error(MISSING_DEPENDENCIES);
        return port;
      };
      // Labels in Medusa's File Module; those kept in the labels directory before are still read there.
      const labels = new MedusaFileLabelStore(() => need(ports.files), options.labelsDir);
      const shipping = createShipping({
        settings: options.settings,
        canadaPost: backend,
        labels,
        // Medusa's cache module when a container gave it (shared by instances with Redis), else this process's.
        cache: new MedusaCacheStore<ScenarioOutcome>(() => ports.cache, new MemoryCache<ScenarioOutcome>()),
        records: new MedusaShipmentRecords(() => need(ports.module)),
        locks: new MedusaLocks(() => need(ports.locking)),
        logger,
        trackingCallsPerMinute: options.trackingCallsPerMinute,
      });
      return {
        backend,
        labels,
        options,
        shipping,
        locking: () => need(ports.locking),
        provide: (given) => {
          ports.module ??= given.module;
          ports.locking ??= given.locking;
          ports.files ??= given.files;
          ports.cache ??= given.cache;
        },
      };
    })();
    runtime.catch(() => runtimes.delete(key));
    runtimes.set(key, runtime);
  }
  return runtime;
}

/** Stops a load the runtime would refuse anyway (production without credentials), before any checkout. */
export function checkCanadaPostChoice(options: ResolvedPluginOptions): void {
  planBackend(credentialsOf(options));
}

/** Closes every runtime of this process (tests, shutdown). */
export async function closeCanadaPostRuntimes(): Promise<void> {
  const all = [...runtimes.values()];
  runtimes.clear();
  await Promise.all(all.map(async (r) => (await r).backend.close()));
}
