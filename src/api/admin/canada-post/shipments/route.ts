import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { adminShipmentView } from "../../../../medusa/records";
import { listRows, shipmentModule } from "../../../canada-post-shipments";

/** GET /admin/canada-post/shipments?order_id=: the order's Canada Post shipments, labels and tracking. */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const { order_id, lang } = req.validatedQuery as { order_id: string; lang?: "en" | "fr" };
  const options = shipmentModule(req.scope).pluginOptions;
  const rows = await listRows(req.scope, { order_id });
  const language = lang ?? options.settings.language;
  res.json({ shipments: rows.map((r) => adminShipmentView(r, options.backendUrl, language)) });
}
