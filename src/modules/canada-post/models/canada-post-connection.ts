import { model } from "@medusajs/framework/utils";

/**
 * The merchant's Canada Post account connected with "Connect with Canada Post" (E-commerce Platforms): the one
 * row not deleted is in force. The API key is kept sealed (AES-256-GCM, CANADA_POST_ENCRYPTION_KEY).
 */
export const CanadaPostConnection = model.define("canada_post_connection", {
  id: model.id({ prefix: "cpconn" }).primaryKey(),
  customer_number: model.text(),
  contract_id: model.text().nullable(),
  /** The merchant's API key, sealed: "v1.iv.tag.ciphertext". */
  sealed_credentials: model.text(),
  has_credit_card: model.boolean(),
  has_supplier_account: model.boolean(),
  /** The platform registered through, sent as Platform-id. */
  platform_id: model.text(),
  connected_at: model.dateTime(),
});
