import { defineLink } from "@medusajs/framework/utils";
import FulfillmentModule from "@medusajs/medusa/fulfillment";
import CanadaPostModule from "../modules/canada-post";

/** A fulfillment has one Canada Post shipment per parcel it was packed into. */
export default defineLink(FulfillmentModule.linkable.fulfillment, {
  linkable: CanadaPostModule.linkable.canadaPostShipment,
  isList: true,
});
