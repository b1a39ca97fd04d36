import type { SimResponse } from "./types";
import { writeXml } from "./xml";

/** Helpers that shape the simulator's answers exactly as Canada Post does. */

export const MESSAGES_NS = "http://www.canadapost.ca/ws/messages";

export interface SimMessage {
  code: string;
  description: string;
}

/** A success answer in the route's media type. */
export function xmlOk(
  root: string,
  namespace: string,
  content: Record<string, unknown>,
  status = 200,
): SimResponse {
  return { status, body: writeXml(root, namespace, content) };
}

/** Canada Post's error envelope: `<messages>` with each code and description (possibly none). */
export function messages(status: number, list: SimMessage[]): SimResponse {
  const body = list.length
    ? writeXml("messages", MESSAGES_NS, {
        message: list.map((m) => ({ code: m.code, description: m.description })),
      })
    : `<?xml version="1.0" encoding="UTF-8"?><messages xmlns="${MESSAGES_NS}"/>`;
  return { status, contentType: "application/vnd.cpc.messages+xml", body, codes: list.map((m) => m.code) };
}

export const error = (status: number, code: string, description: string): SimResponse =>
  messages(status, [{ code, description }]);

/** A link element as Canada Post writes them. */
export function link(rel: string, href: string, mediaType: string, index?: number): Record<string, string> {
  const l: Record<string, string> = { "@rel": rel, "@href": href, "@media-type": mediaType };
  if (index !== undefined) l["@index"] = String(index);
  return l;
}

/**
 * A Canada Post error a handler raises: the server answers it as a `<messages>` envelope with this status.
 * (Create Shipment's application errors are answered with 200 and the envelope, as the seeds document.)
 */
export class SimFailure extends Error {
  constructor(
    readonly status: number,
    readonly list: SimMessage[],
  ) {
    super(list.map((m) => `${m.code}: ${m.description}`).join("; ") || `HTTP ${status}`);
  }
}

export const fail = (status: number, code: string, description: string) =>
  new SimFailure(status, [{ code, description }]);
