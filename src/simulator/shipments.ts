import { fail, link, messages, xmlOk } from "./respond";
import type { StoredShipment } from "./store";
import type { Route, SimContext, SimRequest, SimResponse } from "./types";
import {
  addArtifact,
  ccReceiptXml,
  checkPayment,
  checkDestination,
  defined,
  obj,
  priceShipment,
  readBody,
  readDeliverySpec,
  shipmentPriceXml,
  str,
  trackedItemFor,
} from "./shipment-xml";

/**
 * Contract shipping v8: Create, Get, Details, Price, Receipt, Get Shipments, Void and Refund. Application
 * errors of Create Shipment come back with HTTP 200 and a `<messages>` envelope, as the seed documents.
 * Where Canada Post documents no code, the simulator answers "Client" with a description saying what to fix.
 */

export const SHIPMENT_NS = "http://www.canadapost.ca/ws/shipment-v8";
export const SHIPMENT_MEDIA_TYPE = "application/vnd.cpc.shipment-v8+xml";

const APP_ERROR = 200;

export const shipmentHref = (ctx: SimContext, s: Pick<StoredShipment, "mailedBy" | "mobo" | "shipmentId">) =>
  `${ctx.baseUrl}/rs/${s.mailedBy}/${s.mobo}/shipment/${s.shipmentId}`;

export const groupHref = (ctx: SimContext, mailedBy: string, mobo: string, groupId: string) =>
  `${ctx.baseUrl}/rs/${mailedBy}/${mobo}/shipment?groupId=${encodeURIComponent(groupId)}`;

function create(req: SimRequest, ctx: SimContext): SimResponse {
  const { mailedBy, mobo } = req.params as { mailedBy: string; mobo: string };
  const { raw, c } = readBody(req);
  const groupId = str(c.groupId);
  const transmit = str(c.transmitShipment) === "true";
  if (!groupId === !transmit)
    throw fail(
      400,
      "Client",
      "Provide exactly one of group-id (to manifest the shipment later) or transmit-shipment=true (no manifest).",
    );
  const quickship = str(c.quickshipLabelRequested) === "true";
  const ds = obj(c.deliverySpec);
  const spec = readDeliverySpec(ds);
  checkDestination(spec.destination, quickship);

  const requestedPoint = str(c.requestedShippingPoint);
  const shippingPointId = str(c.shippingPointId);
  const cpcPickup = str(c.cpcPickupIndicator) === "true";
  if (requestedPoint && shippingPointId)
    throw fail(
      APP_ERROR,
      "9186",
      "Only one of shipping-point-id or requested-shipping-point can be provided.",
    );
  if (cpcPickup && shippingPointId)
    throw fail(APP_ERROR, "9189", "requested-shipping-point and shipping-point-id are mutually exclusive.");
  if (cpcPickup && !requestedPoint)
    throw fail(
      APP_ERROR,
      "9187",
      "requested-shipping-point is mandatory when cpc-pickup-indicator is provided.",
    );
  if (shippingPointId && !/^[A-Za-z0-9]{4}$/.test(shippingPointId))
    throw fail(APP_ERROR, "9188", "shipping-point-id is not valid.");
  if (spec.encoding === "ZPL" && spec.outputFormat !== "4x6")
    throw fail(
      APP_ERROR,
      "9191",
      "ZPL is a language for thermal printers. You can therefore only use it with 4x6 thermal paper.",
    );

  const customerRequestId = str(c.customerRequestId);
  const requestKey = `${mailedBy}:${customerRequestId}`;
  if (customerRequestId && ctx.store.customerRequestIds.has(requestKey))
    throw fail(APP_ERROR, "7314", "Request ID already exists; it must be unique when provided.");

  checkPayment(req.account, spec.methodOfPayment, APP_ERROR);
  const now = ctx.clock.now();
  const finalShippingPoint = requestedPoint ?? spec.sender.postalZipCode ?? "";
  const price = priceShipment(spec, finalShippingPoint, {
    contract: true,
    lang: req.lang,
    now,
    applicationErrorStatus: APP_ERROR,
    platformDiscount: req.account.viaPlatform,
  });
  if (customerRequestId) ctx.store.customerRequestIds.add(requestKey);

  const s: StoredShipment = {
    kind: "contract",
    shipmentId: ctx.store.shipmentId(),
    trackingPin: ctx.store.trackingPin(),
    mailedBy,
    mobo,
    customerRequestId,
    groupId,
    transmitShipment: transmit,
    status: transmit ? "transmitted" : "created",
    poNumber: transmit ? ctx.store.poNumber() : undefined,
    createdAt: now,
    transmittedAt: transmit ? now : undefined,
    request: raw,
    serviceCode: spec.serviceCode,
    sender: spec.sender,
    destination: spec.destination,
    weightKg: spec.weightKg,
    optionCodes: spec.options.map((o) => o.code),
    customerRef1: spec.customerRef1,
    customerRef2: spec.customerRef2,
    finalShippingPoint,
    shippingPointId,
    cpcPickup,
    methodOfPayment: spec.methodOfPayment,
    price,
    provide: {
      pricing: transmit && str(c.providePricingInfo) === "true",
      receipt: transmit && str(c.provideReceiptInfo) === "true",
    },
    artifacts: {},
  };
  if (c.returnSpec) s.returnTrackingPin = ctx.store.trackingPin();
  const artifact = (kind: "label" | "returnLabel" | "commercialInvoice", pdf: boolean) =>
    (s.artifacts[kind] = addArtifact(
      ctx.store,
      ctx,
      {
        kind,
        mailedBy,
        pdf,
        outputFormat: spec.outputFormat,
        shipmentId: s.shipmentId,
      },
      kind,
    ).id);
  artifact("label", spec.encoding === "PDF");
  if (c.returnSpec) artifact("returnLabel", spec.encoding === "PDF");
  // Customs paperwork is printed on plain paper, whatever the label's encoding.
  if (spec.destination.countryCode !== "CA") artifact("commercialInvoice", true);

  ctx.store.shipments.set(s.shipmentId, s);
  ctx.store.tracked.set(s.trackingPin, trackedItemFor(s, price.transitDays));
  return xmlOk("shipment-info", SHIPMENT_NS, shipmentInfo(ctx, s));
}

