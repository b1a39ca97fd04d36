import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { adminShipmentView } from "../../../../../medusa/records";
import { canadaPostModule, findRow } from "../../../../../medusa/shipment-rows";

/** GET /admin/canada-post/shipments/:shipment_id: one shipment by Canada Post's shipment id. */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const module = canadaPostModule(req.scope);
  const { backendUrl, settings } = module.pluginOptions;
  const row = await findRow(module, req.params.shipment_id!);
  res.json({ shipment: adminShipmentView(row, backendUrl, settings.language) });
}
