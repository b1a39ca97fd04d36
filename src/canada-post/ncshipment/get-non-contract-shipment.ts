import { call, type CallOptions, type ClientContext, type OperationRequest } from "../context";
import { CanadaPostInputError } from "../errors";
import { findLink } from "../links";
import { getArtifact, type Artifact } from "../shipment/get-artifact";
import { parseNonContractShipmentInfo, type NonContractShipmentInfo } from "./create-non-contract-shipment";
import { ncShipmentRead, type NonContractShipmentRef } from "./ncshipment-target";

/* Get Non-Contract Shipment (ncshipment v4): the shipment id, tracking PIN and links, again. */

const OP = "GetNonContractShipment";

export function buildGetNonContractShipmentRequest(
  ctx: Pick<ClientContext, "config">,
  ref: NonContractShipmentRef,
): OperationRequest {
  return ncShipmentRead(ctx, ref, OP, ["self", "shipment"]);
}

export function parseGetNonContractShipmentResponse(xml: string, status = 200): NonContractShipmentInfo {
  return parseNonContractShipmentInfo(xml, status, OP);
}

/** Get Non-Contract Shipment: the shipment id, tracking PIN and links, again. */
export async function getNonContractShipment(
  ctx: ClientContext,
  ref: NonContractShipmentRef,
  opts?: CallOptions,
): Promise<NonContractShipmentInfo> {
  return call(ctx, buildGetNonContractShipmentRequest(ctx, ref), parseGetNonContractShipmentResponse, opts);
}

/** The label (PDF) of a created shipment, through its `label` link (Get Artifact). */
export async function getNonContractShipmentLabel(
  ctx: ClientContext,
  shipment: Pick<NonContractShipmentInfo, "links">,
  opts?: CallOptions,
): Promise<Artifact> {
  const link = findLink(shipment.links, "label");
  if (!link) {
    throw new CanadaPostInputError(
      "GetNonContractShipmentLabel",
      "this shipment has no label link: pass the result of createNonContractShipment or getNonContractShipment",
    );
  }
  return getArtifact(ctx, link, opts);
}
