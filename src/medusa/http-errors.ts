import type { MedusaResponse } from "@medusajs/framework/http";
import { MedusaError } from "@medusajs/framework/utils";
import { CanadaPostError, CanadaPostThrottledError, CanadaPostTransportError } from "../canada-post";
import { explainPaymentError } from "../shipping/connection-messages";
import { ManifestAnswerLostError, ManifestRequestError, ManifestSettingsError } from "../shipping/manifests";
import { PackingError } from "../shipping/packing";
import { CustomsError, ShipmentRequestError } from "../shipping/shipments";
import { TrackingLimitError } from "../shipping/tracking-service";

/**
 * Canada Post's refusals as JSON the admin can act on: its own code and description, a 4xx status for a
 * refusal, 429 when throttled (by Canada Post, or by the account's tracking limit kept here), 502 when
 * Canada Post could not be reached or its answer to a transmit it did was lost. Other errors go to Medusa's
 * handler.
 */
export function sendCanadaPostError(res: MedusaResponse, e: unknown): boolean {
  if (e instanceof TrackingLimitError) {
    res.setHeader("Retry-After", String(Math.ceil(e.retryAfterMs / 1000)));
    res.status(429).json({ type: "canada_post_tracking_limit", message: e.message });
    return true;
  }
  if (e instanceof CanadaPostThrottledError) {
    res.status(429).json({ type: "canada_post_throttled", code: e.code, message: e.message });
    return true;
  }
  if (e instanceof CanadaPostError) {
    const refused = e.status >= 400 && e.status < 500;
    res.status(refused ? (e.status === 409 ? 409 : 400) : 502).json({
      type: "canada_post_error",
      code: e.code,
      message: e.messages[0]?.description ?? e.message,
      messages: e.messages,
      operation: e.operation,
      canada_post_status: e.status,
      // A payment refusal (7317, 7312, no card on file) in the merchant's words, for the admin to show.
      ...(explainPaymentError(e, "en")
        ? { explanation: { en: explainPaymentError(e, "en"), fr: explainPaymentError(e, "fr") } }
        : {}),
    });
    return true;
  }
  if (e instanceof CanadaPostTransportError) {
    res.status(502).json({ type: "canada_post_unreachable", message: e.message });
    return true;
  }
  if (e instanceof ManifestAnswerLostError) {
    // Transmitted all the same: the admin must not transmit these groups again.
    res.status(502).json({ type: "canada_post_answer_lost", group_ids: e.groupIds, message: e.message });
    return true;
  }
  return false;
}

/**
 * The core's refusals of bad input (a cart that cannot be packed, a request that cannot be bought, groups
 * that do not wait) as Medusa's 400 with the core's message; anything else unchanged.
 */
export function medusaErrorOf(e: unknown): unknown {
  const refusal =
    e instanceof PackingError ||
    e instanceof ShipmentRequestError ||
    e instanceof CustomsError ||
    e instanceof ManifestRequestError ||
    e instanceof ManifestSettingsError;
  return refusal ? new MedusaError(MedusaError.Types.INVALID_DATA, (e as Error).message) : e;
}
