/**
 * Cancelling a label, karrio's way: void first; a shipment Canada Post says is transmitted (400, 8064) is
 * refunded instead; a refund already requested (409, 7292) is the outcome wanted, not an error; a shipment
 * Canada Post no longer knows (404 with an empty `<messages/>`) is already gone. Any other answer reaches
 * the caller with Canada Post's code and description.
 */
import {
  type ClientContext,
  CanadaPostError,
  findLink,
  requestNonContractShipmentRefund,
  getShipmentDetails,
  requestShipmentRefund,
  voidShipment,
} from "../canada-post";
import type { ShipmentRecord } from "./shipments";

const isCode = (e: unknown, status: number, code: string) =>
  e instanceof CanadaPostError && e.status === status && e.hasCode(code);

/** The record as it stands after the void or the refund request (a new object; the given one is unchanged). */
export async function voidOrRefund(
  ctx: ClientContext,
  record: ShipmentRecord,
  refund: { email: string },
): Promise<ShipmentRecord> {
  const ref = { shipmentId: record.shipmentId, links: record.links };
  if (record.mode === "noncontract") return requestRefund(ctx, record, refund.email);
  try {
    await voidShipment(ctx, ref);
    return { ...record, status: "voided" };
  } catch (e) {
    if (e instanceof CanadaPostError && e.status === 404 && e.messages.length === 0)
      return { ...record, status: "voided" };
    if (isCode(e, 400, "8064")) return requestRefund(ctx, record, refund.email);
    throw e;
  }
}

async function requestRefund(
  ctx: ClientContext,
  record: ShipmentRecord,
  email: string,
): Promise<ShipmentRecord> {
  const nonContract = record.mode === "noncontract";
  try {
    const info = nonContract
      ? await requestNonContractShipmentRefund(
          ctx,
          findLink(record.links, "refund") ?? record.shipmentId,
          email,
        )
      : await requestShipmentRefund(ctx, { shipmentId: record.shipmentId, links: record.links }, { email });
    return { ...record, status: "refund_requested", refund: info };
  } catch (e) {
    if (!isCode(e, 409, "7292")) throw e;
    return {
      ...record,
      status: "refund_requested",
      refund: record.refund ?? (await earlierTicket(ctx, record)),
    };
  }
}

/** The ticket of the refund asked for before, when Canada Post shows it (contract shipments do). */
async function earlierTicket(ctx: ClientContext, record: ShipmentRecord): Promise<ShipmentRecord["refund"]> {
  if (record.mode === "noncontract") return {};
  const details = await getShipmentDetails(ctx, { shipmentId: record.shipmentId, links: record.links });
  return details.shipmentDetail.refundRequestInfo ?? {};
}
