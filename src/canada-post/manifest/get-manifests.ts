import { z } from "zod";
import { readAnswerWith } from "../answer-schema";
import { call, parseInput, type CallOptions, type ClientContext, type OperationRequest } from "../context";
import { CanadaPostInputError } from "../errors";
import type { Link } from "../links";
import { MediaType } from "../media-types";
import { accountPath } from "../shipment/shipment-target";
import { linkListReader } from "../shipping-common";

/* Get Manifests (contract shipping v8): links to the manifests created between two dates. */

const OP = "GetManifests";

/** YYYYMMDD, also accepting YYYY-MM-DD. */
const day = (name: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{4}-?\d{2}-?\d{2}$/, `${name} must be a date as YYYYMMDD or YYYY-MM-DD, e.g. 20240131`)
    .transform((d) => d.replace(/-/g, ""));

export const GetManifestsInputSchema = z.object({
  start: day("start"),
  /** Defaults to start: the manifests of one day. */
  end: day("end").optional(),
});
export type GetManifestsInput = z.input<typeof GetManifestsInputSchema>;

export function buildGetManifestsRequest(
  ctx: Pick<ClientContext, "config">,
  input: GetManifestsInput,
): OperationRequest {
  const i = parseInput(GetManifestsInputSchema, input, OP);
  const end = i.end ?? i.start;
  if (end < i.start) throw new CanadaPostInputError(OP, `end ${end} is before start ${i.start}`);
  return {
    operation: OP,
    method: "GET",
    url: `${accountPath(ctx, OP)}/manifest`,
    query: { start: i.start, end },
    accept: MediaType.manifest,
    idempotent: true,
  };
}

export function parseGetManifestsResponse(xml: string, status = 200): Link[] {
  return readAnswerWith(linkListReader, xml, status, OP, "manifests");
}

/** Get Manifests: links to the manifests created between two dates (inclusive). */
export async function getManifests(
  ctx: ClientContext,
  input: GetManifestsInput,
  opts?: CallOptions,
): Promise<Link[]> {
  return call(ctx, buildGetManifestsRequest(ctx, input), parseGetManifestsResponse, opts);
}
