import { listOf, object, readAnswerWith, text, type Infer } from "../answer-schema";
import { call, type CallOptions, type ClientContext, type OperationRequest } from "../context";
import { linkReader } from "../links";
import { MediaType } from "../media-types";
import { accountPath } from "./shipment-target";

/*
 * Get Groups (contract shipping v8): the groups holding shipments not yet transmitted, i.e. the group ids to
 * pass to Transmit Shipments. shipment.xsd defines `<groups>`, under the shipment media type.
 */

const OP = "GetGroups";

export function buildGetGroupsRequest(ctx: Pick<ClientContext, "config">): OperationRequest {
  return {
    operation: OP,
    method: "GET",
    url: `${accountPath(ctx, OP)}/group`,
    accept: MediaType.shipment,
    idempotent: true,
  };
}

const groupsReader = listOf("group", object({ groupId: text, link: linkReader }));
export type Group = Infer<typeof groupsReader>[number];

export function parseGetGroupsResponse(xml: string, status = 200): Group[] {
  return readAnswerWith(groupsReader, xml, status, OP, "groups");
}

/** Get Groups: the groups holding shipments not yet transmitted (the group ids Transmit Shipments takes). */
export async function getGroups(ctx: ClientContext, opts?: CallOptions): Promise<Group[]> {
  return call(ctx, buildGetGroupsRequest(ctx), parseGetGroupsResponse, opts);
}
