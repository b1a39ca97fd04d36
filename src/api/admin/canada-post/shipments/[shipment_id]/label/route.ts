import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { MedusaError } from "@medusajs/framework/utils";
import { sendCanadaPostError } from "../../../../../../medusa/http-errors";
import { labelFileName, recordOf } from "../../../../../../medusa/records";
import { runtimeOf } from "../../../../../../medusa/scope";
import { findRow } from "../../../../../../medusa/shipment-rows";

/**
 * GET /admin/canada-post/shipments/:shipment_id/label: the label (PDF or ZPL), as the provider's label_url
 * points here: the stored one, or, when it could not be read when it was bought, read from Canada Post now
 * and kept. Never bought again.
 */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const { module, shipping } = await runtimeOf(req.scope);
  const row = await findRow(module, req.params.shipment_id!);
  let label;
  try {
    label = await shipping.shipments.label(recordOf(row));
  } catch (e) {
    if (sendCanadaPostError(res, e)) return;
    throw e;
  }
  if (!label) {
    throw new MedusaError(
      MedusaError.Types.NOT_FOUND,
      `No label for Canada Post shipment ${row.shipment_id}: Canada Post gave it no label link (a voided shipment has none)`,
    );
  }
  res.setHeader("Content-Type", label.mediaType);
  res.setHeader("Content-Length", String(label.data.length));
  res.setHeader("Content-Disposition", `inline; filename="${labelFileName(row, label.mediaType)}"`);
  res.setHeader("Cache-Control", "private, no-store");
  res.status(200).end(label.data);
}
