import { model } from "@medusajs/framework/utils";

/**
 * One Canada Post manifest made at end of day (manifest mode): kept so the merchant can print it again and
 * hand it over with the parcels, and so the day's transmits have a history.
 */
export const CanadaPostManifest = model.define("canada_post_manifest", {
  id: model.id({ prefix: "cpman" }).primaryKey(),
  /** Canada Post's manifest id (the last segment of its manifest link). */
  manifest_id: model.text().index(),
  /** Canada Post's purchase order number, printed on the manifest. */
  po_number: model.text().nullable(),
  /** The groups transmitted together into this manifest. */
  group_ids: model.json(),
  /** The shipments of those groups this transmit moved to transmitted. */
  shipment_count: model.number(),
  document_location: model.text().nullable(),
  document_media_type: model.text().nullable(),
  links: model.json().nullable(),
  /** Why the manifest or its PDF could not be read when transmitted; it exists at Canada Post all the same. */
  problem: model.text().nullable(),
});
