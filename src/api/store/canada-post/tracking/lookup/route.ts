import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { MedusaError } from "@medusajs/framework/utils";
import { guestLookupLimiter, sendTooManyLookups } from "../../../../../medusa/guest-lookup-limits";
import { guestOrderId, orderParcels } from "../../../../../medusa/store-tracking";
import type { GuestTrackingLookup } from "../../../../validators";

/**
 * POST /store/canada-post/tracking/lookup { order_number, email, lang? }: a guest's order tracking, with
 * the publishable key alone. The email must be the order's (case aside). No such order and a wrong email
 * answer the same 404, and the answer holds nothing but the parcels' tracking. Attempts are limited per
 * client address and, for wrong guesses, per order number: over a limit, 429 with Retry-After.
 */
export async function POST(req: MedusaRequest<GuestTrackingLookup>, res: MedusaResponse) {
  const { order_number, email, lang } = req.validatedBody;
  const limiter = guestLookupLimiter(req.scope);
  const admission = await limiter.admit(req.ip ?? "unknown", order_number);
  if (!admission.ok) return sendTooManyLookups(res, admission.retryAfterSeconds);

  const orderId = await guestOrderId(req.scope, order_number, email);
  if (!orderId) {
    await limiter.failed(order_number);
    throw new MedusaError(MedusaError.Types.NOT_FOUND, "No order matches this order number and email");
  }
  res.json({ order_number, shipments: await orderParcels(req.scope, orderId, lang) });
}
