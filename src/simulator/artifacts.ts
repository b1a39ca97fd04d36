import { messages } from "./respond";
import { labelPdf, manifestPdf, type LabelData } from "./label-pdf";
import { labelZpl } from "./label-zpl";
import type { Artifact } from "./store";
import type { Route, SimContext, SimRequest, SimResponse } from "./types";

/**
 * Get Artifact: labels, return labels, commercial invoices and manifests, rendered when asked. Links live
 * 90 simulated days (Canada Post keeps them that long), then answer 404 like a voided shipment's.
 */

export const ARTIFACT_LIFETIME_MS = 90 * 24 * 3_600_000;

const notFound = () => messages(404, []);

async function getArtifact(req: SimRequest, ctx: SimContext): Promise<SimResponse> {
  const a = ctx.store.artifacts.get(req.params.artifactId ?? "");
  if (!a || a.mailedBy !== req.params.mailedBy || req.params.page !== "0") return notFound();
  if (ctx.clock.now().getTime() - a.createdAt.getTime() > ARTIFACT_LIFETIME_MS) return notFound();
  const accept = String(req.headers.accept ?? "");
  if (!accept.toLowerCase().includes(a.mediaType))
    return messages(406, [
      {
        code: "Client",
        description: `Accept must be ${a.mediaType}, the media-type of this artifact's link.`,
      },
    ]);
  const body = await render(a, ctx);
  return body
    ? { status: 200, contentType: a.mediaType, body: typeof body === "string" ? body : Buffer.from(body) }
    : notFound();
}

async function render(a: Artifact, ctx: SimContext): Promise<Uint8Array | string | undefined> {
  if (a.kind === "manifest") {
    const m = ctx.store.manifests.get(a.manifestId ?? "");
    if (!m) return undefined;
    const lines = m.shipmentIds.flatMap((id) => {
      const s = ctx.store.shipments.get(id);
      return s
        ? [
            {
              pin: s.trackingPin,
              serviceCode: s.serviceCode,
              destination: [s.destination.city, s.destination.provState, s.destination.countryCode]
                .filter(Boolean)
                .join(" "),
              weightKg: s.weightKg,
              due: s.price.due,
            },
          ]
        : [];
    });
    return manifestPdf({
      poNumber: m.poNumber,
      manifestDate: m.createdAt.toISOString().slice(0, 10),
      groupId: m.groupId,
      customer: m.mobo,
      lines,
    });
  }
  const s = ctx.store.shipments.get(a.shipmentId ?? "");
  if (!s) return undefined;
  const data: LabelData = {
    title: "Canada Post / Postes Canada",
    pin: s.trackingPin,
    serviceName: s.price.serviceName,
    sender: s.sender,
    destination: s.destination,
    weightKg: s.weightKg,
    reference: s.customerRef1,
    shipmentId: s.shipmentId,
  };
  if (a.kind === "returnLabel")
    Object.assign(data, {
      title: "Return / Retour",
      pin: s.returnTrackingPin ?? s.trackingPin,
      sender: s.destination,
      destination: s.sender,
    });
  if (a.kind === "commercialInvoice")
    return labelPdf({ ...data, title: "Commercial Invoice / Facture commerciale" }, "8.5x11");
  return a.mediaType === "application/zpl" ? labelZpl(data) : labelPdf(data, a.outputFormat);
}

export const artifactRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/rs/artifact/:mailedBy/:artifactId/:page",
    operation: "GetArtifact",
    throttleGroup: "shipment",
    handle: getArtifact,
  },
];
