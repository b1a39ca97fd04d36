import type { CallOptions, ClientContext } from "./context";
import { CanadaPostInputError, CanadaPostTransportError } from "./errors";
import type { Link } from "./links";
import { MediaType } from "./media-types";
import type { TransportResponse } from "./transport";

/** A PDF (or image) artifact: the bytes as Canada Post sent them. */
export interface BinaryArtifact {
  mediaType: string;
  data: Buffer;
}

/** A ZPL II label: printer commands, to stream to a 4x6 thermal printer. */
export interface TextArtifact {
  mediaType: string;
  text: string;
}

export type Artifact = BinaryArtifact | TextArtifact;

const OP = "GetArtifact";

/** Links that point at Get Artifact: shipment labels and invoices, and the manifest's own artifact. */
export const ARTIFACT_RELS = [
  "label",
  "returnLabel",
  "commercialInvoice",
  "artifact",
  "codRemittanceLabel",
  "codRecordOfDelivery",
] as const;

/** Get Artifact: follows a label, return label, commercial invoice or manifest link with its media type. */
export async function getArtifact(ctx: ClientContext, link: Link, opts?: CallOptions): Promise<Artifact> {
  if (!(ARTIFACT_RELS as readonly string[]).includes(link.rel)) {
    throw new CanadaPostInputError(
      OP,
      `a link of rel "${link.rel}" is not an artifact: pass a ${ARTIFACT_RELS.join(", ")} link`,
    );
  }
  return getArtifactByUrl(ctx, link.href, link.mediaType || MediaType.pdf, opts);
}

/** Get Artifact by the URL of an artifact Canada Post returned (the href of its link). */
export async function getArtifactByUrl(
  ctx: ClientContext,
  url: string,
  mediaType: string = MediaType.pdf,
  opts?: CallOptions,
): Promise<Artifact> {
  const res = await ctx.transport.send({
    operation: OP,
    method: "GET",
    url,
    accept: mediaType,
    idempotent: true, // reading a label twice prints nothing twice
    ...opts,
  });
  return artifactOf(res, mediaType);
}

/** True for ZPL answers: Canada Post labels them application/zpl, some gateways text/plain. */
export function isZplMediaType(mediaType: string): boolean {
  return mediaType === MediaType.zpl || mediaType === "text/plain";
}

function artifactOf(res: TransportResponse, requested: string): Artifact {
  if (res.body.length === 0) {
    throw new CanadaPostTransportError(OP, "malformed", `empty artifact (HTTP ${res.status})`);
  }
  const mediaType = res.contentType.split(";")[0]!.trim().toLowerCase() || requested;
  if (isZplMediaType(mediaType)) return { mediaType, text: res.body.toString("utf8") };
  return { mediaType, data: res.body };
}
