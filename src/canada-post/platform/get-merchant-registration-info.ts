import { z } from "zod";
import { boolean, object, readAnswerWith, text, type Infer } from "../answer-schema";
import { call, parseInput, type CallOptions, type ClientContext, type OperationRequest } from "../context";
import { MediaType } from "../media-types";

/*
 * Get Merchant Registration Info (E-commerce Platforms v2): after the merchant signed in and approved at Canada
 * Post, the platform reads, with its own API key, what it needs to ship for that merchant: customer number,
 * contract (if any), the merchant's API key, and whether a payment method is on file. Sources: Canada Post's
 * REST page ecomplatforms/registrationinfo.jsf (GET https://XX/ot/token/{token-id}, Accept
 * application/vnd.cpc.registration-v2+xml), merchantregistration.xsd (v1 elements), and the release notes
 * seed (v2 adds has-default-supplier-account).
 */

const OP = "GetMerchantRegistrationInfo";

/** The token-id as Canada Post issues it ("{40-digit numeric}"; TokenIDType is 1 to 40 characters). */
export const TokenIdSchema = z
  .string()
  .trim()
  .regex(/^[0-9A-Za-z]{1,40}$/, "token-id must be the 1 to 40 letters or digits Canada Post issued");

export function buildGetMerchantRegistrationInfoRequest(tokenId: string): OperationRequest {
  const id = parseInput(TokenIdSchema, tokenId, OP);
  return {
    operation: OP,
    method: "GET",
    url: `/ot/token/${encodeURIComponent(id)}`,
    accept: MediaType.registration,
    // The merchant's API key is handed out against this token: the caller decides what a lost answer means.
    idempotent: false,
  };
}

const merchantInfoReader = object(
  {
    customerNumber: text.optional(),
    contractNumber: text.optional(),
    merchantUsername: text.optional(),
    merchantPassword: text.optional(),
    hasDefaultCreditCard: boolean.optional(),
    /** v2 only. */
    hasDefaultSupplierAccount: boolean.optional(),
    // Loose: an element a later version adds must not cost the merchant the connection.
  },
  { loose: true },
);
export type MerchantInfo = Infer<typeof merchantInfoReader>;

/** Canada Post's `<merchant-info>`, or the error of its `<messages>` envelope (an invalid token-id...). */
export function parseGetMerchantRegistrationInfoResponse(xml: string, status = 200): MerchantInfo {
  return readAnswerWith(merchantInfoReader, xml, status, OP, "merchant-info");
}

/** Get Merchant Registration Info: the registered merchant's customer number, contract and API key. */
export async function getMerchantRegistrationInfo(
  ctx: ClientContext,
  tokenId: string,
  opts?: CallOptions,
): Promise<MerchantInfo> {
  return call(
    ctx,
    buildGetMerchantRegistrationInfoRequest(tokenId),
    parseGetMerchantRegistrationInfoResponse,
    opts,
  );
}
