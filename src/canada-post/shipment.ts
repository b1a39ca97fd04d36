import { z } from "zod";
import { parseInput, parseResponse, type CallOptions, type ClientContext } from "./context";
import {
  CanadaPostError,
  CanadaPostInputError,
  CanadaPostThrottledError,
  CanadaPostTransportError,
} from "./errors";
import { findLink, LinkSchema, LinksSchema, type Link } from "./links";
import { MediaType, Namespace } from "./media-types";
import { many, xmlBoolean, xmlInt, xmlNumber } from "./schema-helpers";
import {
  buildShipmentXml,
  OP_CREATE_SHIPMENT,
  parseCreateShipmentInput,
  type CreateShipmentInput,
} from "./shipment-request";
import { buildXml } from "./xml";

export * from "./shipment-request";

/* ------------------------------------------------------------------ answers */

export const ShipmentPriceSchema = z.object({
  serviceCode: z.string(),
  baseAmount: xmlNumber,
  pricedOptions: z
    .object({ pricedOption: many(z.object({ optionCode: z.string(), optionPrice: xmlNumber.optional() })) })
    .optional()
    .transform((o) => o?.pricedOption ?? []),
  adjustments: z
    .object({ adjustment: many(z.object({ adjustmentCode: z.string(), adjustmentAmount: xmlNumber })) })
    .optional()
    .transform((a) => a?.adjustment ?? []),
  preTaxAmount: xmlNumber,
  gstAmount: xmlNumber.optional(),
  pstAmount: xmlNumber.optional(),
  hstAmount: xmlNumber.optional(),
  dueAmount: xmlNumber,
  serviceStandard: z
    .object({
      amDelivery: xmlBoolean.optional(),
      guaranteedDelivery: xmlBoolean.optional(),
      expectedTransmitTime: xmlInt.optional(),
      expectedDeliveryDate: z.string().optional(),
    })
    .optional(),
  ratedWeight: xmlNumber.optional(),
});
export type ShipmentPrice = z.infer<typeof ShipmentPriceSchema>;

const ReceiptDetailsSchema = z.looseObject({
  merchantName: z.string().optional(),
  merchantUrl: z.string().optional(),
  nameOnCard: z.string().optional(),
  authCode: z.string(),
  authTimestamp: z.string(),
  cardType: z.string().optional(),
  supplierId: z.string().optional(),
  chargeAmount: xmlNumber,
  currency: z.string(),
  transactionType: z.string().optional(),
});

/** A credit card or Supplier Account receipt, for shipments with transmitShipment. */
export const ShipmentReceiptSchema = z.object({
  ccReceiptDetails: ReceiptDetailsSchema.optional(),
  supplierAccountReceiptDetails: ReceiptDetailsSchema.optional(),
});
export type ShipmentReceipt = z.infer<typeof ShipmentReceiptSchema>;

export const ShipmentInfoSchema = z.object({
  customerRequestId: z.string().optional(),
  shipmentId: z.string(),
  /** created, transmitted or suspended. */
  shipmentStatus: z.string(),
  trackingPin: z.string().optional(),
  returnTrackingPin: z.string().optional(),
  poNumber: z.string().optional(),
  shipmentPrice: ShipmentPriceSchema.optional(),
  shipmentReceipt: ShipmentReceiptSchema.optional(),
  /** self, details, group, price, label (index n), returnLabel, commercialInvoice, receipt, refund... */
  links: LinksSchema,
});
export type ShipmentInfo = z.infer<typeof ShipmentInfoSchema>;

export const RefundRequestInfoSchema = z.object({
  serviceTicketDate: z.string(),
  /** Quote it in any exchange with Canada Post about the refund. */
  serviceTicketId: z.string(),
});
export type RefundRequestInfo = z.infer<typeof RefundRequestInfoSchema>;

const AddressSchema = z.looseObject({
  name: z.string().optional(),
  company: z.string().optional(),
  addressDetails: z.looseObject({ countryCode: z.string().optional(), postalZipCode: z.string().optional() }),
});

