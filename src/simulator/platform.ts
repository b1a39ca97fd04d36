import { fail, xmlOk } from "./respond";
import type { Route, SimContext, SimRequest, SimResponse } from "./types";

/**
 * E-commerce Platforms (Get Merchant Registration Token, Get Merchant Registration Info) and Service Info.
 * Paths and media types: Canada Post's REST pages (ecomplatforms/registrationtoken.jsf, registrationinfo.jsf,
 * serviceinfo/getserviceinfo.jsf). Canada Post documents no error codes for these calls ("Platform not
 * authorized to call this web service", "Invalid token-id"): the simulator answers "Client" with a
 * description saying what went wrong, as it does elsewhere for undocumented codes.
 */

export const REGISTRATION_NS = "http://www.canadapost.ca/ws/merchant/registration";
export const REGISTRATION_MEDIA_TYPE = "application/vnd.cpc.registration-v2+xml";
export const SERVICEINFO_NS = "http://www.canadapost.ca/ws/serviceinfo-v2";
export const SERVICEINFO_MEDIA_TYPE = "application/vnd.cpc.serviceinfo-v2+xml";

function getToken(req: SimRequest, ctx: SimContext): SimResponse {
  const r = ctx.accounts.issueToken(req.account.customerNumber);
  return xmlOk("token", REGISTRATION_NS, { "token-id": r.tokenId });
}

const invalidToken = (why: string) => fail(400, "Client", `Invalid token-id: ${why}.`);

function getInfo(req: SimRequest, ctx: SimContext): SimResponse {
  const r = ctx.accounts.registrations.get(req.params.tokenId ?? "");
  if (!r || r.platformId !== req.account.customerNumber)
    throw fail(404, "Client", "Invalid token-id: no registration of this platform has this token.");
  if (ctx.accounts.isExpired(r)) throw invalidToken("it expired (a token is valid 30 minutes from issue)");
  if (r.state === "issued") throw invalidToken("the merchant has not completed the registration");
  if (r.state === "cancelled") throw invalidToken("the merchant cancelled the registration");
  if (r.state === "retrieved") throw invalidToken("its merchant information was already retrieved");
  const key = ctx.accounts.keys.get(r.username!)!;
  const business = ctx.accounts.businesses.get(key.customerNumber)!;
  r.state = "retrieved";
  return xmlOk("merchant-info", REGISTRATION_NS, {
    "customer-number": business.customerNumber,
    "contract-number": business.contractId,
    "merchant-username": key.username,
    "merchant-password": key.password,
    "has-default-credit-card": String(business.creditCard),
    "has-default-supplier-account": String(business.supplierAccountIssuer !== undefined),
  });
}

function getServiceInfo(req: SimRequest, ctx: SimContext): SimResponse {
  const type = req.query.get("messageType");
  if (type !== null && type !== "SO")
    throw fail(400, "Client", "messageType must be SO (scheduled outage), the only type Canada Post sends.");
  // v2: no notice is a 200 with an empty <info-messages></info-messages> (release notes seed).
  return xmlOk("info-messages", SERVICEINFO_NS, {
    "info-message": ctx.accounts.currentNotices().map((n) => ({
      "message-type": "SO",
      "message-text": n.text[req.lang],
      "from-datetime": n.from.toISOString().replace(/\.\d{3}Z$/, "Z"),
      "to-datetime": n.to.toISOString().replace(/\.\d{3}Z$/, "Z"),
    })),
  });
}

// Canada Post publishes no throttle for these calls: they count with the rating group's.
export const platformRoutes: Route[] = [
  {
    method: "POST",
    pattern: "/ot/token",
    operation: "GetMerchantRegistrationToken",
    throttleGroup: "rating",
    mediaType: REGISTRATION_MEDIA_TYPE,
    caller: "platform",
    handle: getToken,
  },
  {
    method: "GET",
    pattern: "/ot/token/:tokenId",
    operation: "GetMerchantRegistrationInfo",
    throttleGroup: "rating",
    mediaType: REGISTRATION_MEDIA_TYPE,
    caller: "platform",
    handle: getInfo,
  },
  {
    method: "GET",
    pattern: "/rs/serviceinfo/:service",
    operation: "GetServiceInfo",
    throttleGroup: "rating",
    mediaType: SERVICEINFO_MEDIA_TYPE,
    caller: "any",
    handle: getServiceInfo,
  },
];
