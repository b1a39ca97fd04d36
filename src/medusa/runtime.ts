import { createHash } from "node:crypto";
import type { CanadaPostConfigInput } from "../canada-post";
import { openCanadaPost, type CanadaPostBackend } from "../runtime/open-canada-post";
import { ShippingCore } from "../shipping/core";
import { FileLabelStore } from "../shipping/label-store";
import type { ResolvedPluginOptions } from "./options";

export interface CanadaPostRuntime {
  core: ShippingCore;
  backend: CanadaPostBackend;
  labels: FileLabelStore;
  options: ResolvedPluginOptions;
}

/**
 * One runtime per configuration and process. Medusa builds the provider and the module in separate
 * containers, but they must share one Canada Post: with no credentials, one built-in simulator, so that a
 * label bought by the provider can be voided through the module's routes.
 */
const runtimes = new Map<string, Promise<CanadaPostRuntime>>();

export function credentialsOf(options: ResolvedPluginOptions): CanadaPostConfigInput | undefined {
  const c = options.settings.canadaPost;
  if (!c.username || !c.password)
    return { username: "", password: "", customerNumber: c.customerNumber, contractId: c.contractId };
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

export function canadaPostRuntime(
  options: ResolvedPluginOptions,
  log: (message: string) => void = (m) => console.info(m),
): Promise<CanadaPostRuntime> {
  const key = createHash("sha256").update(JSON.stringify(options)).digest("hex");
  let runtime = runtimes.get(key);
  if (!runtime) {
    runtime = (async () => {
      const backend = await openCanadaPost(credentialsOf(options), {
        lang: options.settings.language,
        notice: log,
      });
      const labels = new FileLabelStore(options.labelsDir);
      const core = new ShippingCore({ settings: options.settings, ctx: backend, labels });
      return { core, backend, labels, options };
    })();
    runtime.catch(() => runtimes.delete(key));
    runtimes.set(key, runtime);
  }
  return runtime;
}

/** Closes every runtime of this process (tests, shutdown). */
export async function closeCanadaPostRuntimes(): Promise<void> {
  const all = [...runtimes.values()];
  runtimes.clear();
  await Promise.all(all.map(async (r) => (await r).backend.close()));
}
