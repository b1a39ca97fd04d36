import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { runTrackingSync } from "../../../../../medusa/tracking-sync";

/**
 * POST /admin/canada-post/tracking/sync: what the 15-minute job does, now: refreshes the tracking of
 * undelivered parcels within the account's tracking limit and marks fulfillments delivered. Run at once on
 * several instances, one refreshes and the others answer that it is under way.
 */
export async function POST(req: MedusaRequest, res: MedusaResponse) {
  const report = await runTrackingSync(req.scope, { maxRunMs: 20_000 });
  if ("skipped" in report) {
    res.status(202).json({ skipped: true, message: report.skipped });
    return;
  }
  res.json({
    refreshed: report.refreshed,
    failed: report.failed,
    delivered_fulfillments: report.delivered,
    throttled: report.throttled,
    remaining: report.remaining,
  });
}
