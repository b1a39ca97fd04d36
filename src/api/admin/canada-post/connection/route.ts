import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { connectionView } from "../../../../medusa/connection-view";
import { runtimeOf } from "../../../../medusa/scope";

/** GET /admin/canada-post/connection: the merchant's Canada Post connection, and which credentials are in force. */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const runtime = await runtimeOf(req.scope);
  res.json({ connection: connectionView(runtime) });
}

/** DELETE /admin/canada-post/connection: disconnect; the configured credentials are in force again. */
export async function DELETE(req: MedusaRequest, res: MedusaResponse) {
  const runtime = await runtimeOf(req.scope);
  await runtime.disconnect();
  res.json({
    connection: connectionView({ ...runtime, connection: undefined }),
  });
}
