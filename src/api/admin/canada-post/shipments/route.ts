import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { adminShipmentView } from "../../../../medusa/records";
import { canadaPostModule, listRows } from "../../../../medusa/shipment-rows";

/** GET /admin/canada-post/shipments?order_id=: the order's Canada Post shipments, labels and tracking. */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const { order_id, lang } = req.validatedQuery as { order_id: string; lang?: "en" | "fr" };
  const module = canadaPostModule(req.scope);
  const { backendUrl, settings } = module.pluginOptions;
  const rows = await listRows(module, { order_id });
  res.json({ shipments: rows.map((r) => adminShipmentView(r, backendUrl, lang ?? settings.language)) });
}