export const ShipmentDetailsSchema = z.object({
  customerRequestId: z.string().optional(),
  shipmentStatus: z.string(),
  finalShippingPoint: z.string().optional(),
  trackingPin: z.string().optional(),
  poNumber: z.string().optional(),
  shippingPointId: z.string().optional(),
  cpcPickupIndicator: xmlBoolean.optional(),
  shipmentDetail: z.looseObject({
    groupId: z.string().optional(),
    transmitShipment: xmlBoolean.optional(),
    quickshipLabelRequested: xmlBoolean.optional(),
    expectedMailingDate: z.string().optional(),
    deliverySpec: z.looseObject({
      serviceCode: z.string(),
      sender: AddressSchema,
      destination: AddressSchema,
      options: z
        .object({
          option: many(
            z.object({
              optionCode: z.string(),
              optionAmount: xmlNumber.optional(),
              optionQualifier1: xmlBoolean.optional(),
              optionQualifier2: z.string().optional(),
            }),
          ),
        })
        .optional()
        .transform((o) => o?.option ?? []),
      parcelCharacteristics: z.looseObject({ weight: xmlNumber }),
      references: z
        .object({
          costCentre: z.string().optional(),
          customerRef1: z.string().optional(),
          customerRef2: z.string().optional(),
        })
        .optional(),
      settlementInfo: z.looseObject({ intendedMethodOfPayment: z.string().optional() }).optional(),
    }),
    returnSpec: z.looseObject({ serviceCode: z.string() }).optional(),
    /** Present once a refund was requested. */
    refundRequestInfo: RefundRequestInfoSchema.optional(),
  }),
});
export type ShipmentDetails = z.infer<typeof ShipmentDetailsSchema>;

/* ------------------------------------------------------------------ addressing */

/** `/rs/{mailedBy}/{mobo}`: the mailed-by customer and the customer mailed on behalf of (itself by default). */
export function accountPath(ctx: Pick<ClientContext, "config">, operation: string): string {
  const mailedBy = ctx.config.customerNumber;
  if (!mailedBy) {
    throw new CanadaPostInputError(
      operation,
      "no customer number is configured: set customerNumber (CANADA_POST_CUSTOMER_NUMBER), the mailed-by customer number of your Canada Post contract",
    );
  }
  return `/rs/${mailedBy}/${ctx.config.mobo ?? mailedBy}`;
}

/** A shipment as its id, one of its links, or what Create/Get Shipment returned (its links are followed). */
export type ShipmentRef = string | Link | Pick<ShipmentInfo, "shipmentId" | "links">;

interface Target {
  url: string;
  accept: string;
}

/** Where a call on a shipment goes: the link Canada Post gave when there is one, else the documented path. */
function targetOf(
  ctx: ClientContext,
  ref: ShipmentRef,
  operation: string,
  rels: string[],
  suffix = "",
): Target {
  if (typeof ref === "string") {
    const id = ref.trim();
    if (!/^[\w-]{1,32}$/.test(id)) {
      throw new CanadaPostInputError(
        operation,
        `"${ref}" is not a shipment id: pass the shipment-id Canada Post returned (up to 32 letters or digits) or one of the shipment's links`,
      );
    }
    return {
      url: `${accountPath(ctx, operation)}/shipment/${encodeURIComponent(id)}${suffix}`,
      accept: MediaType.shipment,
    };
  }
  if ("href" in ref) {
    if (!rels.includes(ref.rel)) {
      throw new CanadaPostInputError(
        operation,
        `needs the shipment's "${rels.join('" or "')}" link, not its "${ref.rel}" link (or pass the shipment id)`,
      );
    }
    return { url: ref.href, accept: ref.mediaType || MediaType.shipment };
  }
  const link = rels.map((rel) => findLink(ref.links, rel)).find((l) => l !== undefined);
  return link
    ? { url: link.href, accept: link.mediaType || MediaType.shipment }
    : targetOf(ctx, ref.shipmentId, operation, rels, suffix);
}

async function getXml(
  ctx: ClientContext,
  target: Target,
  operation: string,
  root: string,
  opts?: CallOptions,
): Promise<unknown> {
  const res = await ctx.transport.sendXml({
    operation,
    expectRoot: root,
    method: "GET",
    url: target.url,
    accept: target.accept,
    idempotent: true,
    ...opts,
  });
  return res.value;
}

/* ------------------------------------------------------------------ Create Shipment */

/**
 * Create Shipment, never buying a second label. Create is not idempotent, so without a customerRequestId
 * nothing is retried. With one, a call that ends without a definite answer (timeout, network failure,
 * HTTP 5xx) is first looked up with Get Shipments by customer-request-id: a shipment found is returned, and
 * only when none exists is the create sent again (up to config.retries times, with backoff). A 7314 answer
 * ("Request ID already exists") resolves to the existing shipment the same way.
 */
