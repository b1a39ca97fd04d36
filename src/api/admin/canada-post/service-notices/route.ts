import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { sendCanadaPostError } from "../../../../medusa/http-errors";
import { runtimeOf } from "../../../../medusa/scope";

/** GET /admin/canada-post/service-notices: Canada Post's current outage notices (Get Service Info), if any. */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const { shipping } = await runtimeOf(req.scope);
  try {
    res.json({ notices: await shipping.serviceNotices() });
  } catch (e) {
    if (!sendCanadaPostError(res, e)) throw e;
  }
}
