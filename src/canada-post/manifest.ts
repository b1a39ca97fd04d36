import { z } from "zod";
import { getArtifact, type Artifact } from "./artifact";
import { parseInput, parseResponse, readDocument, type CallOptions, type ClientContext } from "./context";
import { CanadaPostInputError } from "./errors";
import { canadianPostalCode, usZipCode } from "./format";
import { findLink, LinkSchema, LinksSchema, type Link } from "./links";
import { MediaType, Namespace } from "./media-types";
import { many, xmlBoolean, xmlNumber } from "./schema-helpers";
import { buildXml, type XmlNode } from "./xml";

/*
 * Contract Shipping v8, manifest part: Transmit Shipments closes groups of shipments into manifests (the
 * proof of payment handed over with the parcels); Get Manifest, its details and its printable artifact.
 */

const OP_TRANSMIT = "TransmitShipments";

/** `/rs/{mailedBy}/{mobo}`: every manifest call is made for a customer number and on whose behalf. */
export function manifestBasePath(ctx: Pick<ClientContext, "config">, operation: string): string {
  const mailedBy = ctx.config.customerNumber;
  if (!mailedBy) {
    throw new CanadaPostInputError(
      operation,
      "no customer number is configured: set customerNumber (the mailed-by customer number of your Canada Post account)",
    );
  }
  return `/rs/${mailedBy}/${ctx.config.mobo ?? mailedBy}`;
}

/* ------------------------------------------------------------------ Transmit Shipments */

const text = (name: string, max: number) =>
  z.string().trim().min(1, `${name} must not be empty`).max(max, `${name} must be at most ${max} characters`);

export const ManifestAddressSchema = z.object({
  manifestCompany: text("manifestCompany", 44),
  manifestName: text("manifestName", 44).optional(),
  phoneNumber: text("phoneNumber", 25),
  addressDetails: z.object({
    addressLine1: text("addressLine1", 44),
    addressLine2: z.string().trim().max(44).optional(),
    city: text("city", 40),
    provState: z
      .string()
      .trim()
      .length(2, "provState must be the 2-letter province or state code, e.g. ON")
      .transform((s) => s.toUpperCase()),
    /** CA (default) or US: the manifest address is in Canada or the United States. */
    countryCode: z.enum(["CA", "US"], { message: "countryCode must be CA or US" }).optional(),
    postalZipCode: z.string(),
  }),
});
export type ManifestAddress = z.input<typeof ManifestAddressSchema>;

export const TransmitShipmentsInputSchema = z
  .object({
    /** Groups of shipments to close into manifests (Canada Post refuses more than 50: 9109). */
    groupIds: z
      .array(text("groupId", 32))
      .min(1, "give at least one groupId to transmit")
      .max(50, "Canada Post takes at most 50 group ids per manifest (error 9109)"),
    /** True when Canada Post picks the parcels up at requestedShippingPoint. */
    cpcPickupIndicator: z.boolean().optional(),
    /** Postal code where the parcels are picked up or deposited; or give shippingPointId. */
    requestedShippingPoint: z.string().optional(),
    /** The Canada Post site (outlet number, up to 4 characters) where the parcels are deposited. */
    shippingPointId: text("shippingPointId", 4).optional(),
    /** True: one manifest per group with every shipment listed. */
    detailedManifests: z.boolean().default(true),
    methodOfPayment: z
      .enum(["Account", "CreditCard", "SupplierAccount"], {
        message: "methodOfPayment must be Account, CreditCard or SupplierAccount",
      })
      .default("Account"),
    manifestAddress: ManifestAddressSchema,
    customerReference: z
      .string()
      .trim()
      .max(12, "customerReference must be at most 12 characters")
      .optional(),
    /** Shipments of the groups to leave out of this transmit. */
    excludedShipments: z.array(text("shipmentId", 32)).optional(),
    /** Reserved by Canada Post for future use. */
    customerRequestId: z.string().trim().max(35).optional(),
  })
  .superRefine((i, ctx) => {
    if (i.requestedShippingPoint !== undefined && i.shippingPointId !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["shippingPointId"],
        message: "give either requestedShippingPoint or shippingPointId, not both",
      });
    }
    if (i.requestedShippingPoint === undefined && i.shippingPointId === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["requestedShippingPoint"],
        message:
          "say where the parcels leave from: requestedShippingPoint (postal code) or shippingPointId (deposit site)",
      });
    }
    if (i.cpcPickupIndicator && i.requestedShippingPoint === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["cpcPickupIndicator"],
        message: "cpcPickupIndicator needs requestedShippingPoint, the postal code of the pickup location",
      });
    }
  });
export type TransmitShipmentsInput = z.input<typeof TransmitShipmentsInputSchema>;

