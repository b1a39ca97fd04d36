import { z } from "zod";
import { readAnswerWith } from "../answer-schema";
import { call, parseInput, type CallOptions, type ClientContext, type OperationRequest } from "../context";
import { CanadaPostInputError } from "../errors";
import type { Link } from "../links";
import { MediaType } from "../media-types";
import { linkListReader } from "../shipping-common";
import { ncShipmentBasePath } from "./ncshipment-target";

/* Get Non-Contract Shipments (ncshipment v4): links to the shipments created in a time span, or with a PIN. */

const OP = "GetNonContractShipments";

const minute = (name: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{12}$/, `${name} must be a time as YYYYMMDDHHmm, e.g. 202401311530`);

export const GetNonContractShipmentsInputSchema = z.union([
  z.object({ from: minute("from"), to: minute("to").optional() }).strict(),
  z.object({ trackingPin: z.string().trim().min(11).max(16) }).strict(),
]);
export type GetNonContractShipmentsInput = z.input<typeof GetNonContractShipmentsInputSchema>;

export function buildGetNonContractShipmentsRequest(
  ctx: Pick<ClientContext, "config">,
  input: GetNonContractShipmentsInput,
): OperationRequest {
  const i = parseInput(GetNonContractShipmentsInputSchema, input, OP);
  const query = "trackingPin" in i ? { trackingPIN: i.trackingPin } : { from: i.from, to: i.to };
  if ("from" in i && i.to !== undefined && i.to < i.from) {
    throw new CanadaPostInputError(OP, `to ${i.to} is before from ${i.from}`);
  }
  return {
    operation: OP,
    method: "GET",
    url: ncShipmentBasePath(ctx, OP),
    query,
    accept: MediaType.ncshipment,
    idempotent: true,
  };
}

export function parseGetNonContractShipmentsResponse(xml: string, status = 200): Link[] {
  return readAnswerWith(linkListReader, xml, status, OP, "non-contract-shipments");
}

/** Get Non-Contract Shipments: links to the shipments created in a time span, or to the one with a PIN. */
export async function getNonContractShipments(
  ctx: ClientContext,
  input: GetNonContractShipmentsInput,
  opts?: CallOptions,
): Promise<Link[]> {
  return call(
    ctx,
    buildGetNonContractShipmentsRequest(ctx, input),
    parseGetNonContractShipmentsResponse,
    opts,
  );
}
