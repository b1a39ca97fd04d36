import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { sendCanadaPostError } from "../../../../../../medusa/http-errors";
import { adminShipmentView, trackingUpdateOf } from "../../../../../../medusa/records";
import { runtimeOf } from "../../../../../../medusa/scope";
import { findRow, updateRow } from "../../../../../../medusa/shipment-rows";

/**
 * GET /admin/canada-post/shipments/:shipment_id/tracking: asks Canada Post now (within the account's
 * tracking limit, shared with the tracking job and customers' pages), stores and returns it.
 */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const { lang } = req.validatedQuery as { lang?: "en" | "fr" };
  const { module, shipping, options } = await runtimeOf(req.scope);
  const row = await findRow(module, req.params.shipment_id!);
  try {
    const updated = row.tracking_pin
      ? await updateRow(
          module,
          row.id,
          trackingUpdateOf(await shipping.tracking.track(row.tracking_pin, lang), new Date()),
        )
      : row;
    const view = adminShipmentView(updated, options.backendUrl, lang ?? options.settings.language);
    res.json({ tracking_pin: view.tracking_pin, tracking_url: view.tracking_url, tracking: view.tracking });
  } catch (e) {
    if (!sendCanadaPostError(res, e)) throw e;
  }
}
