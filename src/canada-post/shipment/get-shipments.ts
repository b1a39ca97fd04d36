import { z } from "zod";
import { readAnswerWith } from "../answer-schema";
import { call, parseInput, type CallOptions, type ClientContext, type OperationRequest } from "../context";
import { CanadaPostInputError } from "../errors";
import type { Link } from "../links";
import { MediaType } from "../media-types";
import { linkListReader } from "../shipping-common";
import { accountPath } from "./shipment-target";

/* Get Shipments (contract shipping v8): the `shipment` links matching one criterion. */

const OP = "GetShipments";

export const GetShipmentsInputSchema = z.object({
  /** The shipments of one group not yet transmitted. */
  groupId: z.string().trim().min(1).max(32).optional(),
  /** Shipments created with transmitShipment on one day; date YYYY-MM-DD or YYYYMMDD. */
  noManifest: z
    .object({
      date: z.string().regex(/^\d{4}-?\d{2}-?\d{2}$/, "must be a date YYYY-MM-DD"),
      limit: z.number().int().positive().optional(),
    })
    .optional(),
  trackingPin: z.string().trim().min(1).max(16).optional(),
  customerRequestId: z.string().trim().min(1).max(35).optional(),
});
export type GetShipmentsInput = z.input<typeof GetShipmentsInputSchema>;

/** The GET of a Get Shipments call: exactly one criterion, or the group link of a shipment followed. */
export function buildGetShipmentsRequest(
  ctx: Pick<ClientContext, "config">,
  input: GetShipmentsInput | Link,
): OperationRequest {
  const read = { operation: OP, method: "GET", idempotent: true } as const;
  if ("href" in input) return { ...read, url: input.href, accept: input.mediaType || MediaType.shipment };
  const i = parseInput(GetShipmentsInputSchema, input, OP);
  const given = [i.groupId, i.noManifest, i.trackingPin, i.customerRequestId].filter((v) => v !== undefined);
  if (given.length !== 1) {
    throw new CanadaPostInputError(
      OP,
      `give exactly one of groupId, noManifest { date }, trackingPin or customerRequestId (got ${given.length})`,
    );
  }
  return {
    ...read,
    url: `${accountPath(ctx, OP)}/shipment`,
    accept: MediaType.shipment,
    query: {
      groupId: i.groupId,
      noManifest: i.noManifest ? "true" : undefined,
      date: i.noManifest?.date.replace(/-/g, ""),
      limit: i.noManifest?.limit,
      trackingPIN: i.trackingPin,
      customerRequestId: i.customerRequestId,
    },
  };
}

export function parseGetShipmentsResponse(xml: string, status = 200): Link[] {
  return readAnswerWith(linkListReader, xml, status, OP, "shipments");
}

/** Get Shipments: the `shipment` links matching exactly one criterion (or the group link of a shipment). */
export async function getShipments(
  ctx: ClientContext,
  input: GetShipmentsInput | Link,
  opts?: CallOptions,
): Promise<Link[]> {
  return call(ctx, buildGetShipmentsRequest(ctx, input), parseGetShipmentsResponse, opts);
}
