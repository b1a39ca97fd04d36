import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { runtimeOf } from "../../../../medusa/scope";
import { settingsView } from "../../../../medusa/settings-view";

/** GET /admin/canada-post/settings: the configuration in force, secrets masked, and where calls go. */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const { backend, options } = await runtimeOf(req.scope);
  res.json({ settings: settingsView(options, backend) });
}