export async function createShipment(
  ctx: ClientContext,
  input: CreateShipmentInput,
  opts?: CallOptions,
): Promise<ShipmentInfo> {
  const request = parseCreateShipmentInput(input);
  const url = `${accountPath(ctx, OP_CREATE_SHIPMENT)}/shipment`;
  const body = buildShipmentXml(request, ctx);
  const requestId = request.customerRequestId;
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await ctx.transport.sendXml({
        operation: OP_CREATE_SHIPMENT,
        expectRoot: "shipment-info",
        method: "POST",
        url,
        accept: MediaType.shipment,
        contentType: MediaType.shipment,
        body,
        idempotent: false, // a repeat would buy a second label: retries are decided here, not in the transport
        ...opts,
      });
      return parseResponse(ShipmentInfoSchema, res.value, OP_CREATE_SHIPMENT);
    } catch (e) {
      const duplicate = e instanceof CanadaPostError && e.hasCode("7314");
      if (requestId === undefined || !(duplicate || isIndefinite(e))) throw e;
      // Give Canada Post a moment to finish a create still in flight before looking for it.
      if (!duplicate) await sleep(backoff(ctx.config.retryDelayMs, attempt));
      const existing = await lookUpAfterFailure(ctx, requestId, e, opts);
      if (existing) return existing;
      if (duplicate || attempt > ctx.config.retries) throw e;
    }
  }
}

/** The shipment created with this customer-request-id, or undefined when there is none. */
export async function findShipmentByCustomerRequestId(
  ctx: ClientContext,
  customerRequestId: string,
  opts?: CallOptions,
): Promise<ShipmentInfo | undefined> {
  const links = await getShipments(ctx, { customerRequestId }, opts);
  const link = links[0];
  return link ? getShipment(ctx, link, opts) : undefined;
}

/** An error after which the shipment may or may not exist at Canada Post. */
export function isIndefinite(e: unknown): boolean {
  if (e instanceof CanadaPostTransportError) return true;
  return e instanceof CanadaPostError && !(e instanceof CanadaPostThrottledError) && e.status >= 500;
}

async function lookUpAfterFailure(
  ctx: ClientContext,
  requestId: string,
  failure: unknown,
  opts?: CallOptions,
): Promise<ShipmentInfo | undefined> {
  try {
    return await findShipmentByCustomerRequestId(ctx, requestId, opts);
  } catch (lookupError) {
    // Neither the create nor the lookup answered: sending the create again could buy a second label.
    throw new CanadaPostTransportError(
      OP_CREATE_SHIPMENT,
      failure instanceof CanadaPostTransportError && failure.reason === "timeout" ? "timeout" : "network",
      `no definite answer (${(failure as Error).message}), and looking up customerRequestId "${requestId}" failed too (${(lookupError as Error).message}); the shipment may exist: call findShipmentByCustomerRequestId before creating it again`,
      { cause: failure },
    );
  }
}

