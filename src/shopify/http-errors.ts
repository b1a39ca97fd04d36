/**
 * Refusals as JSON the embedded admin can act on: Canada Post's own code and description (4xx for a
 * refusal, 429 throttled, 502 unreachable), the core's refusals of what cannot be bought or packed (400, 409
 * for items another label holds, naming its PIN), Shopify's userErrors with their texts (422).
 */
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { CanadaPostError, CanadaPostThrottledError, CanadaPostTransportError } from "../canada-post";
import { EncryptionKeyError } from "../shipping/connection-secrets";
import { ManifestRequestError, ManifestSettingsError } from "../shipping/manifests";
import { RegistrationRefused } from "../shipping/merchant-connection";
import { PackingError } from "../shipping/packing";
import { MerchantSettingsError } from "../shipping/settings";
import {
  AlreadyLabelledError,
  CustomsError,
  ShipmentPurchaseError,
  ShipmentRequestError,
} from "../shipping/shipments";
import { TrackingLimitError } from "../shipping/tracking-service";
import { ShopifyApiError, ShopifyUserError } from "./admin-graphql";
import { NoSessionError } from "./context";
import { LabelRequestError } from "./labels";
import { refusalAnswer } from "./shop-connection";
import { ShopNotInstalledError } from "./shop-cores";

export interface ErrorAnswer {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

export function errorAnswer(e: unknown): ErrorAnswer | undefined {
  if (e instanceof TrackingLimitError)
    return {
      status: 429,
      body: { type: "canada_post_tracking_limit", message: e.message },
      headers: { "retry-after": String(Math.ceil(e.retryAfterMs / 1000)) },
    };
  if (e instanceof CanadaPostThrottledError)
    return { status: 429, body: { type: "canada_post_throttled", code: e.code, message: e.message } };
  if (e instanceof CanadaPostError) {
    const refused = e.status >= 400 && e.status < 500;
    return {
      status: refused ? (e.status === 409 ? 409 : 400) : 502,
      body: {
        type: "canada_post_error",
        code: e.code,
        message: e.messages[0]?.description ?? e.message,
        messages: e.messages,
        operation: e.operation,
        canada_post_status: e.status,
      },
    };
  }
  if (e instanceof CanadaPostTransportError)
    return { status: 502, body: { type: "canada_post_unreachable", message: e.message } };
  if (e instanceof AlreadyLabelledError)
    return {
      status: 409,
      body: {
        type: "already_labelled",
        message: e.message,
        shipments: e.shipments.map((s) => ({
          shipment_id: s.shipmentId,
          tracking_pin: s.trackingPin ?? null,
        })),
      },
    };
  if (e instanceof ShipmentPurchaseError)
    return {
      status: 502,
      body: {
        type: "purchase_incomplete",
        message: e.message,
        bought: e.bought.map((s) => ({ shipment_id: s.shipmentId, tracking_pin: s.trackingPin ?? null })),
        failed: e.failed.map((f) => ({
          parcel_index: f.parcelIndex,
          code: f.code ?? null,
          message: f.description,
        })),
      },
    };
  if (e instanceof RegistrationRefused) return { status: 400, body: refusalAnswer(e) };
  if (e instanceof EncryptionKeyError)
    return { status: 500, body: { type: "connection_unreadable", message: e.message } };
  if (e instanceof MerchantSettingsError)
    return { status: 400, body: { type: "invalid_settings", message: e.message, issues: e.issues } };
  if (
    e instanceof PackingError ||
    e instanceof ShipmentRequestError ||
    e instanceof CustomsError ||
    e instanceof ManifestRequestError ||
    e instanceof ManifestSettingsError
  )
    return { status: 400, body: { type: "invalid_request", message: e.message } };
  if (e instanceof LabelRequestError)
    return { status: e.status, body: { type: "invalid_request", message: e.message } };
  if (e instanceof ShopifyUserError)
    return {
      status: 422,
      body: { type: "shopify_user_errors", message: e.message, user_errors: e.userErrors },
    };
  if (e instanceof ShopifyApiError)
    return { status: 502, body: { type: "shopify_unavailable", message: e.message } };
  if (e instanceof NoSessionError || e instanceof ShopNotInstalledError)
    return { status: 403, body: { type: "not_installed", message: e.message } };
  return undefined;
}

/** Fastify's error handler: known refusals as above; anything else a 500 that says nothing secret. */
export function handleError(logger: { error(m: string): void }) {
  return (e: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const answer = errorAnswer(e);
    if (answer)
      return reply
        .code(answer.status)
        .headers(answer.headers ?? {})
        .send(answer.body);
    if (e.statusCode && e.statusCode < 500)
      return reply.code(e.statusCode).send({ type: "bad_request", message: e.message });
    logger.error(`${request.method} ${request.url}: ${e.stack ?? e.message}`);
    return reply.code(500).send({ type: "internal_error", message: "the app failed; see its log" });
  };
}
