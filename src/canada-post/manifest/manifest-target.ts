import type { ClientContext, OperationRequest } from "../context";
import { CanadaPostInputError } from "../errors";
import { followLink, type Link } from "../links";
import { MediaType } from "../media-types";
import { accountPath } from "../shipment/shipment-target";

/** A manifest by its id, or a link Canada Post returned for it (followed as given). */
export type ManifestRef = string | Link;

/** Where a call on a manifest goes: the link's own href and media type, or the path built from the id. */
function manifestTarget(
  ctx: Pick<ClientContext, "config">,
  ref: ManifestRef,
  rels: string[],
  suffix: string,
  operation: string,
): { url: string; accept: string } {
  if (typeof ref !== "string") return followLink(ref, rels, operation, "manifest");
  const id = ref.trim();
  if (!id)
    throw new CanadaPostInputError(operation, "the manifest id is empty: pass the id or the manifest link");
  return {
    url: `${accountPath(ctx, operation)}/manifest/${encodeURIComponent(id)}${suffix}`,
    accept: MediaType.manifest,
  };
}

/** A read of a manifest or one of its parts. */
export function manifestRead(
  ctx: Pick<ClientContext, "config">,
  ref: ManifestRef,
  operation: string,
  rels: string[],
  suffix = "",
): OperationRequest {
  return { operation, method: "GET", ...manifestTarget(ctx, ref, rels, suffix, operation), idempotent: true };
}
