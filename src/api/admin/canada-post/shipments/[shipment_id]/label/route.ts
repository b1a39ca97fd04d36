import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { MedusaError } from "@medusajs/framework/utils";
import { labelFileName } from "../../../../../../medusa/records";
import { runtimeOf } from "../../../../../../medusa/scope";
import { findRow } from "../../../../../../medusa/shipment-rows";

/**
 * GET /admin/canada-post/shipments/:shipment_id/label: the stored label (PDF or ZPL), as the provider's
 * label_url points here. Served from the label store, never bought or fetched again.
 */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const { module, labels } = await runtimeOf(req.scope);
  const row = await findRow(module, req.params.shipment_id!);
  const label = row.label_location ? await labels.get(row.label_location) : undefined;
  if (!label) {
    throw new MedusaError(
      MedusaError.Types.NOT_FOUND,
      `No stored label for Canada Post shipment ${row.shipment_id}: its label could not be fetched when it was bought, or the labels directory was cleared`,
    );
  }
  res.setHeader("Content-Type", label.mediaType);
  res.setHeader("Content-Length", String(label.data.length));
  res.setHeader("Content-Disposition", `inline; filename="${labelFileName(row, label.mediaType)}"`);
  res.setHeader("Cache-Control", "private, no-store");
  res.status(200).end(label.data);
}
