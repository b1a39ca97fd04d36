import { MedusaService } from "@medusajs/framework/utils";
import {
  resolvePluginOptions,
  type CanadaPostPluginOptions,
  type ResolvedPluginOptions,
} from "../../medusa/options";
import { CanadaPostConnection } from "./models/canada-post-connection";
import { CanadaPostManifest } from "./models/canada-post-manifest";
import { CanadaPostShipment } from "./models/canada-post-shipment";

/**
 * The plugin's module: the shipment and manifest records, the merchant's Canada Post connection, and the options Medusa gave the plugin (checked
 * at load, so that bad settings stop the app with every problem listed).
 */
export default class CanadaPostModuleService extends MedusaService({
  CanadaPostShipment,
  CanadaPostManifest,
  CanadaPostConnection,
}) {
  readonly pluginOptions: ResolvedPluginOptions;

  constructor(container: Record<string, unknown>, options: CanadaPostPluginOptions) {
    // eslint-disable-next-line prefer-rest-params
    super(...arguments);
    this.pluginOptions = resolvePluginOptions(options);
  }
}
