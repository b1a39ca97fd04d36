import type { MedusaContainer } from "@medusajs/framework/types";
import { ContainerRegistrationKeys } from "@medusajs/framework/utils";
import { runTrackingSync } from "../medusa/tracking-sync";

/**
 * Every 15 minutes: refreshes the tracking of undelivered Canada Post shipments within Canada Post's
 * tracking throttle, and marks fulfillments delivered once all their parcels are.
 */
export default async function canadaPostTrackingJob(container: MedusaContainer) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER);
  const report = await runTrackingSync(container);
  if ("skipped" in report) return logger.info(`Canada Post tracking: ${report.skipped}`);
  for (const f of report.failed) logger.warn(`Canada Post tracking of ${f.pin}: ${f.message}`);
  if (report.refreshed.length || report.throttled || report.remaining)
    logger.info(
      `Canada Post tracking: ${report.refreshed.length} refreshed, ${report.delivered.length} fulfillment(s) delivered` +
        (report.throttled ? ", throttled by Canada Post" : "") +
        (report.remaining ? `, ${report.remaining} left for the next run` : ""),
    );
}

export const config = {
  name: "canada-post-tracking",
  schedule: "*/15 * * * *",
};
