import type { ClientContext, OperationRequest } from "../context";
import { CanadaPostInputError } from "../errors";
import { followLink, type Link } from "../links";
import { MediaType } from "../media-types";

/*
 * Non-Contract Shipping v4: labels bought with a credit card by a customer without a contract. Paths are
 * `/rs/{customerNumber}/ncshipment...`; calls on one shipment take its id or a link Canada Post returned.
 */

export function ncShipmentBasePath(ctx: Pick<ClientContext, "config">, operation: string): string {
  const customerNumber = ctx.config.customerNumber;
  if (!customerNumber) {
    throw new CanadaPostInputError(
      operation,
      "no customer number is configured: set customerNumber (the customer number of your Canada Post account)",
    );
  }
  return `/rs/${customerNumber}/ncshipment`;
}

/** A non-contract shipment by its shipment id, or a link Canada Post returned for it (followed as given). */
export type NonContractShipmentRef = string | Link;

/** Where a call on one shipment goes: the link's own href and media type, or the path built from the id. */
export function ncShipmentTarget(
  ctx: Pick<ClientContext, "config">,
  ref: NonContractShipmentRef,
  rels: string[],
  suffix: string,
  operation: string,
): { url: string; accept: string } {
  if (typeof ref !== "string") return followLink(ref, rels, operation, "shipment");
  const id = ref.trim();
  if (!id)
    throw new CanadaPostInputError(operation, "the shipment id is empty: pass the id or a shipment link");
  return {
    url: `${ncShipmentBasePath(ctx, operation)}/${encodeURIComponent(id)}${suffix}`,
    accept: MediaType.ncshipment,
  };
}

/** A read of a non-contract shipment or one of its parts. */
export function ncShipmentRead(
  ctx: Pick<ClientContext, "config">,
  ref: NonContractShipmentRef,
  operation: string,
  rels: string[],
  suffix = "",
): OperationRequest {
  return {
    operation,
    method: "GET",
    ...ncShipmentTarget(ctx, ref, rels, suffix, operation),
    idempotent: true,
  };
}
