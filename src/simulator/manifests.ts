import { fail, link, messages, xmlOk } from "./respond";
import type { Manifest, StoredShipment } from "./store";
import type { Route, SimContext, SimRequest, SimResponse } from "./types";
import { addArtifact, defined, money, obj, preTax, readBody, str } from "./shipment-xml";
import { groupHref, SHIPMENT_MEDIA_TYPE, SHIPMENT_NS } from "./shipments";

/**
 * Manifests v8: Transmit Shipments (one manifest per group and destination category, as Canada Post
 * separates domestic, U.S. and international), Get Manifest, Get Manifest Details, Get Manifests, and
 * Get Groups (shipment v8) listing the groups that still hold shipments to transmit.
 */

export const MANIFEST_NS = "http://www.canadapost.ca/ws/manifest-v8";
export const MANIFEST_MEDIA_TYPE = "application/vnd.cpc.manifest-v8+xml";

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

const categoryOf = (s: StoredShipment): Manifest["category"] =>
  s.destination.countryCode === "CA"
    ? "domestic"
    : s.destination.countryCode === "US"
      ? "us"
      : "international";

const manifestHref = (ctx: SimContext, m: Pick<Manifest, "mailedBy" | "mobo" | "manifestId">) =>
  `${ctx.baseUrl}/rs/${m.mailedBy}/${m.mobo}/manifest/${m.manifestId}`;

function transmit(req: SimRequest, ctx: SimContext): SimResponse {
  const { mailedBy, mobo } = req.params as { mailedBy: string; mobo: string };
  const { raw, c } = readBody(req);
  const groupIds = list(obj(c.groupIds).groupId).map(String);
  const excluded = new Set(list(obj(c.excludedShipments).shipmentId).map(String));
  const requestedPoint = str(c.requestedShippingPoint);
  const shippingPointId = str(c.shippingPointId);
  if (requestedPoint && shippingPointId)
    throw fail(400, "9186", "Only one of shipping-point-id or requested-shipping-point can be provided.");
  if (groupIds.length > 50) throw fail(400, "9109", "A manifest may hold at most 50 groups.");

  const now = ctx.clock.now();
  const pending = ctx.store
    .shipmentsOf(mailedBy, "contract")
    .filter(
      (s) =>
        s.mobo === mobo &&
        s.status === "created" &&
        groupIds.includes(s.groupId ?? "") &&
        !excluded.has(s.shipmentId),
    );
  if (!pending.length)
    throw fail(
      400,
      "7010",
      "There are no shipments to transmit in the groups given (all transmitted, voided or excluded).",
    );

  const buckets = new Map<string, StoredShipment[]>();
  for (const s of pending) {
    const key = `${s.groupId}\u0000${categoryOf(s)}`;
    buckets.set(key, [...(buckets.get(key) ?? []), s]);
  }
  const links: Record<string, string>[] = [];
  for (const shipments of buckets.values()) {
    const first = shipments[0]!;
    const manifestId = ctx.store.manifestId();
    const m: Manifest = {
      manifestId,
      poNumber: ctx.store.poNumber(),
      mailedBy,
      mobo,
      groupId: first.groupId!,
      category: categoryOf(first),
      shipmentIds: shipments.map((s) => s.shipmentId),
      createdAt: now,
      methodOfPayment: str(c.methodOfPayment) ?? "Account",
      finalShippingPoint: requestedPoint ?? first.finalShippingPoint,
      shippingPointId,
      cpcPickup: str(c.cpcPickupIndicator) === "true",
      customerReference: str(c.customerReference),
      manifestAddress: obj(raw)["manifest-address"] ?? {},
      artifactId: "",
    };
    m.artifactId = addArtifact(
      ctx.store,
      ctx,
      { kind: "manifest", mailedBy, pdf: true, outputFormat: "8.5x11", manifestId },
      "artifact",
    ).id;
    for (const s of shipments) {
      s.status = "transmitted";
      s.transmittedAt = now;
      s.manifestId = manifestId;
      s.poNumber = m.poNumber;
      const tracked = ctx.store.tracked.get(s.trackingPin);
      if (tracked) tracked.inductedAt = now;
    }
    ctx.store.manifests.set(manifestId, m);
    links.push(link("manifest", manifestHref(ctx, m), MANIFEST_MEDIA_TYPE));
  }
  return xmlOk("manifests", MANIFEST_NS, { link: links });
}

function findManifest(req: SimRequest, ctx: SimContext): Manifest | undefined {
  const m = ctx.store.manifests.get(req.params.manifestId ?? "");
  return m && m.mailedBy === req.params.mailedBy ? m : undefined;
}

function get(req: SimRequest, ctx: SimContext): SimResponse {
  const m = findManifest(req, ctx);
  if (!m) return messages(404, []);
  const self = manifestHref(ctx, m);
  const artifact = ctx.store.artifacts.get(m.artifactId);
  return xmlOk("manifest", MANIFEST_NS, {
    "po-number": m.poNumber,
    links: {
      link: [
        link("self", self, MANIFEST_MEDIA_TYPE),
        link("details", `${self}/details`, MANIFEST_MEDIA_TYPE),
        ...(artifact
          ? [
              link(
                "artifact",
                `${ctx.baseUrl}/rs/artifact/${m.mailedBy}/${artifact.artifactId}/0`,
                artifact.mediaType,
              ),
            ]
          : []),
      ],
    },
  });
}

