import type { ResolvedPluginOptions } from "./options";

/** The plugin's module as Medusa registers it: `container.resolve(CANADA_POST_MODULE)`. */
export const CANADA_POST_MODULE = "canadaPost";

/**
 * What the glue uses of the plugin's module service (src/modules/canada-post): its records and the options
 * Medusa gave it. Declared here so that the glue never imports the module (the module imports the glue).
 */
export interface CanadaPostModuleLike {
  readonly pluginOptions: ResolvedPluginOptions;
  listCanadaPostShipments(
    filters?: Record<string, unknown>,
    config?: Record<string, unknown>,
  ): Promise<unknown[]>;
  createCanadaPostShipments(data: unknown): Promise<unknown>;
  updateCanadaPostShipments(data: unknown): Promise<unknown>;
  listCanadaPostManifests(
    filters?: Record<string, unknown>,
    config?: Record<string, unknown>,
  ): Promise<unknown[]>;
  createCanadaPostManifests(data: unknown): Promise<unknown>;
  listCanadaPostConnections(
    filters?: Record<string, unknown>,
    config?: Record<string, unknown>,
  ): Promise<unknown[]>;
  createCanadaPostConnections(data: unknown): Promise<unknown>;
  softDeleteCanadaPostConnections(ids: string[]): Promise<unknown>;
}