/** shipment-info: identifiers and links, exactly the set and order of the seed's sample. */
export function shipmentInfo(ctx: SimContext, s: StoredShipment): Record<string, unknown> {
  const self = shipmentHref(ctx, s);
  const links: Record<string, string>[] = [
    link("self", self, SHIPMENT_MEDIA_TYPE),
    link("details", `${self}/details`, SHIPMENT_MEDIA_TYPE),
  ];
  if (s.groupId)
    links.push(link("group", groupHref(ctx, s.mailedBy, s.mobo, s.groupId), SHIPMENT_MEDIA_TYPE));
  if (!s.provide.pricing) links.push(link("price", `${self}/price`, SHIPMENT_MEDIA_TYPE));
  const artifactLink = (rel: string, index?: number) => {
    const a = ctx.store.artifacts.get(s.artifacts[rel] ?? "");
    if (a)
      links.push(link(rel, `${ctx.baseUrl}/rs/artifact/${s.mailedBy}/${a.artifactId}/0`, a.mediaType, index));
  };
  artifactLink("label", 0);
  if (s.transmitShipment) {
    if (!s.provide.receipt) links.push(link("receipt", `${self}/receipt`, SHIPMENT_MEDIA_TYPE));
    links.push(link("refund", `${self}/refund`, SHIPMENT_MEDIA_TYPE));
  }
  artifactLink("returnLabel");
  artifactLink("commercialInvoice");
  return defined({
    "customer-request-id": s.customerRequestId,
    "shipment-id": s.shipmentId,
    "shipment-status": s.status,
    "tracking-pin": s.trackingPin,
    "return-tracking-pin": s.returnTrackingPin,
    "po-number": s.poNumber,
    "shipment-price": s.provide.pricing ? shipmentPriceXml(s) : undefined,
    "shipment-receipt": s.provide.receipt ? { "cc-receipt-details": ccReceiptXml(s) } : undefined,
    links: { link: links },
  });
}

/** The caller's own shipment, or Canada Post's 404 with an empty `<messages/>`. */
export function findShipment(req: SimRequest, ctx: SimContext): StoredShipment | undefined {
  const s = ctx.store.shipments.get(req.params.shipmentId ?? "");
  return s && s.kind === "contract" && s.mailedBy === req.params.mailedBy ? s : undefined;
}

const notFound = () => messages(404, []);

function get(req: SimRequest, ctx: SimContext): SimResponse {
  const s = findShipment(req, ctx);
  return s ? xmlOk("shipment-info", SHIPMENT_NS, shipmentInfo(ctx, s)) : notFound();
}

function details(req: SimRequest, ctx: SimContext): SimResponse {
  const s = findShipment(req, ctx);
  if (!s) return notFound();
  const raw = obj(s.request);
  return xmlOk(
    "shipment-details",
    SHIPMENT_NS,
    defined({
      "customer-request-id": s.customerRequestId,
      "shipment-status": s.status,
      "final-shipping-point": s.finalShippingPoint,
      "tracking-pin": s.trackingPin,
      "po-number": s.poNumber,
      "shipping-point-id": s.shippingPointId,
      "cpc-pickup-indicator": s.cpcPickup ? "true" : undefined,
      "shipment-detail": defined({
        "group-id": s.groupId,
        "transmit-shipment": s.transmitShipment ? "true" : undefined,
        "quickship-label-requested": raw["quickship-label-requested"],
        "expected-mailing-date": raw["expected-mailing-date"],
        "delivery-spec": raw["delivery-spec"],
        "return-spec": raw["return-spec"],
        "refund-request-info": s.refund
          ? {
              "service-ticket-date": s.refund.serviceTicketDate,
              "service-ticket-id": s.refund.serviceTicketId,
            }
          : undefined,
      }),
    }),
  );
}

function price(req: SimRequest, ctx: SimContext): SimResponse {
  const s = findShipment(req, ctx);
  return s ? xmlOk("shipment-price", SHIPMENT_NS, shipmentPriceXml(s)) : notFound();
}

