import { listOf, object, readAnswerWith, text, type Infer } from "../answer-schema";
import { call, type CallOptions, type ClientContext, type OperationRequest } from "../context";
import { MediaType } from "../media-types";

/*
 * Get Service Info (Service Info v2): Canada Post's notices of scheduled outages of its web services, for a
 * platform to show its merchants. Sources: Canada Post's REST page serviceinfo/getserviceinfo.jsf (GET
 * https://XX/rs/serviceinfo/shipment?messageType=SO, Accept application/vnd.cpc.serviceinfo-v2+xml),
 * serviceinfo.xsd, and the release notes seed: with no notice, v2 answers 200 with an empty
 * `<info-messages></info-messages>` (v1 answered 404).
 */

const OP = "GetServiceInfo";

export function buildGetServiceInfoRequest(): OperationRequest {
  return {
    operation: OP,
    method: "GET",
    url: "/rs/serviceinfo/shipment",
    query: { messageType: "SO" },
    accept: MediaType.serviceinfo,
    idempotent: true,
  };
}

const infoMessagesReader = listOf(
  "info-message",
  object({
    /** Always "SO" (scheduled outage). */
    messageType: text,
    /** In the language of the call's Accept-language. */
    messageText: text,
    fromDatetime: text,
    toDatetime: text,
  }),
);
export type ServiceNotice = Infer<typeof infoMessagesReader>[number];

/** The notices of an `<info-messages>` answer: none for an empty one. */
export function parseGetServiceInfoResponse(xml: string, status = 200): ServiceNotice[] {
  return readAnswerWith(infoMessagesReader, xml, status, OP, "info-messages");
}

/** Get Service Info: Canada Post's current and upcoming outage notices (an empty list when none). */
export async function getServiceInfo(ctx: ClientContext, opts?: CallOptions): Promise<ServiceNotice[]> {
  return call(ctx, buildGetServiceInfoRequest(), parseGetServiceInfoResponse, opts);
}
