import { MedusaService } from "@medusajs/framework/utils";
import {
  resolvePluginOptions,
  type CanadaPostPluginOptions,
  type ResolvedPluginOptions,
} from "../../medusa/options";
import { canadaPostRuntime, type CanadaPostRuntime } from "../../medusa/runtime";
import { CanadaPostManifest } from "./models/canada-post-manifest";
import { CanadaPostShipment } from "./models/canada-post-shipment";

/** The plugin's module: the shipment and manifest records, and the Canada Post runtime the routes and jobs use. */
export default class CanadaPostModuleService extends MedusaService({
  CanadaPostShipment,
  CanadaPostManifest,
}) {
  readonly pluginOptions: ResolvedPluginOptions;

  constructor(container: Record<string, unknown>, options: CanadaPostPluginOptions) {
    // eslint-disable-next-line prefer-rest-params
    super(...arguments);
    this.pluginOptions = resolvePluginOptions(options);
  }

  /** The shared Canada Post runtime (the same one the fulfillment provider uses). */
  runtime(): Promise<CanadaPostRuntime> {
    return canadaPostRuntime(this.pluginOptions);
  }
}