function receipt(req: SimRequest, ctx: SimContext): SimResponse {
  const s = findShipment(req, ctx);
  // Only no-manifest shipments are paid at creation; the others are paid on their manifest.
  if (!s || !s.transmitShipment) return notFound();
  return xmlOk("shipment-receipt", SHIPMENT_NS, { "cc-receipt-details": ccReceiptXml(s) });
}

const DATE = /^(\d{4})(\d{2})(\d{2})$/;

/** Get Shipments: by group, by no-manifest date, by tracking PIN or by customer-request-id. */
function list(req: SimRequest, ctx: SimContext): SimResponse {
  // Canada Post's own links spell the parameter both groupId and groupid.
  const q = new Map([...req.query.entries()].map(([k, v]) => [k.toLowerCase(), v]));
  const mine = ctx.store
    .shipmentsOf(req.params.mailedBy!, "contract")
    .filter((s) => s.mobo === req.params.mobo);
  let found: StoredShipment[];
  if (q.has("groupid")) {
    found = mine.filter((s) => s.groupId === q.get("groupid") && s.status === "created");
  } else if (q.get("nomanifest") === "true") {
    const date = q.get("date") ?? "";
    const m = DATE.exec(date);
    if (!m) throw fail(400, "Client", `date "${date}" must be given as YYYYMMDD with noManifest=true.`);
    const limit = q.has("limit") ? Number(q.get("limit")) : Infinity;
    if (!(limit > 0)) throw fail(400, "Client", `limit "${q.get("limit")}" must be a positive whole number.`);
    const day = `${m[1]}-${m[2]}-${m[3]}`;
    found = mine
      .filter((s) => s.transmitShipment && s.createdAt.toISOString().slice(0, 10) === day)
      .slice(0, limit);
  } else if (q.has("trackingpin")) {
    found = mine.filter((s) => s.trackingPin === q.get("trackingpin"));
  } else if (q.has("customerrequestid")) {
    found = mine.filter((s) => s.customerRequestId === q.get("customerrequestid"));
  } else {
    throw fail(
      400,
      "Client",
      "Get Shipments needs one of: groupId, noManifest=true&date=YYYYMMDD, trackingPIN or customerRequestId.",
    );
  }
  return xmlOk("shipments", SHIPMENT_NS, {
    link: found.map((s) => link("shipment", shipmentHref(ctx, s), SHIPMENT_MEDIA_TYPE)),
  });
}

function voidShipment(req: SimRequest, ctx: SimContext): SimResponse {
  const s = findShipment(req, ctx);
  if (!s) return notFound();
  if (s.status === "transmitted")
    throw fail(
      400,
      "8064",
      "The shipment has been transmitted and cannot be voided. Request a refund instead.",
    );
  ctx.store.removeShipment(s.shipmentId);
  return { status: 204 };
}

/** Request Shipment Refund, shared with non-contract shipments (same rules, their own element names). */
export function refundShipment(
  req: SimRequest,
  ctx: SimContext,
  s: StoredShipment,
): { "service-ticket-date": string; "service-ticket-id": string } {
  if (s.status !== "transmitted")
    throw fail(
      400,
      "Client",
      "This shipment was not transmitted: void it (DELETE its self link) instead of refunding.",
    );
  if (s.refund) throw fail(409, "7292", "A refund has already been requested for this shipment.");
  const email = str(readBody(req).c.email) ?? "";
  s.refund = {
    serviceTicketDate: ctx.clock.now().toISOString().slice(0, 10),
    serviceTicketId: ctx.store.serviceTicketId(),
    email,
  };
  return { "service-ticket-date": s.refund.serviceTicketDate, "service-ticket-id": s.refund.serviceTicketId };
}

function refund(req: SimRequest, ctx: SimContext): SimResponse {
  const s = findShipment(req, ctx);
  if (!s) return notFound();
  return xmlOk("shipment-refund-request-info", SHIPMENT_NS, refundShipment(req, ctx, s));
}

const base = "/rs/:mailedBy/:mobo/shipment";
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
  mediaType: SHIPMENT_MEDIA_TYPE,
  handle,
  ...extra,
});

export const shipmentRoutes: Route[] = [
  route("POST", base, "CreateShipment", create, { requestSchema: { root: "shipment", xsd: "shipment.xsd" } }),
  route("GET", base, "GetShipments", list),
  route("GET", `${base}/:shipmentId`, "GetShipment", get),
  route("GET", `${base}/:shipmentId/details`, "GetShipmentDetails", details),
  route("GET", `${base}/:shipmentId/price`, "GetShipmentPrice", price),
  route("GET", `${base}/:shipmentId/receipt`, "GetShipmentReceipt", receipt),
  route("DELETE", `${base}/:shipmentId`, "VoidShipment", voidShipment, { throttleGroup: "voidRefund" }),
  route("POST", `${base}/:shipmentId/refund`, "RequestShipmentRefund", refund, {
    throttleGroup: "voidRefund",
    requestSchema: { root: "shipment-refund-request", xsd: "shipment.xsd" },
  }),
];
