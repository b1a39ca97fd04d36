import {
  authenticate,
  defineMiddlewares,
  validateAndTransformBody,
  validateAndTransformQuery,
} from "@medusajs/framework/http";
import {
  AdminListShipmentsQuery,
  GuestTrackingLookupBody,
  TrackingQuery,
  TransmitManifestsBody,
  VoidOrRefundBody,
} from "./validators";

/**
 * Admin routes are authenticated by Medusa; the store's order tracking route needs a logged-in customer,
 * the guest lookup only the publishable key (as every /store route).
 */
export default defineMiddlewares({
  routes: [
    {
      method: ["GET"],
      matcher: "/admin/canada-post/shipments",
      middlewares: [validateAndTransformQuery(AdminListShipmentsQuery, {})],
    },
    {
      method: ["GET"],
      matcher: "/admin/canada-post/shipments/:shipment_id/tracking",
      middlewares: [validateAndTransformQuery(TrackingQuery, {})],
    },
    {
      method: ["POST"],
      matcher: "/admin/canada-post/shipments/:shipment_id/void-or-refund",
      middlewares: [validateAndTransformBody(VoidOrRefundBody)],
    },
    {
      method: ["POST"],
      matcher: "/admin/canada-post/manifests",
      middlewares: [validateAndTransformBody(TransmitManifestsBody)],
    },
    {
      method: ["GET"],
      matcher: "/store/orders/:id/tracking",
      middlewares: [
        authenticate("customer", ["session", "bearer"]),
        validateAndTransformQuery(TrackingQuery, {}),
      ],
    },
    {
      method: ["GET"],
      matcher: "/store/canada-post/carts/:id/delivery",
      middlewares: [validateAndTransformQuery(TrackingQuery, {})],
    },
    {
      method: ["POST"],
      matcher: "/store/canada-post/tracking/lookup",
      middlewares: [validateAndTransformBody(GuestTrackingLookupBody)],
    },
  ],
});
