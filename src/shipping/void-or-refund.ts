/**
 * Cancelling a label, karrio's way: void first; a shipment Canada Post says is transmitted (400, 8064) is
 * refunded instead; a refund already requested (409, 7292) is the outcome wanted, not an error; a shipment
 * Canada Post no longer knows (404 with an empty `<messages/>`) is already gone. Any other answer reaches
 * the caller with Canada Post's code and description.
 *
 * A void or refund whose answer is lost (no answer in time, a dropped connection, a 5xx) may have been done
 * at Canada Post all the same: the shipment is looked up first, and the call is sent again only when it
 * shows nothing was done (a repeat cannot do it twice: a second void finds nothing, a second refund 7292).
 */
import {
  type ClientContext,
  backoffDelay,
  CanadaPostError,
  findLink,
  getShipment,
  getShipmentDetails,
  isIndefinite,
  requestNonContractShipmentRefund,
  requestShipmentRefund,
  voidShipment,
} from "../canada-post";
import type { ShipmentRecord } from "./shipments";

const isCode = (e: unknown, status: number, code: string) =>
  e instanceof CanadaPostError && e.status === status && e.hasCode(code);

/** Canada Post no longer knows the shipment: a 404, with an empty `<messages/>` for a void. */
const isGone = (e: unknown) => e instanceof CanadaPostError && e.status === 404;

/** The record as it stands after the void or the refund request (a new object; the given one is unchanged). */
export async function voidOrRefund(
  ctx: ClientContext,
  record: ShipmentRecord,
  refund: { email: string },
): Promise<ShipmentRecord> {
  const ref = { shipmentId: record.shipmentId, links: record.links };
  if (record.mode === "noncontract") return requestRefund(ctx, record, refund.email);
  try {
    return await untilKnown(
      ctx,
      async () => {
        await voidShipment(ctx, ref);
        return { ...record, status: "voided" };
      },
      // Looked up after a lost answer: gone means the void was done.
      () =>
        getShipment(ctx, ref).then(
          () => undefined,
          (e: unknown) => {
            if (isGone(e)) return { ...record, status: "voided" };
            throw e;
          },
        ),
    );
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
  const ref = { shipmentId: record.shipmentId, links: record.links };
  try {
    return await untilKnown(
      ctx,
      async () => {
        const info = nonContract
          ? await requestNonContractShipmentRefund(
              ctx,
              findLink(record.links, "refund") ?? record.shipmentId,
              email,
            )
          : await requestShipmentRefund(ctx, ref, { email });
        return { ...record, status: "refund_requested", refund: info };
      },
      // A contract shipment shows a refund asked for; a non-contract one is asked again (7292 tells).
      async () => {
        if (nonContract) return undefined;
        const info = (await getShipmentDetails(ctx, ref)).shipmentDetail.refundRequestInfo;
        return info ? { ...record, status: "refund_requested", refund: info } : undefined;
      },
    );
  } catch (e) {
    if (!isCode(e, 409, "7292")) throw e;
    return {
      ...record,
      status: "refund_requested",
      refund: record.refund ?? (await earlierTicket(ctx, record)),
    };
  }
}

/**
 * Sends, and after an answer that was lost looks up what Canada Post did (`done`: the outcome when it was
 * done, undefined when not, or when the lookup fails too) before sending again, up to the client's retries;
 * then the last failure is reported: nothing is known to have been done.
 */
async function untilKnown(
  ctx: ClientContext,
  send: () => Promise<ShipmentRecord>,
  done: () => Promise<ShipmentRecord | undefined>,
): Promise<ShipmentRecord> {
  for (let attempt = 1; ; attempt++) {
    let failure: unknown;
    try {
      return await send();
    } catch (e) {
      if (!isIndefinite(e)) throw e;
      failure = e;
    }
    // A call still running at Canada Post gets a moment to finish before it is looked for.
    await new Promise((r) => setTimeout(r, backoffDelay(ctx.config.retryDelayMs, attempt)));
    const known = await done().catch(() => undefined);
    if (known) return known;
    if (attempt > ctx.config.retries) throw failure;
  }
}

/** The ticket of the refund asked for before, when Canada Post shows it (contract shipments do). */
async function earlierTicket(ctx: ClientContext, record: ShipmentRecord): Promise<ShipmentRecord["refund"]> {
  if (record.mode === "noncontract") return {};
  const details = await getShipmentDetails(ctx, { shipmentId: record.shipmentId, links: record.links });
  return details.shipmentDetail.refundRequestInfo ?? {};
}
