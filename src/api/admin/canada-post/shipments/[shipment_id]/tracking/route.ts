import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { adminShipmentView } from "../../../../../../medusa/records";
import {
  findRow,
  refreshTracking,
  sendCanadaPostError,
  shipmentModule,
} from "../../../../../canada-post-shipments";

/** GET /admin/canada-post/shipments/:shipment_id/tracking: asks Canada Post now, stores and returns it. */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const { lang } = req.validatedQuery as { lang?: "en" | "fr" };
  const options = shipmentModule(req.scope).pluginOptions;
  const row = await findRow(req.scope, req.params.shipment_id!);
  try {
    const updated = await refreshTracking(req.scope, row, lang);
    const view = adminShipmentView(updated, options.backendUrl, lang ?? options.settings.language);
    res.json({ tracking_pin: view.tracking_pin, tracking_url: view.tracking_url, tracking: view.tracking });
  } catch (e) {
    if (!sendCanadaPostError(res, e)) throw e;
  }
}
