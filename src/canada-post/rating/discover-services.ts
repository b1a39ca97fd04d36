import { z } from "zod";
import { listOf, object, readAnswerWith, text, type Infer } from "../answer-schema";
import type { CanadaPostConfig } from "../config";
import { call, parseInput, type CallOptions, type ClientContext, type OperationRequest } from "../context";
import { linkReader } from "../links";
import { MediaType } from "../media-types";

/* Discover Services (rating v4): the services available for a country, contract and postal codes. */

const OP = "DiscoverServices";

export const DiscoverServicesInputSchema = z.object({
  /** Destination country, 2 letters; all services (CA) when omitted. */
  country: z.string().length(2).optional(),
  /** Defaults to the configured contract id. */
  contractId: z.string().optional(),
  originPostalCode: z.string().optional(),
  destinationPostalCode: z.string().optional(),
});
export type DiscoverServicesInput = z.input<typeof DiscoverServicesInputSchema>;

/** The GET of a Discover Services call. */
export function buildDiscoverServicesRequest(
  input: DiscoverServicesInput,
  config: Pick<CanadaPostConfig, "contractId">,
): OperationRequest {
  const i = parseInput(DiscoverServicesInputSchema, input, OP);
  return {
    operation: OP,
    method: "GET",
    url: "/rs/ship/service",
    query: {
      country: i.country?.toUpperCase(),
      contract: i.contractId ?? config.contractId,
      // Canada Post checks the format itself (7266); only spaces and case are normalised here.
      origpc: i.originPostalCode?.replace(/\s+/g, "").toUpperCase(),
      destpc: i.destinationPostalCode?.replace(/\s+/g, "").toUpperCase(),
    },
    accept: MediaType.rate,
    idempotent: true,
  };
}

const serviceSummaryReader = object({
  serviceCode: text,
  serviceName: text,
  link: linkReader.optional(),
});
export type ServiceSummary = Infer<typeof serviceSummaryReader>;

const servicesReader = listOf("service", serviceSummaryReader);

export function parseDiscoverServicesResponse(xml: string, status = 200): ServiceSummary[] {
  return readAnswerWith(servicesReader, xml, status, OP, "services");
}

/** Discover Services: the services available for a country, contract and postal codes. */
export async function discoverServices(
  ctx: ClientContext,
  input: DiscoverServicesInput = {},
  opts?: CallOptions,
): Promise<ServiceSummary[]> {
  return call(ctx, buildDiscoverServicesRequest(input, ctx.config), parseDiscoverServicesResponse, opts);
}
