import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { MedusaError } from "@medusajs/framework/utils";
import {
  checkGroupsToTransmit,
  ManifestRequestError,
  manifestRowOf,
  manifestView,
  modeNote,
  waitingGroups,
  type ManifestRow,
} from "../../../../medusa/manifests";
import { ManifestSettingsError } from "../../../../shipping/manifests";
import { listRows, sendCanadaPostError, shipmentModule } from "../../../canada-post-shipments";

type Scope = MedusaRequest["scope"];

/** Shipments still to transmit: created in manifest mode (only those have a group). */
const waitingRows = (scope: Scope) => listRows(scope, { status: "created", mode: "manifest" });

async function history(scope: Scope): Promise<ManifestRow[]> {
  const rows = await shipmentModule(scope).listCanadaPostManifests({}, { order: { created_at: "DESC" } });
  return rows as unknown as ManifestRow[];
}

/**
 * GET /admin/canada-post/manifests: the shipment mode (with what it means for end of day), the groups
 * waiting for transmit with their counts, and the manifests made so far, newest first.
 */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const { pluginOptions } = shipmentModule(req.scope);
  const mode = pluginOptions.settings.shipments.mode;
  const [rows, manifests] = await Promise.all([waitingRows(req.scope), history(req.scope)]);
  res.json({
    mode,
    note: modeNote(mode),
    waiting: waitingGroups(rows),
    manifests: manifests.map((m) => manifestView(m, pluginOptions.backendUrl)),
  });
}

/**
 * POST /admin/canada-post/manifests { group_ids }: transmits the groups through the core, records the
 * manifests Canada Post made (their PDFs kept in the label store) and marks the groups' shipments
 * transmitted. Never retried by itself: a second transmit could manifest the same shipments twice.
 */
export async function POST(req: MedusaRequest, res: MedusaResponse) {
  const { group_ids } = req.validatedBody as { group_ids: string[] };
  const service = shipmentModule(req.scope);
  const rows = await waitingRows(req.scope);
  let groupIds: string[];
  try {
    groupIds = checkGroupsToTransmit(group_ids, waitingGroups(rows));
  } catch (e) {
    if (e instanceof ManifestRequestError) throw new MedusaError(MedusaError.Types.INVALID_DATA, e.message);
    throw e;
  }
  const { core } = await service.runtime();
  let records;
  try {
    records = await core.shipments.transmitGroups(groupIds);
  } catch (e) {
    if (sendCanadaPostError(res, e)) return;
    if (e instanceof ManifestSettingsError) throw new MedusaError(MedusaError.Types.INVALID_DATA, e.message);
    throw e;
  }
  const transmitted = rows.filter((r) => groupIds.includes(r.group_id!));
  // Canada Post has the shipments now: mark them before anything else can fail, so they are not offered again.
  if (transmitted.length) {
    await service.updateCanadaPostShipments(
      transmitted.map((r) => ({ id: r.id, status: "transmitted" })) as never,
    );
  }
  const created = records.length
    ? ((await service.createCanadaPostManifests(
        records.map((m) => manifestRowOf(m, transmitted.length)) as never,
      )) as unknown as ManifestRow[])
    : [];
  res.json({
    transmitted: { group_ids: groupIds, shipment_count: transmitted.length },
    manifests: created.map((m) => manifestView(m, service.pluginOptions.backendUrl)),
  });
}
