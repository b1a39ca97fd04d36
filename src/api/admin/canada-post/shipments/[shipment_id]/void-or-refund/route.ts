import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { adminShipmentView } from "../../../../../../medusa/records";
import {
  findRow,
  sendCanadaPostError,
  shipmentModule,
  voidOrRefundRow,
} from "../../../../../canada-post-shipments";

/**
 * POST /admin/canada-post/shipments/:shipment_id/void-or-refund: voids the label, or asks Canada Post for a
 * refund once it is transmitted (Canada Post writes to the plugin's notificationEmail). Repeating it is safe.
 */
export async function POST(req: MedusaRequest, res: MedusaResponse) {
  const options = shipmentModule(req.scope).pluginOptions;
  const row = await findRow(req.scope, req.params.shipment_id!);
  try {
    const updated =
      row.status === "voided" || row.status === "refund_requested"
        ? row
        : await voidOrRefundRow(req.scope, row);
    res.json({ shipment: adminShipmentView(updated, options.backendUrl, options.settings.language) });
  } catch (e) {
    if (!sendCanadaPostError(res, e)) throw e;
  }
}