/** Manifest totals: the sum of its shipments' prices, split as Canada Post's manifest-pricing-info. */
export function manifestTotals(shipments: StoredShipment[]) {
  const sum = (f: (s: StoredShipment) => number) => shipments.reduce((t, s) => t + f(s), 0);
  const adjustment = (s: StoredShipment, code: string) =>
    s.price.adjustments.filter((a) => a.code === code).reduce((t, a) => t + a.cost, 0);
  const base = sum((s) => s.price.base);
  const automation = sum((s) => adjustment(s, "AUTDISC"));
  const pre = sum((s) => preTax(s.price));
  return {
    "base-cost": money(base),
    "automation-discount": money(automation),
    "options-and-surcharges": money(pre - base - automation),
    gst: money(sum((s) => s.price.taxes.gst?.amount ?? 0)),
    pst: money(sum((s) => s.price.taxes.pst?.amount ?? 0)),
    hst: money(sum((s) => s.price.taxes.hst?.amount ?? 0)),
    "total-due-cpc": money(sum((s) => s.price.due)),
  };
}

function details(req: SimRequest, ctx: SimContext): SimResponse {
  const m = findManifest(req, ctx);
  if (!m) return messages(404, []);
  const shipments = m.shipmentIds.flatMap((id) => ctx.store.shipments.get(id) ?? []);
  const time = m.createdAt.toISOString().slice(11, 16);
  return xmlOk(
    "manifest-details",
    MANIFEST_NS,
    defined({
      "po-number": m.poNumber,
      "final-shipping-point": m.finalShippingPoint,
      "shipping-point-name": `CANADA POST ${m.finalShippingPoint}`,
      "shipping-point-id": m.shippingPointId ?? "0000",
      "cpc-pickup-indicator": m.cpcPickup ? "true" : undefined,
      "mailed-by-customer": m.mailedBy,
      "mailed-on-behalf-of": m.mobo,
      "paid-by-customer": m.mobo,
      "customer-ref": m.customerReference,
      "manifest-date": m.createdAt.toISOString().slice(0, 10),
      "manifest-time": `${time} UTC`,
      "contract-id": req.account.contractId,
      "method-of-payment": m.methodOfPayment,
      "manifest-pricing-info": manifestTotals(shipments),
      "manifest-address": m.manifestAddress,
    }),
  );
}

const DAY = /^(\d{4})(\d{2})(\d{2})$/;

/** Get Manifests: the manifests transmitted between two dates (YYYYMMDD, end defaults to start). */
function listManifests(req: SimRequest, ctx: SimContext): SimResponse {
  const start = req.query.get("start") ?? "";
  const end = req.query.get("end") ?? start;
  const s = DAY.exec(start);
  const e = DAY.exec(end);
  if (!s || !e)
    throw fail(400, "Client", `start "${start}" and end "${end}" must be dates written YYYYMMDD.`);
  const from = `${s[1]}-${s[2]}-${s[3]}`;
  const to = `${e[1]}-${e[2]}-${e[3]}`;
  const found = [...ctx.store.manifests.values()].filter((m) => {
    const d = m.createdAt.toISOString().slice(0, 10);
    return m.mailedBy === req.params.mailedBy && m.mobo === req.params.mobo && d >= from && d <= to;
  });
  return xmlOk("manifests", MANIFEST_NS, {
    link: found.map((m) => link("manifest", manifestHref(ctx, m), MANIFEST_MEDIA_TYPE)),
  });
}

/** Get Groups: every group that still holds created (untransmitted) shipments. */
function groups(req: SimRequest, ctx: SimContext): SimResponse {
  const { mailedBy, mobo } = req.params as { mailedBy: string; mobo: string };
  const ids = new Set(
    ctx.store
      .shipmentsOf(mailedBy, "contract")
      .filter((s) => s.mobo === mobo && s.status === "created" && s.groupId)
      .map((s) => s.groupId!),
  );
  return xmlOk("groups", SHIPMENT_NS, {
    group: [...ids].map((g) => ({
      "group-id": g,
      link: link("group", groupHref(ctx, mailedBy, mobo, g), SHIPMENT_MEDIA_TYPE),
    })),
  });
}

const base = "/rs/:mailedBy/:mobo/manifest";
const route = (
  method: Route["method"],
  pattern: string,
  operation: string,
  handle: Route["handle"],
  extra: Partial<Route> = {},
): Route => ({
  method,
  pattern,
  operation,
  throttleGroup: "manifest",
  mediaType: MANIFEST_MEDIA_TYPE,
  handle,
  ...extra,
});

export const manifestRoutes: Route[] = [
  route("POST", base, "TransmitShipments", transmit, {
    requestSchema: { root: "transmit-set", xsd: "manifest.xsd" },
  }),
  route("GET", base, "GetManifests", listManifests),
  route("GET", `${base}/:manifestId`, "GetManifest", get),
  route("GET", `${base}/:manifestId/details`, "GetManifestDetails", details),
  route("GET", "/rs/:mailedBy/:mobo/group", "GetGroups", groups, {
    throttleGroup: "shipment",
    mediaType: SHIPMENT_MEDIA_TYPE,
  }),
];
