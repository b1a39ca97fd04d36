import { readAnswerWith } from "../answer-schema";
import { backoffDelay, sleep } from "../backoff";
import type { CanadaPostConfig } from "../config";
import { call, type CallOptions, type ClientContext } from "../context";
import { CanadaPostError, CanadaPostThrottledError, CanadaPostTransportError } from "../errors";
import { canadianPostalCode, formatMoney } from "../format";
import { MediaType, Namespace } from "../media-types";
import { optionNode, parcelNode } from "../parcel";
import {
  customsNode,
  destinationNode,
  notificationNode,
  preferencesNode,
  referencesNode,
  senderNode,
} from "../shipping-common";
import { buildXml, type XmlNode } from "../xml";
import {
  OP_CREATE_SHIPMENT as OP,
  parseCreateShipmentInput,
  type CreateShipmentInput,
  type CreateShipmentRequest,
} from "./create-shipment-input";
import { getShipment } from "./get-shipment";
import { getShipments } from "./get-shipments";
import { accountPath } from "./shipment-target";
import { shipmentInfoReader, type ShipmentInfo } from "./shipment-info";

/* Create Shipment (contract shipping v8): the `<shipment>` document, its `<shipment-info>` answer, the call. */

type Config = Pick<CanadaPostConfig, "contractId">;

/** The `<shipment>` document for Create Shipment, checked, elements in shipment.xsd's order. */
export function buildCreateShipmentRequest(input: CreateShipmentInput, config?: Config): string {
  return buildShipmentXml(parseCreateShipmentInput(input), config);
}

/** Builds from an already checked request. */
export function buildShipmentXml(i: CreateShipmentRequest, config?: Config): string {
  const content: XmlNode = {
    "customer-request-id": i.customerRequestId,
    "group-id": i.groupId,
    "transmit-shipment": i.transmitShipment ? true : undefined,
    "quickship-label-requested": i.quickshipLabelRequested ? true : undefined,
    // Canada Post fixes these flags to true: when false they are left out, as the documentation asks.
    "cpc-pickup-indicator": i.cpcPickupIndicator ? true : undefined,
    "requested-shipping-point":
      i.requestedShippingPoint === undefined
        ? undefined
        : canadianPostalCode(i.requestedShippingPoint, "requestedShippingPoint", OP),
    "shipping-point-id": i.shippingPointId,
    "expected-mailing-date": i.expectedMailingDate,
    "provide-pricing-info": i.providePricingInfo ? true : undefined,
    "provide-receipt-info": i.provideReceiptInfo ? true : undefined,
    "delivery-spec": deliverySpecNode(i.deliverySpec, config),
    "return-spec": i.returnSpec && returnSpecNode(i.returnSpec),
    "pre-authorized-payment": i.preAuthorizedPayment && {
      "account-number": i.preAuthorizedPayment.accountNumber,
      "auth-code": i.preAuthorizedPayment.authCode,
      "auth-timestamp": i.preAuthorizedPayment.authTimestamp,
      "charge-amount": formatMoney(i.preAuthorizedPayment.chargeAmount),
    },
    "create-public-key": i.createPublicKey,
    "create-qr-code": i.createQrCode,
  };
  return buildXml("shipment", Namespace.shipment, content);
}

type DeliverySpec = CreateShipmentRequest["deliverySpec"];

function deliverySpecNode(s: DeliverySpec, config?: Config): XmlNode {
  const contractId = s.settlementInfo.contractId ?? config?.contractId;
  return {
    "service-code": s.serviceCode,
    sender: senderNode(s.sender, "sender.addressDetails.postalZipCode", OP),
    destination: destinationNode(s.destination, "destination.addressDetails.postalZipCode", OP),
    options: { option: (s.options ?? []).map(optionNode) },
    "parcel-characteristics": parcelNode(s.parcelCharacteristics),
    notification: notificationNode(s.notification),
    "print-preferences": s.printPreferences && {
      "output-format": s.printPreferences.outputFormat,
      encoding: s.printPreferences.encoding,
    },
    preferences: preferencesNode(s.preferences),
    references: referencesNode(s.references),
    customs: customsNode(s.customs),
    "settlement-info": {
      "paid-by-customer": s.settlementInfo.paidByCustomer,
      "contract-id": contractId,
      "cif-shipment": s.settlementInfo.cifShipment ? true : undefined,
      "intended-method-of-payment":
        s.settlementInfo.intendedMethodOfPayment ?? (contractId ? "Account" : "CreditCard"),
      "promo-code": s.settlementInfo.promoCode,
    },
  };
}

function returnSpecNode(r: NonNullable<CreateShipmentRequest["returnSpec"]>): XmlNode {
  const a = r.returnRecipient.addressDetails;
  return {
    "service-code": r.serviceCode,
    "return-recipient": {
      name: r.returnRecipient.name,
      company: r.returnRecipient.company,
      "address-details": {
        "address-line-1": a.addressLine1,
        "address-line-2": a.addressLine2,
        city: a.city,
        "prov-state": a.provState.toUpperCase(),
        "postal-zip-code": canadianPostalCode(
          a.postalZipCode,
          "returnSpec.returnRecipient.addressDetails.postalZipCode",
          OP,
        ),
      },
    },
    "return-notification": r.returnNotification,
  };
}

/** Canada Post's answer to Create Shipment: the `<shipment-info>`, or the error it stands for. */
export function parseCreateShipmentResponse(xml: string, status = 200): ShipmentInfo {
  return readAnswerWith(shipmentInfoReader, xml, status, OP, "shipment-info");
}

/** Sends a `<shipment>` once: a repeat would buy a second label, so retries are createShipment's to decide. */
export async function sendCreateShipment(
  ctx: ClientContext,
  body: string,
  opts?: CallOptions,
): Promise<ShipmentInfo> {
  return call(
    ctx,
    {
      operation: OP,
      method: "POST",
      url: `${accountPath(ctx, OP)}/shipment`,
      accept: MediaType.shipment,
      contentType: MediaType.shipment,
      body,
      idempotent: false,
    },
    parseCreateShipmentResponse,
    opts,
  );
}

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
  const body = buildShipmentXml(request, ctx.config);
  const requestId = request.customerRequestId;
  for (let attempt = 1; ; attempt++) {
    try {
      return await sendCreateShipment(ctx, body, opts);
    } catch (e) {
      const duplicate = e instanceof CanadaPostError && e.hasCode("7314");
      if (requestId === undefined || !(duplicate || isIndefinite(e))) throw e;
      // Give Canada Post a moment to finish a create still in flight before looking for it.
      if (!duplicate) await sleep(backoffDelay(ctx.config.retryDelayMs, attempt), opts?.signal);
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
      OP,
      failure instanceof CanadaPostTransportError && failure.reason === "timeout" ? "timeout" : "network",
      `no definite answer (${(failure as Error).message}), and looking up customerRequestId "${requestId}" failed too (${(lookupError as Error).message}); the shipment may exist: call findShipmentByCustomerRequestId before creating it again`,
      { cause: failure },
    );
  }
}
