import { createHash } from "node:crypto";
import { CanadaPostSetupError, planBackend, platformFromEnv, type CanadaPostChoice } from "../runtime/choice";
import {
  openCanadaPost,
  openMerchantBackend,
  openPlatformClient,
  type CanadaPostBackend,
} from "../runtime/open-canada-post";
import { encryptionKeyFromEnv, MISSING_KEY, type EncryptionKey } from "../shipping/connection-secrets";
import { createShipping, type Shipping } from "../shipping/create-shipping";
import type { LabelStore } from "../shipping/label-store";
import { MemoryCache } from "../shipping/memory-cache";
import type { Logger } from "../shipping/ports";
import {
  MerchantRegistration,
  openConnection,
  settingsWithConnection,
  type MerchantConnection,
} from "../shipping/merchant-connection";
import type { ScenarioOutcome } from "../shipping/quotes";
import { MedusaConnectionStore, MedusaPendingRegistrations } from "./connection-rows";
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
  /** Where calls go now: the connected merchant's key when there is a connection, else the configured one. */
  backend: CanadaPostBackend;
  /** The configured Canada Post (environment credentials, or the built-in simulator), under any connection. */
  base: CanadaPostBackend;
  /** The merchant connected with Connect with Canada Post, in force; undefined when none. */
  connection?: MerchantConnection;
  /** Connect with Canada Post, when a platform key is known (always with the built-in simulator). */
  registration?: MerchantRegistration;
  encryptionKey?: EncryptionKey;
  /** Resolves once the stored connection (if any) is in force; rejects when it cannot be read. */
  ready(): Promise<void>;
  /** Puts a new connection in force (its key already stored): backend and core rebuilt. */
  connect(connection: MerchantConnection): void;
  /** Forgets the connection: the configured credentials are in force again. */
  disconnect(): Promise<void>;
  labels: LabelStore;
  options: ResolvedPluginOptions;
  /** Medusa's Locking module, once a container handed it over. */
  locking(): MedusaLocking;
  /** The core, one per process and configuration, on this store's records and locks (rebuilt on connect). */
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
      const base = await openCanadaPost(credentialsOf(options), {
        lang: options.settings.language,
        notice: (m) => (logger ? logger.info(m) : console.info(m)),
        platform: platformFromEnv(),
      });
      const ports: MedusaPorts = {};
      const need = <T>(port: T | undefined): T => {
        if (!port) throw new Error(MISSING_DEPENDENCIES);
        return port;
      };
      // Labels in Medusa's File Module; those kept in the labels directory before are still read there.
      const labels = new MedusaFileLabelStore(() => need(ports.files), options.labelsDir);
      const cache = new MedusaCacheStore<ScenarioOutcome>(
        () => ports.cache,
        new MemoryCache<ScenarioOutcome>(),
      );
      const build = (backend: CanadaPostBackend, settings = options.settings) =>
        createShipping({
          settings,
          canadaPost: backend,
          labels,
          // Medusa's cache module when a container gave it (shared by instances with Redis), else this process's.
          cache,
          records: new MedusaShipmentRecords(() => need(ports.module)),
          locks: new MedusaLocks(() => need(ports.locking)),
          logger,
          trackingCallsPerMinute: options.trackingCallsPerMinute,
        });
      const encryptionKey = encryptionKeyFromEnv();
      if (encryptionKey?.development)
        (logger ?? console).warn(
          "CANADA_POST_ENCRYPTION_KEY is not set: a connected merchant's Canada Post key is sealed with a development key that protects nothing. Set it (openssl rand -hex 32) before going live.",
        );
      const connections = new MedusaConnectionStore(() => need(ports.module));
      const platform = openPlatformClient(base);
      let loading: Promise<void> | undefined;
      /** A merchant backend replaced by a new connection keeps serving calls in flight, then closes. */
      const retire = (old: CanadaPostBackend) => {
        if (old === base) return;
        setTimeout(() => void old.close().catch(() => undefined), 60_000).unref();
      };
      const r: CanadaPostRuntime = {
        backend: base,
        base,
        labels,
        options,
        encryptionKey,
        shipping: build(base),
        registration:
          platform &&
          new MerchantRegistration({
            platform,
            platformId: base.platform!.platformId,
            pending: new MedusaPendingRegistrations(() => ports.cache),
            connections,
            key: encryptionKey,
          }),
        locking: () => need(ports.locking),
        provide: (given) => {
          ports.module ??= given.module;
          ports.locking ??= given.locking;
          ports.files ??= given.files;
          ports.cache ??= given.cache;
        },
        ready: () => {
          if (!ports.module) return Promise.resolve();
          loading ??= (async () => {
            const stored = await connections.load();
            if (!stored) return;
            if (!encryptionKey)
              throw new CanadaPostSetupError(`A Canada Post connection is stored, but ${MISSING_KEY}`);
            const c = openConnection(encryptionKey, stored);
            // The built-in simulator forgets between runs; Canada Post would not: it accepts the key again.
            base.simulator?.remember({ ...c, creditCard: c.hasCreditCard });
            r.connect(c);
          })();
          loading.catch(() => (loading = undefined));
          return loading;
        },
        connect: (c) => {
          const old = r.backend;
          const backend = openMerchantBackend(base, c, options.settings.language);
          r.backend = backend;
          r.shipping = build(backend, settingsWithConnection(options.settings, c));
          r.connection = c;
          retire(old);
        },
        disconnect: async () => {
          await connections.remove();
          const old = r.backend;
          r.backend = base;
          r.shipping = build(base);
          r.connection = undefined;
          retire(old);
        },
      };
      return r;
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
  await Promise.all(
    all.map(async (r) => {
      const runtime = await r;
      if (runtime.backend !== runtime.base) await runtime.backend.close();
      await runtime.base.close();
    }),
  );
}