/** The `<transmit-set>` document of a Transmit Shipments call, elements in manifest.xsd's order. */
export function buildTransmitSet(input: TransmitShipmentsInput): string {
  const i = parseInput(TransmitShipmentsInputSchema, input, OP_TRANSMIT);
  const a = i.manifestAddress.addressDetails;
  const us = a.countryCode === "US";
  const content: XmlNode = {
    "customer-request-id": i.customerRequestId,
    "group-ids": { "group-id": i.groupIds },
    // Canada Post fixes this element to true: it is left out rather than sent as false.
    "cpc-pickup-indicator": i.cpcPickupIndicator ? true : undefined,
    "requested-shipping-point":
      i.requestedShippingPoint === undefined
        ? undefined
        : canadianPostalCode(i.requestedShippingPoint, "requestedShippingPoint", OP_TRANSMIT),
    "shipping-point-id": i.shippingPointId,
    "detailed-manifests": i.detailedManifests,
    "method-of-payment": i.methodOfPayment,
    "manifest-address": {
      "manifest-company": i.manifestAddress.manifestCompany,
      "manifest-name": i.manifestAddress.manifestName,
      "phone-number": i.manifestAddress.phoneNumber,
      "address-details": {
        "address-line-1": a.addressLine1,
        "address-line-2": a.addressLine2,
        city: a.city,
        "prov-state": a.provState,
        "country-code": a.countryCode,
        "postal-zip-code": us
          ? usZipCode(a.postalZipCode, "manifestAddress.addressDetails.postalZipCode", OP_TRANSMIT)
          : canadianPostalCode(a.postalZipCode, "manifestAddress.addressDetails.postalZipCode", OP_TRANSMIT),
      },
    },
    "customer-reference": i.customerReference,
    "excluded-shipments": { "shipment-id": i.excludedShipments },
  };
  return buildXml("transmit-set", Namespace.manifest, content);
}

const ManifestLinksSchema = z
  .object({ link: many(LinkSchema) })
  .or(z.undefined())
  .transform((v) => v?.link ?? []);

/**
 * Transmit Shipments: closes the groups into manifests and returns one `manifest` link per manifest.
 * Never retried: a repeated transmit could manifest shipments twice.
 */
export async function transmitShipments(
  ctx: ClientContext,
  input: TransmitShipmentsInput,
  opts?: CallOptions,
): Promise<Link[]> {
  const body = buildTransmitSet(input);
  const res = await ctx.transport.sendXml({
    operation: OP_TRANSMIT,
    expectRoot: "manifests",
    method: "POST",
    url: `${manifestBasePath(ctx, OP_TRANSMIT)}/manifest`,
    accept: MediaType.manifest,
    contentType: MediaType.manifest,
    body,
    idempotent: false,
    ...opts,
  });
  return parseResponse(ManifestLinksSchema, res.value, OP_TRANSMIT);
}

/* ------------------------------------------------------------------ reading manifests */

/** A manifest by its id, or a link Canada Post returned for it (followed as given). */
export type ManifestRef = string | Link;

/** Where a call on a manifest goes: the link's own href and media type, or the path built from the id. */
function manifestTarget(
  ctx: ClientContext,
  ref: ManifestRef,
  rels: string[],
  suffix: string,
  operation: string,
): { url: string; accept: string } {
  if (typeof ref !== "string") {
    if (!rels.includes(ref.rel)) {
      throw new CanadaPostInputError(
        operation,
        `expected a link with rel ${rels.map((r) => `"${r}"`).join(" or ")}, got rel "${ref.rel}": pass the manifest id or the matching link`,
      );
    }
    return { url: ref.href, accept: ref.mediaType };
  }
  const id = ref.trim();
  if (!id)
    throw new CanadaPostInputError(operation, "the manifest id is empty: pass the id or the manifest link");
  return {
    url: `${manifestBasePath(ctx, operation)}/manifest/${encodeURIComponent(id)}${suffix}`,
    accept: MediaType.manifest,
  };
}

export const ManifestSchema = z.object({
  customerRequestId: z.string().optional(),
  poNumber: z.string(),
  links: LinksSchema,
});
export type Manifest = z.infer<typeof ManifestSchema>;

/** Get Manifest: the purchase order number and the links to the manifest's details and artifact. */
export async function getManifest(
  ctx: ClientContext,
  ref: ManifestRef,
  opts?: CallOptions,
): Promise<Manifest> {
  const op = "GetManifest";
  const target = manifestTarget(ctx, ref, ["manifest", "self"], "", op);
  return readDocument(ctx, { operation: op, ...target, root: "manifest" }, ManifestSchema, opts);
}

const money = xmlNumber;

const AddressDetailsResponseSchema = z.object({
  addressLine1: z.string(),
  addressLine2: z.string().optional(),
  city: z.string(),
  provState: z.string(),
  countryCode: z.string().optional(),
  postalZipCode: z.string(),
});

