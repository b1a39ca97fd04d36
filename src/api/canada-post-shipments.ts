import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils";
import type { LinkDefinition, MedusaContainer } from "@medusajs/framework/types";
import type { MedusaResponse } from "@medusajs/framework/http";
import { CanadaPostError, CanadaPostThrottledError, CanadaPostTransportError } from "../canada-post";
import { fulfillmentDataOf } from "../medusa/fulfillment-data";
import {
  isTrackingStale,
  missingRows,
  recordOf,
  statusUpdateOf,
  trackingUpdateOf,
  type ShipmentRow,
} from "../medusa/records";
import { CANADA_POST_MODULE } from "../modules/canada-post";
import type CanadaPostModuleService from "../modules/canada-post/service";

/**
 * The shipment records' I/O, shared by the routes and the subscribers: recording a fulfillment's shipments
 * with their links, void or refund, and tracking refreshes. Routes are only `route.ts` files, so Medusa
 * does not load this one as a route.
 */

type Scope = Pick<MedusaContainer, "resolve">;

export function shipmentModule(scope: Scope): CanadaPostModuleService {
  return scope.resolve<CanadaPostModuleService>(CANADA_POST_MODULE);
}

export async function listRows(scope: Scope, filters: Record<string, unknown>): Promise<ShipmentRow[]> {
  const rows = await shipmentModule(scope).listCanadaPostShipments(filters, {
    order: { fulfillment_id: "ASC", parcel_index: "ASC" },
  });
  return rows as unknown as ShipmentRow[];
}

/** The row of a Canada Post shipment id; a 404 that names the id when there is none. */
export async function findRow(scope: Scope, shipmentId: string): Promise<ShipmentRow> {
  const [row] = await listRows(scope, { shipment_id: shipmentId });
  if (!row) {
    throw new MedusaError(
      MedusaError.Types.NOT_FOUND,
      `No Canada Post shipment ${shipmentId}: use the shipment_id listed by GET /admin/canada-post/shipments?order_id=...`,
    );
  }
  return row;
}

async function updateRow(scope: Scope, id: string, data: Partial<ShipmentRow>): Promise<ShipmentRow> {
  const updated = await shipmentModule(scope).updateCanadaPostShipments({ id, ...data } as never);
  return updated as unknown as ShipmentRow;
}

/**
 * Records the shipments the provider stored in a fulfillment's data, and links them to the order and the
 * fulfillment. Idempotent: parcels already recorded are not recorded twice, and links are upserted.
 */
export async function recordFulfillmentShipments(
  scope: Scope,
  event: { fulfillment_id: string; order_id?: string },
): Promise<ShipmentRow[]> {
  const query = scope.resolve(ContainerRegistrationKeys.QUERY);
  const { data } = await query.graph({
    entity: "fulfillment",
    fields: ["id", "data"],
    filters: { id: event.fulfillment_id },
  });
  const fd = fulfillmentDataOf(data[0]?.data);
  if (!fd) return [];
  const orderId = event.order_id || fd.order_id;
  const service = shipmentModule(scope);
  const existing = await listRows(scope, { fulfillment_id: event.fulfillment_id });
  const toCreate = missingRows(fd.shipments, existing, orderId, fd.parcels);
  if (toCreate.length) {
    try {
      await service.createCanadaPostShipments(toCreate as never);
    } catch (e) {
      // The same event delivered twice at once: the unique (fulfillment_id, parcel_index) index stopped the
      // second insert, and the rows are there. Anything else is a real failure.
      const again = await listRows(scope, { fulfillment_id: event.fulfillment_id });
      if (missingRows(fd.shipments, again).length) throw e;
    }
  }
  const rows = await listRows(scope, { fulfillment_id: event.fulfillment_id });
  const link = scope.resolve(ContainerRegistrationKeys.LINK);
  await link.create(
    rows.flatMap((row): LinkDefinition[] => [
      ...(orderId
        ? [
            {
              [Modules.ORDER]: { order_id: orderId },
              [CANADA_POST_MODULE]: { canada_post_shipment_id: row.id },
            },
          ]
        : []),
      {
        [Modules.FULFILLMENT]: { fulfillment_id: event.fulfillment_id },
        [CANADA_POST_MODULE]: { canada_post_shipment_id: row.id },
      },
    ]),
  );
  return rows;
}

/** Voids (or, once transmitted, asks a refund for) one shipment and stores the outcome. Idempotent. */
export async function voidOrRefundRow(scope: Scope, row: ShipmentRow): Promise<ShipmentRow> {
  const service = shipmentModule(scope);
  const { core, options } = await service.runtime();
  const outcome = await core.shipments.voidOrRefund(recordOf(row), {
    email: options.notificationEmail ?? "",
  });
  return updateRow(scope, row.id, statusUpdateOf(outcome));
}

/** Asks Canada Post for the parcel's tracking and stores it on the row. */
export async function refreshTracking(scope: Scope, row: ShipmentRow, lang?: "en" | "fr") {
  if (!row.tracking_pin) return row;
  const { core } = await shipmentModule(scope).runtime();
  const tracking = await core.track(row.tracking_pin, lang);
  return updateRow(scope, row.id, trackingUpdateOf(tracking, new Date()));
}

/** Refreshes the rows whose tracking is older than `maxAgeMs`; a row Canada Post cannot answer for keeps what it had. */
export async function refreshStaleTracking(
  scope: Scope,
  rows: ShipmentRow[],
  maxAgeMs: number,
  lang?: "en" | "fr",
): Promise<ShipmentRow[]> {
  const now = new Date();
  return Promise.all(
    rows.map(async (row) => {
      if (!isTrackingStale(row, now, maxAgeMs)) return row;
      try {
        return await refreshTracking(scope, row, lang);
      } catch {
        return row;
      }
    }),
  );
}

/**
 * Canada Post's refusals as JSON the admin can act on: its own code and description, a 4xx status for a
 * refusal, 429 when throttled, 502 when Canada Post could not be reached. Other errors go to Medusa's handler.
 */
export function sendCanadaPostError(res: MedusaResponse, e: unknown): boolean {
  if (e instanceof CanadaPostThrottledError) {
    res.status(429).json({ type: "canada_post_throttled", code: e.code, message: e.message });
    return true;
  }
  if (e instanceof CanadaPostError) {
    const refused = e.status >= 400 && e.status < 500;
    res.status(refused ? (e.status === 409 ? 409 : 400) : 502).json({
      type: "canada_post_error",
      code: e.code,
      message: e.messages[0]?.description ?? e.message,
      messages: e.messages,
      operation: e.operation,
      canada_post_status: e.status,
    });
    return true;
  }
  if (e instanceof CanadaPostTransportError) {
    res.status(502).json({ type: "canada_post_unreachable", message: e.message });
    return true;
  }
  return false;
}
