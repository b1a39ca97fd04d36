import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { sendCanadaPostError } from "../../../../../../medusa/http-errors";
import { adminShipmentView, recordOf } from "../../../../../../medusa/records";
import { runtimeOf } from "../../../../../../medusa/scope";
import { findRow } from "../../../../../../medusa/shipment-rows";

/**
 * POST /admin/canada-post/shipments/:shipment_id/void-or-refund: voids the label, or asks Canada Post for a
 * refund once it is transmitted (Canada Post writes to the plugin's notificationEmail). Repeating it is safe.
 */
export async function POST(req: MedusaRequest, res: MedusaResponse) {
  const { module, shipping, options } = await runtimeOf(req.scope);
  const row = await findRow(module, req.params.shipment_id!);
  try {
    if (row.status !== "voided" && row.status !== "refund_requested") {
      await shipping.shipments.voidOrRefund(recordOf(row), { email: options.notificationEmail ?? "" });
    }
    const updated = await findRow(module, row.shipment_id);
    res.json({ shipment: adminShipmentView(updated, options.backendUrl, options.settings.language) });
  } catch (e) {
    if (!sendCanadaPostError(res, e)) throw e;
  }
}
