import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { shipmentModule } from "../../../canada-post-shipments";
import { settingsView } from "./settings-view";

/** GET /admin/canada-post/settings: the configuration in force, secrets masked, and where calls go. */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const { backend, options } = await shipmentModule(req.scope).runtime();
  res.json({ settings: settingsView(options, backend) });
}
