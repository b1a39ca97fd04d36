import { boolean, listOf, number, object, readAnswerWith, text, type Infer } from "../answer-schema";
import { call, type CallOptions, type ClientContext, type OperationRequest } from "../context";
import { linkReader } from "../links";
import { MediaType } from "../media-types";

/* Get Service (rating v4): limits, density factor and options of one service. */

const OP = "GetService";

/** The GET of a Get Service call, optionally for a destination country. */
export function buildGetServiceRequest(serviceCode: string, country?: string): OperationRequest {
  return {
    operation: OP,
    method: "GET",
    url: `/rs/ship/service/${encodeURIComponent(serviceCode)}`,
    query: { country: country?.toUpperCase() },
    accept: MediaType.rate,
    idempotent: true,
  };
}

const range = object({ min: number.optional(), max: number.optional() }).optional();

const serviceInfoReader = object({
  serviceCode: text,
  serviceName: text,
  comment: text.optional(),
  options: listOf(
    "option",
    object({
      optionCode: text,
      optionName: text,
      link: linkReader.optional(),
      mandatory: boolean.optional(),
      qualifierRequired: boolean.optional(),
      qualifierMax: number.optional(),
    }),
  ),
  restrictions: object({
    weightRestriction: range,
    dimensionalRestrictions: object({
      length: range,
      width: range,
      height: range,
      lengthPlusGirthMax: number.optional(),
      lengthHeightWidthSumMax: number.optional(),
      oversizeLimit: number.optional(),
    }).optional(),
    densityFactor: number.optional(),
    canShipInMailingTube: boolean.optional(),
    canShipUnpackaged: boolean.optional(),
    allowedAsReturnService: boolean.optional(),
  }).optional(),
});
export type ServiceInfo = Infer<typeof serviceInfoReader>;

export function parseGetServiceResponse(xml: string, status = 200): ServiceInfo {
  return readAnswerWith(serviceInfoReader, xml, status, OP, "service");
}

/** Get Service: limits, density factor and options of one service (optionally for a country). */
export async function getService(
  ctx: ClientContext,
  serviceCode: string,
  country?: string,
  opts?: CallOptions,
): Promise<ServiceInfo> {
  return call(ctx, buildGetServiceRequest(serviceCode, country), parseGetServiceResponse, opts);
}