export const ManifestDetailsSchema = z.object({
  poNumber: z.string(),
  finalShippingPoint: z.string(),
  shippingPointName: z.string().optional(),
  shippingPointId: z.string().optional(),
  cpcPickupIndicator: xmlBoolean.optional(),
  mailedByCustomer: z.string(),
  mailedOnBehalfOf: z.string(),
  paidByCustomer: z.string(),
  customerRef: z.string().optional(),
  manifestDate: z.string(),
  manifestTime: z.string(),
  contractId: z.string().optional(),
  methodOfPayment: z.string(),
  ccReceiptDetails: z
    .object({
      merchantName: z.string(),
      merchantUrl: z.string(),
      nameOnCard: z.string().optional(),
      authCode: z.string(),
      authTimestamp: z.string(),
      cardType: z.string(),
      currency: z.string(),
      transactionType: z.string(),
    })
    .optional(),
  supplierAccountReceiptDetails: z
    .object({
      merchantName: z.string(),
      merchantUrl: z.string(),
      authCode: z.string(),
      authTimestamp: z.string(),
      supplierId: z.string(),
      currency: z.string(),
      transactionType: z.string(),
    })
    .optional(),
  manifestPricingInfo: z.object({
    baseCost: money,
    automationDiscount: money,
    optionsAndSurcharges: money,
    gst: money,
    pst: money,
    hst: money,
    totalDueCpc: money,
  }),
  manifestAddress: z.object({
    manifestCompany: z.string(),
    manifestName: z.string().optional(),
    phoneNumber: z.string(),
    addressDetails: AddressDetailsResponseSchema,
  }),
});
export type ManifestDetails = z.infer<typeof ManifestDetailsSchema>;

/** Get Manifest Details: who mailed, where, when, how it was paid and what it cost. */
export async function getManifestDetails(
  ctx: ClientContext,
  ref: ManifestRef,
  opts?: CallOptions,
): Promise<ManifestDetails> {
  const op = "GetManifestDetails";
  const target = manifestTarget(ctx, ref, ["details"], "/details", op);
  return readDocument(
    ctx,
    { operation: op, ...target, root: "manifest-details" },
    ManifestDetailsSchema,
    opts,
  );
}

/** YYYYMMDD, also accepting YYYY-MM-DD. */
const day = (name: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{4}-?\d{2}-?\d{2}$/, `${name} must be a date as YYYYMMDD or YYYY-MM-DD, e.g. 20240131`)
    .transform((d) => d.replace(/-/g, ""));

export const GetManifestsInputSchema = z.object({
  start: day("start"),
  /** Defaults to start: the manifests of one day. */
  end: day("end").optional(),
});
export type GetManifestsInput = z.input<typeof GetManifestsInputSchema>;

/** Get Manifests: links to the manifests created between two dates (inclusive). */
export async function getManifests(
  ctx: ClientContext,
  input: GetManifestsInput,
  opts?: CallOptions,
): Promise<Link[]> {
  const op = "GetManifests";
  const i = parseInput(GetManifestsInputSchema, input, op);
  const end = i.end ?? i.start;
  if (end < i.start) throw new CanadaPostInputError(op, `end ${end} is before start ${i.start}`);
  const res = await ctx.transport.sendXml({
    operation: op,
    expectRoot: "manifests",
    method: "GET",
    url: `${manifestBasePath(ctx, op)}/manifest`,
    query: { start: i.start, end },
    accept: MediaType.manifest,
    idempotent: true,
    ...opts,
  });
  return parseResponse(ManifestLinksSchema, res.value, op);
}

/* ------------------------------------------------------------------ groups and artifact */

export const GroupsSchema = z
  .object({ group: many(z.object({ groupId: z.string(), link: LinkSchema })) })
  .or(z.undefined())
  .transform((v) => v?.group ?? []);
export type Group = z.infer<typeof GroupsSchema>[number];

/**
 * Get Groups: the groups holding shipments not yet transmitted, i.e. the group ids to pass to Transmit
 * Shipments. Part of the shipment category: shipment.xsd defines `<groups>`, under the shipment media type.
 */
export async function getGroups(ctx: ClientContext, opts?: CallOptions): Promise<Group[]> {
  const op = "GetGroups";
  const res = await ctx.transport.sendXml({
    operation: op,
    expectRoot: "groups",
    method: "GET",
    url: `${manifestBasePath(ctx, op)}/group`,
    accept: MediaType.shipment,
    idempotent: true,
    ...opts,
  });
  return parseResponse(GroupsSchema, res.value, op);
}

/** The printable manifest (PDF) of a manifest read with getManifest, through its `artifact` link. */
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
