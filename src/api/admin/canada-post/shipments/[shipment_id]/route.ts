import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { adminShipmentView } from "../../../../../medusa/records";
import { findRow, shipmentModule } from "../../../../canada-post-shipments";

/** GET /admin/canada-post/shipments/:shipment_id: one shipment by Canada Post's shipment id. */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const options = shipmentModule(req.scope).pluginOptions;
  const row = await findRow(req.scope, req.params.shipment_id!);
  res.json({ shipment: adminShipmentView(row, options.backendUrl, options.settings.language) });
}
