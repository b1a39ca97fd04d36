import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { medusaErrorOf, sendCanadaPostError } from "../../../../medusa/http-errors";
import {
  manifestRowOf,
  manifestView,
  modeNote,
  waitingGroupView,
  type ManifestRow,
} from "../../../../medusa/manifests";
import type { CanadaPostModuleLike } from "../../../../medusa/module-service";
import { recordOf } from "../../../../medusa/records";
import { runtimeOf } from "../../../../medusa/scope";
import { listRows } from "../../../../medusa/shipment-rows";

/** Shipments still to transmit: created in manifest mode (only those have a group). */
const waitingRecords = async (module: CanadaPostModuleLike) =>
  (await listRows(module, { status: "created", mode: "manifest" })).map(recordOf);

async function history(module: CanadaPostModuleLike): Promise<ManifestRow[]> {
  return (await module.listCanadaPostManifests({}, { order: { created_at: "DESC" } })) as ManifestRow[];
}

/**
 * GET /admin/canada-post/manifests: the shipment mode (with what it means for end of day), the groups
 * waiting for transmit with their counts, and the manifests made so far, newest first.
 */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const { module, shipping, options } = await runtimeOf(req.scope);
  const mode = shipping.settings.shipments.mode;
  const [waiting, manifests] = await Promise.all([waitingRecords(module), history(module)]);
  res.json({
    mode,
    note: modeNote(mode),
    waiting: shipping.manifests.waiting(waiting).map(waitingGroupView),
    manifests: manifests.map((m) => manifestView(m, options.backendUrl)),
  });
}

/**
 * POST /admin/canada-post/manifests { group_ids }: the core transmits the groups (only groups that wait),
 * keeps the manifests' PDFs and records the groups' shipments as transmitted; the manifests are recorded
 * here. Never retried by itself: a second transmit could manifest the same shipments twice.
 */
export async function POST(req: MedusaRequest, res: MedusaResponse) {
  const { group_ids } = req.validatedBody as { group_ids: string[] };
  const { module, shipping, options } = await runtimeOf(req.scope);
  let result;
  try {
    result = await shipping.manifests.transmit(group_ids, await waitingRecords(module));
  } catch (e) {
    if (sendCanadaPostError(res, e)) return;
    throw medusaErrorOf(e);
  }
  const { manifests, transmitted } = result;
  const created = manifests.length
    ? ((await module.createCanadaPostManifests(
        manifests.map((m) => manifestRowOf(m, transmitted.length)),
      )) as ManifestRow[])
    : [];
  res.json({
    transmitted: {
      group_ids: [...new Set(transmitted.map((r) => r.groupId!))],
      shipment_count: transmitted.length,
    },
    manifests: created.map((m) => manifestView(m, options.backendUrl)),
  });
}
