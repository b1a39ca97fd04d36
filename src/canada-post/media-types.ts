/**
 * Canada Post versions each API category through its media type (never `*∕*`, which Canada Post refuses).
 * One version per category, as the release notes require: all calls of a category use the same one.
 */
export const MediaType = {
  rate: "application/vnd.cpc.ship.rate-v4+xml",
  shipment: "application/vnd.cpc.shipment-v8+xml",
  ncshipment: "application/vnd.cpc.ncshipment-v4+xml",
  manifest: "application/vnd.cpc.manifest-v8+xml",
  track: "application/vnd.cpc.track-v2+xml",
  /**
   * E-commerce Platforms v2 (Get Merchant Registration Token and Info): Canada Post's REST pages for both calls
   * (ecomplatforms/registrationtoken.jsf, registrationinfo.jsf) give this type for Accept and Content-Type; v2
   * adds has-default-supplier-account to merchant-info (release notes seed, January 2016).
   */
  registration: "application/vnd.cpc.registration-v2+xml",
  /** Service Info v2: Canada Post's getserviceinfo.jsf page and its C# sample (GetBarcodeServiceInfo). */
  serviceinfo: "application/vnd.cpc.serviceinfo-v2+xml",
  pdf: "application/pdf",
  zpl: "application/zpl",
  jpeg: "image/jpeg",
} as const;

export type MediaTypeName = keyof typeof MediaType;

/** XML namespaces of the request and response documents, one per category and version. */
export const Namespace = {
  rate: "http://www.canadapost.ca/ws/ship/rate-v4",
  shipment: "http://www.canadapost.ca/ws/shipment-v8",
  ncshipment: "http://www.canadapost.ca/ws/ncshipment-v4",
  manifest: "http://www.canadapost.ca/ws/manifest-v8",
  track: "http://www.canadapost.ca/ws/track-v2",
  /**
   * merchantregistration.xsd (v1). The v2 answers are read by element name alone: no public material we have
   * shows a v2 namespace, and the parsers never depend on one.
   */
  registration: "http://www.canadapost.ca/ws/merchant/registration",
  serviceinfo: "http://www.canadapost.ca/ws/serviceinfo-v2",
  messages: "http://www.canadapost.ca/ws/messages",
} as const;

/** True for the XML media types Canada Post answers with (versioned vnd.cpc types, or plain XML). */
export function isXmlMediaType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const type = contentType.split(";")[0]!.trim().toLowerCase();
  return type.endsWith("+xml") || type === "application/xml" || type === "text/xml";
}
