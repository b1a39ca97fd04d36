import { fail, link, messages, xmlOk } from "./respond";
import type { StoredShipment } from "./store";
import type { Route, SimContext, SimRequest, SimResponse } from "./types";
import {
  addArtifact,
  ccReceiptXml,
  checkDestination,
  checkPayment,
  defined,
  money,
  obj,
  preTax,
  priceShipment,
  ratedWeight,
  readBody,
  readDeliverySpec,
  str,
  trackedItemFor,
} from "./shipment-xml";
import { refundShipment } from "./shipments";

/**
 * Non-contract shipping v4: paid by credit card at creation, so every shipment is transmitted at once
 * (tracked from creation, never voided: refunded). Labels are PDF on 8.5x11 paper.
 */

export const NCSHIPMENT_NS = "http://www.canadapost.ca/ws/ncshipment-v4";
export const NCSHIPMENT_MEDIA_TYPE = "application/vnd.cpc.ncshipment-v4+xml";

const href = (ctx: SimContext, s: Pick<StoredShipment, "mailedBy" | "shipmentId">) =>
  `${ctx.baseUrl}/rs/${s.mailedBy}/ncshipment/${s.shipmentId}`;

function create(req: SimRequest, ctx: SimContext): SimResponse {
  const { mailedBy } = req.params as { mailedBy: string };
  const { raw, c } = readBody(req);
  const spec = readDeliverySpec(obj(c.deliverySpec));
  // Non-contract shipping documents no status for application errors: 400, like its other failures.
  checkDestination(spec.destination, false, 400);
  const now = ctx.clock.now();
  const finalShippingPoint = str(c.requestedShippingPoint) ?? spec.sender.postalZipCode ?? "";
  // Non-contract shipments are paid by the credit card on the merchant's profile.
  checkPayment(req.account, "CreditCard", 400);
  const price = priceShipment(spec, finalShippingPoint, {
    contract: false,
    lang: req.lang,
    now,
    applicationErrorStatus: 400,
    platformDiscount: req.account.viaPlatform,
  });
  const s: StoredShipment = {
    kind: "noncontract",
    shipmentId: ctx.store.shipmentId(),
    trackingPin: ctx.store.trackingPin(),
    mailedBy,
    mobo: mailedBy,
    transmitShipment: true,
    status: "transmitted",
    createdAt: now,
    transmittedAt: now,
    request: raw,
    serviceCode: spec.serviceCode,
    sender: spec.sender,
    destination: spec.destination,
    weightKg: spec.weightKg,
    optionCodes: spec.options.map((o) => o.code),
    customerRef1: spec.customerRef1,
    customerRef2: spec.customerRef2,
    finalShippingPoint,
    cpcPickup: false,
    methodOfPayment: "CreditCard",
    price,
    provide: { pricing: false, receipt: false },
    artifacts: {},
  };
  const add = (kind: "label" | "commercialInvoice") =>
    (s.artifacts[kind] = addArtifact(
      ctx.store,
      ctx,
      { kind, mailedBy, pdf: true, outputFormat: "8.5x11", shipmentId: s.shipmentId },
      kind,
    ).id);
  add("label");
  if (spec.destination.countryCode !== "CA") add("commercialInvoice");
  ctx.store.shipments.set(s.shipmentId, s);
  ctx.store.tracked.set(s.trackingPin, trackedItemFor(s, price.transitDays));
  return xmlOk("non-contract-shipment-info", NCSHIPMENT_NS, info(ctx, s));
}

function info(ctx: SimContext, s: StoredShipment): Record<string, unknown> {
  const self = href(ctx, s);
  const links = [
    link("self", self, NCSHIPMENT_MEDIA_TYPE),
    link("details", `${self}/details`, NCSHIPMENT_MEDIA_TYPE),
    link("receipt", `${self}/receipt`, NCSHIPMENT_MEDIA_TYPE),
    link("refund", `${self}/refund`, NCSHIPMENT_MEDIA_TYPE),
  ];
  for (const rel of ["label", "commercialInvoice"]) {
    const a = ctx.store.artifacts.get(s.artifacts[rel] ?? "");
    if (a)
      links.push(
        link(
          rel,
          `${ctx.baseUrl}/rs/artifact/${s.mailedBy}/${a.artifactId}/0`,
          a.mediaType,
          rel === "label" ? 0 : undefined,
        ),
      );
  }
  return { "shipment-id": s.shipmentId, "tracking-pin": s.trackingPin, links: { link: links } };
}

function find(req: SimRequest, ctx: SimContext): StoredShipment | undefined {
  const s = ctx.store.shipments.get(req.params.shipmentId ?? "");
  return s && s.kind === "noncontract" && s.mailedBy === req.params.mailedBy ? s : undefined;
}

const notFound = () => messages(404, []);

function get(req: SimRequest, ctx: SimContext): SimResponse {
  const s = find(req, ctx);
  return s ? xmlOk("non-contract-shipment-info", NCSHIPMENT_NS, info(ctx, s)) : notFound();
}

