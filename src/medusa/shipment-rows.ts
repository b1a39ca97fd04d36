/**
 * The `canada_post_shipment` rows' I/O: the core's ShipmentRecords port (the provider records each label
 * the moment it is bought), lookups for the routes, and linking a fulfillment's rows to its order.
 */
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils";
import type { LinkDefinition, MedusaContainer } from "@medusajs/framework/types";
import type { ShipmentRecords } from "../shipping/ports";
import type { ShipmentRecord } from "../shipping/shipments";
import { fulfillmentDataOf } from "./fulfillment-data";
import { isCanadaPostProvider } from "./mapping";
import { CANADA_POST_MODULE, type CanadaPostModuleLike } from "./module-service";
import { pathId } from "./params";
import { missingRows, recordOf, recordUpdateOf, rowOf, type ShipmentRow } from "./records";

type Scope = Pick<MedusaContainer, "resolve">;

const LISTED = "use the shipment_id listed by GET /admin/canada-post/shipments?order_id=...";

export function canadaPostModule(scope: Scope): CanadaPostModuleLike {
  return scope.resolve<CanadaPostModuleLike>(CANADA_POST_MODULE);
}

export async function listRows(
  module: CanadaPostModuleLike,
  filters: Record<string, unknown>,
): Promise<ShipmentRow[]> {
  const rows = await module.listCanadaPostShipments(filters, {
    order: { fulfillment_id: "ASC", parcel_index: "ASC" },
  });
  return rows as ShipmentRow[];
}

/** The row of a Canada Post shipment id; a 404 that names the id when there is none. */
export async function findRow(module: CanadaPostModuleLike, shipmentId: string): Promise<ShipmentRow> {
  const [row] = await listRows(module, {
    shipment_id: pathId(shipmentId, "Canada Post shipment", LISTED),
  });
  if (!row)
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `No Canada Post shipment ${shipmentId}: ${LISTED}`);
  return row;
}

export async function updateRow(
  module: CanadaPostModuleLike,
  id: string,
  data: Partial<ShipmentRow>,
): Promise<ShipmentRow> {
  return (await module.updateCanadaPostShipments({ id, ...data })) as ShipmentRow;
}

/** The core's records port on the module's table: what stops a second label, whichever instance is asked. */
export class MedusaShipmentRecords implements ShipmentRecords {
  constructor(private readonly module: () => CanadaPostModuleLike) {}

  async ofOrder(orderId: string): Promise<ShipmentRecord[]> {
    return (await listRows(this.module(), { order_id: orderId })).map(recordOf);
  }

  async add(record: ShipmentRecord): Promise<void> {
    const module = this.module();
    try {
      await module.createCanadaPostShipments([rowOf(record)]);
    } catch (e) {
      // Recorded already (the unique fulfillment and parcel index): that is the row wanted.
      const [row] = await listRows(module, {
        fulfillment_id: record.fulfillmentId,
        parcel_index: record.parcelIndex,
      });
      if (!row) throw e;
    }
  }

  async update(record: ShipmentRecord): Promise<void> {
    const module = this.module();
    const [row] = await listRows(module, {
      fulfillment_id: record.fulfillmentId,
      parcel_index: record.parcelIndex,
    });
    if (!row) return this.add(record);
    await updateRow(module, row.id, recordUpdateOf(record));
  }
}

/**
 * Links a fulfillment's shipment rows to its order and to the fulfillment, creating the rows the provider
 * kept in fulfillment.data that are missing (labels bought before rows were written at purchase). A return
 * label's rows get the order the event names. Idempotent: a retried event adds nothing twice.
 */
export async function recordFulfillmentShipments(
  scope: Scope,
  event: { fulfillment_id: string; order_id?: string },
): Promise<ShipmentRow[]> {
  const module = canadaPostModule(scope);
  const query = scope.resolve(ContainerRegistrationKeys.QUERY);
  const { data } = await query.graph({
    entity: "fulfillment",
    fields: ["id", "data", "provider_id"],
    filters: { id: event.fulfillment_id },
  });
  const fulfillment = data[0] as { data?: unknown; provider_id?: string } | undefined;
  // Only this provider's fulfillments: another provider's data is not Canada Post's to record.
  if (!isCanadaPostProvider(fulfillment?.provider_id)) return [];
  const fd = fulfillmentDataOf(fulfillment?.data);
  if (!fd) return [];
  const orderId = event.order_id || fd.order_id;
  const existing = await listRows(module, { fulfillment_id: event.fulfillment_id });
  const toCreate = missingRows(fd.shipments, existing, orderId, fd.parcels);
  if (toCreate.length) {
    try {
      await module.createCanadaPostShipments(toCreate);
    } catch (e) {
      // The same event delivered twice at once: the unique (fulfillment_id, parcel_index) index stopped the
      // second insert, and the rows are there. Anything else is a real failure.
      const again = await listRows(module, { fulfillment_id: event.fulfillment_id });
      if (missingRows(fd.shipments, again).length) throw e;
    }
  }
  let rows = await listRows(module, { fulfillment_id: event.fulfillment_id });
  const misfiled = rows.filter((r) => orderId && r.order_id !== orderId);
  if (misfiled.length) {
    await module.updateCanadaPostShipments(misfiled.map((r) => ({ id: r.id, order_id: orderId })));
    rows = await listRows(module, { fulfillment_id: event.fulfillment_id });
  }
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
