import { errorOfBodylessAnswer } from "../answer";
import type { CallOptions, ClientContext, OperationRequest } from "../context";
import { CanadaPostInputError, CanadaPostTransportError } from "../errors";
import type { Link } from "../links";
import { MediaType } from "../media-types";

/* Get Artifact (contract shipping v8): labels, return labels, commercial invoices and manifests, as bytes. */

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

/** The GET of an artifact's URL (the href of its link) with its media type. */
export function buildGetArtifactRequest(url: string, mediaType: string = MediaType.pdf): OperationRequest {
  return { operation: OP, method: "GET", url, accept: mediaType, idempotent: true }; // reading a label twice prints nothing twice
}

/** True for ZPL answers: Canada Post labels them application/zpl, some gateways text/plain. */
export function isZplMediaType(mediaType: string): boolean {
  return mediaType === MediaType.zpl || mediaType === "text/plain";
}

/** Canada Post's answer to Get Artifact: the artifact, or the error an envelope or a failure status stands for. */
export function parseGetArtifactResponse(
  body: Buffer,
  status: number,
  contentType: string,
  requested: string = MediaType.pdf,
): Artifact {
  const error = errorOfBodylessAnswer(body, status, OP);
  if (error) throw error;
  if (body.length === 0)
    throw new CanadaPostTransportError(OP, "malformed", `empty artifact (HTTP ${status})`);
  const mediaType = contentType.split(";")[0]!.trim().toLowerCase() || requested;
  if (isZplMediaType(mediaType)) return { mediaType, text: body.toString("utf8") };
  return { mediaType, data: body };
}

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
  const res = await ctx.transport.send(buildGetArtifactRequest(url, mediaType), opts);
  return parseGetArtifactResponse(res.body, res.status, res.contentType, mediaType);
}