function backoff(baseMs: number, attempt: number): number {
  const exp = baseMs * 2 ** (attempt - 1);
  return exp / 2 + Math.random() * (exp / 2);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/* ------------------------------------------------------------------ Get Shipment(s) and sub-resources */

/** Get Shipment: the same answer as Create Shipment, from the `self` link or the id. */
export async function getShipment(
  ctx: ClientContext,
  ref: ShipmentRef,
  opts?: CallOptions,
): Promise<ShipmentInfo> {
  const op = "GetShipment";
  const value = await getXml(ctx, targetOf(ctx, ref, op, ["self", "shipment"]), op, "shipment-info", opts);
  return parseResponse(ShipmentInfoSchema, value, op);
}

/** Get Shipment Details: what was asked for at creation, and any refund request. */
export async function getShipmentDetails(
  ctx: ClientContext,
  ref: ShipmentRef,
  opts?: CallOptions,
): Promise<ShipmentDetails> {
  const op = "GetShipmentDetails";
  const value = await getXml(
    ctx,
    targetOf(ctx, ref, op, ["details"], "/details"),
    op,
    "shipment-details",
    opts,
  );
  return parseResponse(ShipmentDetailsSchema, value, op);
}

/** Get Shipment Price: base, options, adjustments, taxes and the amount due. */
export async function getShipmentPrice(
  ctx: ClientContext,
  ref: ShipmentRef,
  opts?: CallOptions,
): Promise<ShipmentPrice> {
  const op = "GetShipmentPrice";
  const value = await getXml(ctx, targetOf(ctx, ref, op, ["price"], "/price"), op, "shipment-price", opts);
  return parseResponse(ShipmentPriceSchema, value, op);
}

/** Get Shipment Receipt: the payment receipt of a shipment created with transmitShipment. */
export async function getShipmentReceipt(
  ctx: ClientContext,
  ref: ShipmentRef,
  opts?: CallOptions,
): Promise<ShipmentReceipt> {
  const op = "GetShipmentReceipt";
  const value = await getXml(
    ctx,
    targetOf(ctx, ref, op, ["receipt"], "/receipt"),
    op,
    "shipment-receipt",
    opts,
  );
  return parseResponse(ShipmentReceiptSchema, value, op);
}

export const GetShipmentsInputSchema = z.object({
  /** The shipments of one group not yet transmitted. */
  groupId: z.string().trim().min(1).max(32).optional(),
  /** Shipments created with transmitShipment on one day; date YYYY-MM-DD or YYYYMMDD. */
  noManifest: z
    .object({
      date: z.string().regex(/^\d{4}-?\d{2}-?\d{2}$/, "must be a date YYYY-MM-DD"),
      limit: z.number().int().positive().optional(),
    })
    .optional(),
  trackingPin: z.string().trim().min(1).max(16).optional(),
  customerRequestId: z.string().trim().min(1).max(35).optional(),
});
export type GetShipmentsInput = z.input<typeof GetShipmentsInputSchema>;

/** Get Shipments: the `shipment` links matching exactly one criterion (or the group link of a shipment). */
export async function getShipments(
  ctx: ClientContext,
  input: GetShipmentsInput | Link,
  opts?: CallOptions,
): Promise<Link[]> {
  const op = "GetShipments";
  let target: Target & { query?: Record<string, string | number | undefined> };
  if ("href" in input) {
    target = { url: input.href, accept: input.mediaType || MediaType.shipment };
  } else {
    const i = parseInput(GetShipmentsInputSchema, input, op);
    const given = [i.groupId, i.noManifest, i.trackingPin, i.customerRequestId].filter(
      (v) => v !== undefined,
    );
    if (given.length !== 1) {
      throw new CanadaPostInputError(
        op,
        `give exactly one of groupId, noManifest { date }, trackingPin or customerRequestId (got ${given.length})`,
      );
    }
    target = {
      url: `${accountPath(ctx, op)}/shipment`,
      accept: MediaType.shipment,
      query: {
        groupId: i.groupId,
        noManifest: i.noManifest ? "true" : undefined,
        date: i.noManifest?.date.replace(/-/g, ""),
        limit: i.noManifest?.limit,
        trackingPIN: i.trackingPin,
        customerRequestId: i.customerRequestId,
      },
    };
  }
  const res = await ctx.transport.sendXml({
    operation: op,
    expectRoot: "shipments",
    method: "GET",
    url: target.url,
    query: target.query,
    accept: target.accept,
    idempotent: true,
    ...opts,
  });
  const value = res.value;
  return parseResponse(
    z
      .object({ link: many(LinkSchema) })
      .or(z.undefined())
      .transform((v) => v?.link ?? []),
    value,
    op,
  );
}

/* ------------------------------------------------------------------ Void and refund */

/**
 * Void Shipment: DELETE the shipment (204). A shipment not found answers 404 with an empty `<messages/>`, a
 * transmitted one 400 with 8064: both reach the caller as CanadaPostError, and 8064 means refund instead.
 */
export async function voidShipment(ctx: ClientContext, ref: ShipmentRef, opts?: CallOptions): Promise<void> {
  const op = "VoidShipment";
  const target = targetOf(ctx, ref, op, ["self", "shipment"]);
  await ctx.transport.send({
    operation: op,
    method: "DELETE",
    url: target.url,
    accept: target.accept,
    // A repeat after a lost answer would report 404 for a void that succeeded: the caller decides.
    idempotent: false,
    ...opts,
  });
}

export const RefundRequestInputSchema = z.object({
  /** Where Canada Post writes about the refund. */
  email: z.email("email must be an email address such as name@example.com").max(60),
});
export type RefundRequestInput = z.input<typeof RefundRequestInputSchema>;

export function buildShipmentRefundRequest(input: RefundRequestInput): string {
  const i = parseInput(RefundRequestInputSchema, input, "RequestShipmentRefund");
  return buildXml("shipment-refund-request", Namespace.shipment, { email: i.email });
}

/**
 * Request Shipment Refund: for a transmitted shipment whose label will not be used. A second request answers
 * 409 with 7292, which reaches the caller as CanadaPostError.
 */
export async function requestShipmentRefund(
  ctx: ClientContext,
  ref: ShipmentRef,
  input: RefundRequestInput,
  opts?: CallOptions,
): Promise<RefundRequestInfo> {
  const op = "RequestShipmentRefund";
  const body = buildShipmentRefundRequest(input);
  const target = targetOf(ctx, ref, op, ["refund"], "/refund");
  const res = await ctx.transport.sendXml({
    operation: op,
    expectRoot: "shipment-refund-request-info",
    method: "POST",
    url: target.url,
    accept: target.accept,
    contentType: target.accept,
    body,
    idempotent: false,
    ...opts,
  });
  return parseResponse(RefundRequestInfoSchema, res.value, op);
}
