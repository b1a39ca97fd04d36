import type { MedusaContainer } from "@medusajs/framework/types";
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils";
import type { MedusaLocking } from "./locks";
import type { MedusaCache, MedusaFiles } from "./medusa-ports";
import { CANADA_POST_MODULE, type CanadaPostModuleLike } from "./module-service";
import { canadaPostRuntime, type CanadaPostRuntime } from "./runtime";

type Scope = Pick<MedusaContainer, "resolve">;

/**
 * The Canada Post runtime from a route's, job's or subscriber's container: the shared core, handed this
 * container's records and locking, and the plugin's options.
 */
export async function runtimeOf(scope: Scope): Promise<CanadaPostRuntime & { module: CanadaPostModuleLike }> {
  const module = scope.resolve<CanadaPostModuleLike>(CANADA_POST_MODULE);
  const logger = scope.resolve(ContainerRegistrationKeys.LOGGER);
  const runtime = await canadaPostRuntime(module.pluginOptions, logger);
  runtime.provide({
    module,
    locking: scope.resolve<MedusaLocking>(Modules.LOCKING),
    files: scope.resolve<MedusaFiles>(Modules.FILE),
    cache: scope.resolve<MedusaCache>(Modules.CACHE, { allowUnregistered: true }) ?? undefined,
  });
  await runtime.ready();
  // A copy: a request keeps the backend and core it started with, even if the merchant reconnects meanwhile.
  return { ...runtime, module };
}
