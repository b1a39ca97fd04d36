import { object, readAnswerWith, text, type Infer } from "../answer-schema";
import { call, type CallOptions, type ClientContext, type OperationRequest } from "../context";
import { CanadaPostInputError } from "../errors";
import { findLink, linksReader } from "../links";
import { getArtifact, type Artifact } from "../shipment/get-artifact";
import { manifestRead, type ManifestRef } from "./manifest-target";

/* Get Manifest (contract shipping v8): the purchase order number and the links to its details and artifact. */

const OP = "GetManifest";

export function buildGetManifestRequest(
  ctx: Pick<ClientContext, "config">,
  ref: ManifestRef,
): OperationRequest {
  return manifestRead(ctx, ref, OP, ["manifest", "self"]);
}

const manifestReader = object({
  customerRequestId: text.optional(),
  poNumber: text,
  links: linksReader,
});
export type Manifest = Infer<typeof manifestReader>;

export function parseGetManifestResponse(xml: string, status = 200): Manifest {
  return readAnswerWith(manifestReader, xml, status, OP, "manifest");
}

/** Get Manifest: the purchase order number and the links to the manifest's details and artifact. */
export async function getManifest(
  ctx: ClientContext,
  ref: ManifestRef,
  opts?: CallOptions,
): Promise<Manifest> {
  return call(ctx, buildGetManifestRequest(ctx, ref), parseGetManifestResponse, opts);
}

/** The printable manifest (PDF) of a manifest read with getManifest, through its `artifact` link (Get Artifact). */
export async function getManifestArtifact(
  ctx: ClientContext,
  manifest: Pick<Manifest, "links">,
  opts?: CallOptions,
): Promise<Artifact> {
  const link = findLink(manifest.links, "artifact");
  if (!link) {
    throw new CanadaPostInputError(
      "GetManifestArtifact",
      "this manifest has no artifact link: read it with getManifest first and pass its result",
    );
  }
  return getArtifact(ctx, link, opts);
}
