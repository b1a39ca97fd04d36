import { z } from "zod";
import { readAnswerWith } from "../answer-schema";
import { call, parseInput, type CallOptions, type ClientContext } from "../context";
import { canadianPostalCode, usZipCode } from "../format";
import type { Link } from "../links";
import { MediaType, Namespace } from "../media-types";
import { accountPath } from "../shipment/shipment-target";
import { addressDetailsNode, linkListReader } from "../shipping-common";
import { buildXml, type XmlNode } from "../xml";

/*
 * Transmit Shipments (contract shipping v8, manifest part): closes groups of shipments into manifests, the
 * proof of payment handed over with the parcels.
 */

const OP = "TransmitShipments";

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

/** The `<transmit-set>` document of a Transmit Shipments call, checked, elements in manifest.xsd's order. */
export function buildTransmitShipmentsRequest(input: TransmitShipmentsInput): string {
  const i = parseInput(TransmitShipmentsInputSchema, input, OP);
  const a = i.manifestAddress.addressDetails;
  const field = "manifestAddress.addressDetails.postalZipCode";
  const content: XmlNode = {
    "customer-request-id": i.customerRequestId,
    "group-ids": { "group-id": i.groupIds },
    // Canada Post fixes this element to true: it is left out rather than sent as false.
    "cpc-pickup-indicator": i.cpcPickupIndicator ? true : undefined,
    "requested-shipping-point":
      i.requestedShippingPoint === undefined
        ? undefined
        : canadianPostalCode(i.requestedShippingPoint, "requestedShippingPoint", OP),
    "shipping-point-id": i.shippingPointId,
    "detailed-manifests": i.detailedManifests,
    "method-of-payment": i.methodOfPayment,
    "manifest-address": {
      "manifest-company": i.manifestAddress.manifestCompany,
      "manifest-name": i.manifestAddress.manifestName,
      "phone-number": i.manifestAddress.phoneNumber,
      "address-details": addressDetailsNode(
        a,
        a.countryCode === "US"
          ? usZipCode(a.postalZipCode, field, OP)
          : canadianPostalCode(a.postalZipCode, field, OP),
      ),
    },
    "customer-reference": i.customerReference,
    "excluded-shipments": { "shipment-id": i.excludedShipments },
  };
  return buildXml("transmit-set", Namespace.manifest, content);
}

/** Canada Post's answer to Transmit Shipments: one `manifest` link per manifest made. */
export function parseTransmitShipmentsResponse(xml: string, status = 200): Link[] {
  return readAnswerWith(linkListReader, xml, status, OP, "manifests");
}

/**
 * Transmit Shipments: closes the groups into manifests and returns one `manifest` link per manifest.
 * Never retried: a repeated transmit could manifest shipments twice.
 */
export async function transmitShipments(
  ctx: ClientContext,
  input: TransmitShipmentsInput,
  opts?: CallOptions,
): Promise<Link[]> {
  const body = buildTransmitShipmentsRequest(input);
  return call(
    ctx,
    {
      operation: OP,
      method: "POST",
      url: `${accountPath(ctx, OP)}/manifest`,
      accept: MediaType.manifest,
      contentType: MediaType.manifest,
      body,
      idempotent: false,
    },
    parseTransmitShipmentsResponse,
    opts,
  );
}
