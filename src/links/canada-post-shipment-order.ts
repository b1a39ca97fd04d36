import { defineLink } from "@medusajs/framework/utils";
import OrderModule from "@medusajs/medusa/order";
import CanadaPostModule from "../modules/canada-post";

/** An order has many Canada Post shipments (one per parcel, per fulfillment, plus return labels). */
export default defineLink(OrderModule.linkable.order, {
  linkable: CanadaPostModule.linkable.canadaPostShipment,
  isList: true,
});