function details(req: SimRequest, ctx: SimContext): SimResponse {
  const s = find(req, ctx);
  if (!s) return notFound();
  return xmlOk(
    "non-contract-shipment-details",
    NCSHIPMENT_NS,
    defined({
      "final-shipping-point": s.finalShippingPoint,
      "tracking-pin": s.trackingPin,
      "delivery-spec": obj(s.request)["delivery-spec"],
      "refund-request-info": s.refund
        ? { "service-ticket-date": s.refund.serviceTicketDate, "service-ticket-id": s.refund.serviceTicketId }
        : undefined,
    }),
  );
}

function receipt(req: SimRequest, ctx: SimContext): SimResponse {
  const s = find(req, ctx);
  if (!s) return notFound();
  const p = s.price;
  return xmlOk(
    "non-contract-shipment-receipt",
    NCSHIPMENT_NS,
    defined({
      "final-shipping-point": s.finalShippingPoint,
      "shipping-point-name": `CANADA POST ${s.finalShippingPoint}`,
      "shipping-point-id": "0000",
      "mailed-by-customer": s.mailedBy,
      "service-code": s.serviceCode,
      "rated-weight": ratedWeight(p, s.weightKg),
      "base-amount": money(p.base),
      "pre-tax-amount": money(preTax(p)),
      "gst-amount": money(p.taxes.gst?.amount ?? 0),
      "pst-amount": money(p.taxes.pst?.amount ?? 0),
      "hst-amount": money(p.taxes.hst?.amount ?? 0),
      "priced-options": p.options.length
        ? {
            "priced-option": p.options.map((o) => ({
              "option-code": o.code,
              "option-price": money(o.price),
            })),
          }
        : undefined,
      adjustments: p.adjustments.length
        ? {
            adjustment: p.adjustments.map((a) => ({
              "adjustment-code": a.code,
              "adjustment-amount": money(a.cost),
            })),
          }
        : undefined,
      "cc-receipt-details": ccReceiptXml(s),
      "service-standard": {
        "am-delivery": String(p.amDelivery),
        "guaranteed-delivery": String(p.guaranteed),
        "expected-transit-time": String(p.transitDays),
        "expected-delivery-date": p.expectedDeliveryDate,
      },
    }),
  );
}

/** YYYYMMDD or YYYYMMDDHHmm, read as UTC. */
function instant(text: string, endOfDay: boolean): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2}))?$/.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi] = m;
  const t = Date.parse(
    `${y}-${mo}-${d}T${h ?? (endOfDay ? "23" : "00")}:${mi ?? (endOfDay ? "59" : "00")}:${endOfDay ? "59.999" : "00"}Z`,
  );
  return Number.isNaN(t) ? undefined : t;
}

function list(req: SimRequest, ctx: SimContext): SimResponse {
  const mine = ctx.store.shipmentsOf(req.params.mailedBy!, "noncontract");
  const pin = req.query.get("trackingPIN");
  let found: StoredShipment[];
  if (pin) found = mine.filter((s) => s.trackingPin === pin);
  else {
    const fromText = req.query.get("from") ?? "";
    const from = instant(fromText, false);
    const toText = req.query.get("to");
    const to = toText ? instant(toText, true) : ctx.clock.now().getTime();
    if (from === undefined || to === undefined)
      throw fail(400, "Client", "Give from (and optionally to) as YYYYMMDDHHmm or YYYYMMDD, or trackingPIN.");
    found = mine.filter((s) => s.createdAt.getTime() >= from && s.createdAt.getTime() <= to);
  }
  return xmlOk("non-contract-shipments", NCSHIPMENT_NS, {
    link: found.map((s) => link("shipment", href(ctx, s), NCSHIPMENT_MEDIA_TYPE)),
  });
}

function refund(req: SimRequest, ctx: SimContext): SimResponse {
  const s = find(req, ctx);
  if (!s) return notFound();
  return xmlOk("non-contract-shipment-refund-request-info", NCSHIPMENT_NS, refundShipment(req, ctx, s));
}

const base = "/rs/:mailedBy/ncshipment";
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
  throttleGroup: "shipment",
  mediaType: NCSHIPMENT_MEDIA_TYPE,
  handle,
  ...extra,
});

export const ncshipmentRoutes: Route[] = [
  route("POST", base, "CreateNCShipment", create, {
    requestSchema: { root: "non-contract-shipment", xsd: "ncshipment.xsd" },
  }),
  route("GET", base, "GetNCShipments", list),
  route("GET", `${base}/:shipmentId`, "GetNCShipment", get),
  route("GET", `${base}/:shipmentId/details`, "GetNCShipmentDetails", details),
  route("GET", `${base}/:shipmentId/receipt`, "GetNCShipmentReceipt", receipt),
  route("POST", `${base}/:shipmentId/refund`, "RequestNCShipmentRefund", refund, {
    throttleGroup: "voidRefund",
    requestSchema: { root: "non-contract-shipment-refund-request", xsd: "ncshipment.xsd" },
  }),
];
