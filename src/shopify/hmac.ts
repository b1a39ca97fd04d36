/**
 * Shopify's body signature (X-Shopify-Hmac-Sha256): base64 HMAC-SHA256 of the raw body with the app's
 * secret. Checked with Node's crypto directly on the carrier callback, the hot path (shopify-api's
 * validate goes through its runtime's asynchronous Web Crypto for the same comparison); webhooks go through
 * shopify-api's own validate, which also checks their other headers.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export function bodySignatureValid(
  rawBody: Buffer,
  header: string | string[] | undefined,
  secret: string,
): boolean {
  const given = Array.isArray(header) ? header[0] : header;
  if (!given) return false;
  const expected = createHmac("sha256", secret).update(rawBody).digest();
  let received: Buffer;
  try {
    received = Buffer.from(given, "base64");
  } catch {
    return false;
  }
  return received.length === expected.length && timingSafeEqual(received, expected);
}
