import type { ClientContext, OperationRequest } from "../context";
import { CanadaPostInputError } from "../errors";
import { findLink, type Link } from "../links";
import { MediaType } from "../media-types";

/** `/rs/{mailedBy}/{mobo}`: the mailed-by customer and the customer mailed on behalf of (itself by default). */
export function accountPath(ctx: Pick<ClientContext, "config">, operation: string): string {
  const mailedBy = ctx.config.customerNumber;
  if (!mailedBy) {
    throw new CanadaPostInputError(
      operation,
      "no customer number is configured: set customerNumber (CANADA_POST_CUSTOMER_NUMBER), the mailed-by customer number of your Canada Post contract",
    );
  }
  return `/rs/${mailedBy}/${ctx.config.mobo ?? mailedBy}`;
}

/** A shipment as its id, one of its links, or what Create/Get Shipment returned (its links are followed). */
export type ShipmentRef = string | Link | { shipmentId: string; links: Link[] };

/** Where a call on a shipment goes. */
export interface ShipmentTarget {
  url: string;
  accept: string;
}

/** The link Canada Post gave when there is one (of one of `rels`), else the documented path. */
export function shipmentTarget(
  ctx: Pick<ClientContext, "config">,
  ref: ShipmentRef,
  operation: string,
  rels: string[],
  suffix = "",
): ShipmentTarget {
  if (typeof ref === "string") {
    const id = ref.trim();
    if (!/^[\w-]{1,32}$/.test(id)) {
      throw new CanadaPostInputError(
        operation,
        `"${ref}" is not a shipment id: pass the shipment-id Canada Post returned (up to 32 letters or digits) or one of the shipment's links`,
      );
    }
    return {
      url: `${accountPath(ctx, operation)}/shipment/${encodeURIComponent(id)}${suffix}`,
      accept: MediaType.shipment,
    };
  }
  if ("href" in ref) {
    if (!rels.includes(ref.rel)) {
      throw new CanadaPostInputError(
        operation,
        `needs the shipment's "${rels.join('" or "')}" link, not its "${ref.rel}" link (or pass the shipment id)`,
      );
    }
    return { url: ref.href, accept: ref.mediaType || MediaType.shipment };
  }
  const link = rels.map((rel) => findLink(ref.links, rel)).find((l) => l !== undefined);
  return link
    ? { url: link.href, accept: link.mediaType || MediaType.shipment }
    : shipmentTarget(ctx, ref.shipmentId, operation, rels, suffix);
}

/** A read of a shipment or one of its parts (details, price, receipt). */
export function shipmentRead(
  ctx: Pick<ClientContext, "config">,
  ref: ShipmentRef,
  operation: string,
  rels: string[],
  suffix = "",
): OperationRequest {
  return { operation, method: "GET", ...shipmentTarget(ctx, ref, operation, rels, suffix), idempotent: true };
}
