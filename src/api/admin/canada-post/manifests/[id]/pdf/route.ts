import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { MedusaError } from "@medusajs/framework/utils";
import { manifestFileName, type ManifestRow } from "../../../../../../medusa/manifests";
import { pathId } from "../../../../../../medusa/params";
import { runtimeOf } from "../../../../../../medusa/scope";

/**
 * GET /admin/canada-post/manifests/:id/pdf: the manifest kept when its groups were transmitted, to print
 * and hand over with the parcels. Served from the label store, never asked of Canada Post again.
 */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const { module, labels } = await runtimeOf(req.scope);
  const id = pathId(
    req.params.id,
    "Canada Post manifest",
    "use an id listed by GET /admin/canada-post/manifests",
  );
  const [row] = (await module.listCanadaPostManifests({ id })) as ManifestRow[];
  if (!row) {
    throw new MedusaError(
      MedusaError.Types.NOT_FOUND,
      `No Canada Post manifest ${req.params.id}: use an id listed by GET /admin/canada-post/manifests`,
    );
  }
  const doc = row.document_location ? await labels.get(row.document_location) : undefined;
  if (!doc) {
    throw new MedusaError(
      MedusaError.Types.NOT_FOUND,
      `No stored PDF for Canada Post manifest ${row.manifest_id}: ${row.problem ?? "the labels directory was cleared"}`,
    );
  }
  res.setHeader("Content-Type", doc.mediaType);
  res.setHeader("Content-Length", String(doc.data.length));
  res.setHeader("Content-Disposition", `inline; filename="${manifestFileName(row)}"`);
  res.setHeader("Cache-Control", "private, no-store");
  res.status(200).end(doc.data);
}
