import { boolean, listOf, number, object, text, type Infer } from "./answer-schema";
import { canadianPostalCode, formatMoney, formatRate, formatWeight, usZipCode } from "./format";
import { linkReader } from "./links";
import type { XmlNode } from "./xml";

/*
 * What Contract Shipping (shipment-v8) and Non-Contract Shipping (ncshipment-v4) share: the parts of their
 * requests (sender, destination, notification, preferences, references, customs) and of their answers
 * (parties, options, references, refund tickets, link lists). Each keeps its own input schema, as its XSD
 * differs in limits and patterns; the documents they build and read are the same here.
 */

/* ------------------------------------------------------------------ requests */

export interface AddressDetailsInput {
  addressLine1?: string;
  addressLine2?: string;
  city?: string;
  provState?: string;
  countryCode?: string;
  postalZipCode?: string;
}

/** `<address-details>` with its postal code already in Canada Post's form. */
export function addressDetailsNode(a: AddressDetailsInput, postalZipCode: string | undefined): XmlNode {
  return {
    "address-line-1": a.addressLine1,
    "address-line-2": a.addressLine2,
    city: a.city,
    "prov-state": a.provState,
    "country-code": a.countryCode,
    "postal-zip-code": postalZipCode,
  };
}

/** `<sender>`: always in Canada; contract shipping also states its country, non-contract shipping does not. */
export function senderNode(
  s: {
    name?: string;
    company: string;
    contactPhone: string;
    addressDetails: AddressDetailsInput & { postalZipCode: string };
  },
  field: string,
  operation: string,
): XmlNode {
  const a = s.addressDetails;
  return {
    name: s.name,
    company: s.company,
    "contact-phone": s.contactPhone,
    "address-details": addressDetailsNode(a, canadianPostalCode(a.postalZipCode, field, operation)),
  };
}

/** `<destination>`: the postal code in Canada Post's form in Canada and the US, as given elsewhere. */
export function destinationNode(
  d: {
    name?: string;
    company?: string;
    additionalAddressInfo?: string;
    clientVoiceNumber?: string;
    addressDetails: AddressDetailsInput & { countryCode: string };
  },
  field: string,
  operation: string,
): XmlNode {
  const a = d.addressDetails;
  const postal =
    a.postalZipCode === undefined
      ? undefined
      : a.countryCode === "CA"
        ? canadianPostalCode(a.postalZipCode, field, operation)
        : a.countryCode === "US"
          ? usZipCode(a.postalZipCode, field, operation)
          : a.postalZipCode;
  return {
    name: d.name,
    company: d.company,
    "additional-address-info": d.additionalAddressInfo,
    "client-voice-number": d.clientVoiceNumber,
    "address-details": addressDetailsNode(a, postal),
  };
}

export function notificationNode(
  n: { email: string; onShipment: boolean; onException: boolean; onDelivery: boolean } | undefined,
): XmlNode | undefined {
  return (
    n && {
      email: n.email,
      "on-shipment": n.onShipment,
      "on-exception": n.onException,
      "on-delivery": n.onDelivery,
    }
  );
}

export function preferencesNode(p: {
  showPackingInstructions: boolean;
  showPostageRate?: boolean;
  showInsuredValue?: boolean;
}): XmlNode {
  return {
    "show-packing-instructions": p.showPackingInstructions,
    "show-postage-rate": p.showPostageRate,
    "show-insured-value": p.showInsuredValue,
  };
}

export function referencesNode(
  r: { costCentre?: string; customerRef1?: string; customerRef2?: string } | undefined,
): XmlNode | undefined {
  return (
    r && {
      "cost-centre": r.costCentre,
      "customer-ref-1": r.customerRef1,
      "customer-ref-2": r.customerRef2,
    }
  );
}

interface CustomsInput {
  currency: string;
  conversionFromCad?: number;
  reasonForExport: string;
  otherReason?: string;
  skuList: {
    customsNumberOfUnits: number;
    customsDescription: string;
    sku?: string;
    hsTariffCode?: string;
    unitWeight: number;
    customsValuePerUnit: number;
    customsUnitOfMeasure?: string;
    countryOfOrigin?: string;
    provinceOfOrigin?: string;
  }[];
  dutiesAndTaxesPrepaid?: number;
  certificateNumber?: string;
  licenceNumber?: string;
  invoiceNumber?: string;
  /** Contract shipping only. */
  iossId?: string;
}

/** `<customs>` with its `<sku-list>`, amounts and weights in Canada Post's patterns. */
export function customsNode(c: CustomsInput | undefined): XmlNode | undefined {
  if (!c) return undefined;
  return {
    currency: c.currency,
    "conversion-from-cad": c.conversionFromCad === undefined ? undefined : formatRate(c.conversionFromCad),
    "reason-for-export": c.reasonForExport,
    "other-reason": c.otherReason,
    "sku-list": {
      item: c.skuList.map((item) => ({
        "customs-number-of-units": item.customsNumberOfUnits,
        "customs-description": item.customsDescription,
        sku: item.sku,
        "hs-tariff-code": item.hsTariffCode,
        "unit-weight": formatWeight(item.unitWeight),
        "customs-value-per-unit": formatMoney(item.customsValuePerUnit),
        "customs-unit-of-measure": item.customsUnitOfMeasure?.toUpperCase(),
        "country-of-origin": item.countryOfOrigin,
        "province-of-origin": item.provinceOfOrigin?.toUpperCase(),
      })),
    },
    "duties-and-taxes-prepaid":
      c.dutiesAndTaxesPrepaid === undefined ? undefined : formatMoney(c.dutiesAndTaxesPrepaid),
    "certificate-number": c.certificateNumber,
    "licence-number": c.licenceNumber,
    "invoice-number": c.invoiceNumber,
    "ioss-id": c.iossId,
  };
}

/* ------------------------------------------------------------------ answers */

/** A `<links>`-less list of links: the answer of Get Shipments, Get Manifests, Transmit Shipments... */
export const linkListReader = listOf("link", linkReader);

/** `<refund-request-info>` (and the answers of the refund requests): the ticket to quote to Canada Post. */
export const refundRequestInfoReader = object({
  serviceTicketDate: text,
  /** Quote it in any exchange with Canada Post about the refund. */
  serviceTicketId: text,
});
export type RefundRequestInfo = Infer<typeof refundRequestInfoReader>;

/** A sender, destination or recipient as the details answers give it back. */
export const partyReader = object(
  {
    name: text.optional(),
    company: text.optional(),
    additionalAddressInfo: text.optional(),
    clientVoiceNumber: text.optional(),
    contactPhone: text.optional(),
    addressDetails: object(
      {
        addressLine1: text.optional(),
        addressLine2: text.optional(),
        city: text.optional(),
        provState: text.optional(),
        countryCode: text.optional(),
        postalZipCode: text.optional(),
      },
      { loose: true },
    ),
  },
  { loose: true },
);

/** The `<options>` of a details answer. */
export const detailOptionsReader = listOf(
  "option",
  object({
    optionCode: text,
    optionAmount: number.optional(),
    optionQualifier1: boolean.optional(),
    optionQualifier2: text.optional(),
  }),
);

export const referencesReader = object({
  costCentre: text.optional(),
  customerRef1: text.optional(),
  customerRef2: text.optional(),
});
