import { object, readAnswerWith, text } from "../answer-schema";
import { call, type CallOptions, type ClientContext, type OperationRequest } from "../context";
import { MediaType } from "../media-types";

/*
 * Get Merchant Registration Token (E-commerce Platforms v2): called with the platform's own API key, it gives
 * the token-id that launches a merchant into Canada Post's sign-up (valid 30 minutes from issue, the merchant's
 * time at Canada Post included). Sources: Canada Post's REST page ecomplatforms/registrationtoken.jsf
 * (POST https://XX/ot/token, no body, Accept and Content-Type application/vnd.cpc.registration-v2+xml) and its
 * programming notes (ecomplatforms/default.jsf); X-Cart's XC/CanadaPost Platforms.php and Shopify's
 * active_shipping canada_post_pws.rb call the same path.
 */

const OP = "GetMerchantRegistrationToken";

export function buildGetMerchantRegistrationTokenRequest(): OperationRequest {
  return {
    operation: OP,
    method: "POST",
    url: "/ot/token",
    accept: MediaType.registration,
    contentType: MediaType.registration,
    // No input: an empty body, sent so that the documented Content-Type goes with it.
    body: "",
    // A repeat after a lost answer only issues another token, which expires unused: nothing is duplicated.
    idempotent: true,
  };
}

const tokenReader = object({ tokenId: text });

/** Canada Post's `<token><token-id>`: the token-id, or the error of its `<messages>` envelope. */
export function parseGetMerchantRegistrationTokenResponse(xml: string, status = 200): string {
  return readAnswerWith(tokenReader, xml, status, OP, "token").tokenId.trim();
}

/** Get Merchant Registration Token: a token-id to send the merchant to Canada Post's sign-up with. */
export async function getMerchantRegistrationToken(ctx: ClientContext, opts?: CallOptions): Promise<string> {
  return call(
    ctx,
    buildGetMerchantRegistrationTokenRequest(),
    parseGetMerchantRegistrationTokenResponse,
    opts,
  );
}
