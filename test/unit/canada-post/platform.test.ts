import {
  buildGetMerchantRegistrationInfoRequest,
  buildGetMerchantRegistrationTokenRequest,
  buildGetServiceInfoRequest,
  buildMerchantRegistrationUrl,
  CanadaPostError,
  CanadaPostInputError,
  CanadaPostTransportError,
  MediaType,
  parseGetMerchantRegistrationInfoResponse,
  parseGetMerchantRegistrationTokenResponse,
  parseGetServiceInfoResponse,
  readRegistrationReturn,
  registrationPageOf,
  resolveConfig,
} from "../../../src/canada-post";

/* The E-commerce Platforms calls and Get Service Info: pure builders and one-parse readers. */

const NS = "http://www.canadapost.ca/ws/merchant/registration";

describe("Get Merchant Registration Token", () => {
  test("POSTs /ot/token with the registration-v2 type in Accept and Content-Type, and no input", () => {
    const r = buildGetMerchantRegistrationTokenRequest();
    expect(r).toMatchObject({ method: "POST", url: "/ot/token", body: "" });
    expect(r.accept).toBe("application/vnd.cpc.registration-v2+xml");
    expect(r.contentType).toBe(MediaType.registration);
  });

  test("reads the token-id, and a <messages> envelope as Canada Post's error", () => {
    expect(
      parseGetMerchantRegistrationTokenResponse(
        `<?xml version="1.0"?><token xmlns="${NS}"><token-id>1111111111111111</token-id></token>`,
      ),
    ).toBe("1111111111111111");
    const refused = () =>
      parseGetMerchantRegistrationTokenResponse(
        `<messages xmlns="http://www.canadapost.ca/ws/messages"><message><code>E002</code><description>Platform not authorized to call this web service.</description></message></messages>`,
        403,
      );
    expect(refused).toThrow(CanadaPostError);
    expect(refused).toThrow(/Platform not authorized/);
    expect(() => parseGetMerchantRegistrationTokenResponse(`<token xmlns="${NS}"/>`)).toThrow(
      CanadaPostTransportError,
    );
  });
});

describe("Get Merchant Registration Info", () => {
  test("GETs /ot/token/{token-id}, refusing a token-id that could leave the path", () => {
    expect(buildGetMerchantRegistrationInfoRequest("0123456789")).toMatchObject({
      method: "GET",
      url: "/ot/token/0123456789",
      accept: MediaType.registration,
      idempotent: false,
    });
    expect(() => buildGetMerchantRegistrationInfoRequest("../../rs/ship/price")).toThrow(
      CanadaPostInputError,
    );
    expect(() => buildGetMerchantRegistrationInfoRequest("")).toThrow(CanadaPostInputError);
  });

  test("reads merchant-info v2, contract and supplier flag included; v1 answers have no supplier flag", () => {
    const v2 = parseGetMerchantRegistrationInfoResponse(
      `<merchant-info xmlns="${NS}"><customer-number>2004381</customer-number><contract-number>42708517</contract-number>` +
        `<merchant-username>a1b2c3</merchant-username><merchant-password>s3cr3t</merchant-password>` +
        `<has-default-credit-card>false</has-default-credit-card><has-default-supplier-account>true</has-default-supplier-account></merchant-info>`,
    );
    expect(v2).toEqual({
      customerNumber: "2004381",
      contractNumber: "42708517",
      merchantUsername: "a1b2c3",
      merchantPassword: "s3cr3t",
      hasDefaultCreditCard: false,
      hasDefaultSupplierAccount: true,
    });
    const v1 = parseGetMerchantRegistrationInfoResponse(
      `<merchant-info xmlns="${NS}"><customer-number>1</customer-number><merchant-username>u</merchant-username>` +
        `<merchant-password>p</merchant-password><has-default-credit-card>true</has-default-credit-card></merchant-info>`,
    );
    expect(v1.contractNumber).toBeUndefined();
    expect(v1.hasDefaultSupplierAccount).toBeUndefined();
    expect(v1.hasDefaultCreditCard).toBe(true);
  });
});

describe("the merchant's trip to Canada Post", () => {
  test("production and sandbox send the merchant to Canada Post's pages; another host serves the page itself", () => {
    expect(registrationPageOf({ env: "production" })).toBe(
      "https://www.canadapost-postescanada.ca/information/app/drc/merchant",
    );
    expect(registrationPageOf({ env: "sandbox" })).toMatch(/drc\/testMerchant$/);
    expect(registrationPageOf({ env: "sandbox", baseUrl: "http://127.0.0.1:8090/" })).toBe(
      "http://127.0.0.1:8090/information/app/drc/merchant",
    );
  });

  test("the URL carries return-url, token-id and platform-id; the return is read back", () => {
    const url = new URL(
      buildMerchantRegistrationUrl(
        { env: "production" },
        { tokenId: "42", platformId: "0008888", returnUrl: "https://shop.example/back?state=abc" },
      ),
    );
    expect(url.searchParams.get("return-url")).toBe("https://shop.example/back?state=abc");
    expect(url.searchParams.get("token-id")).toBe("42");
    expect(url.searchParams.get("platform-id")).toBe("0008888");
    expect(() =>
      buildMerchantRegistrationUrl(
        { env: "production" },
        { tokenId: "42", platformId: "x", returnUrl: "/back" },
      ),
    ).toThrow(CanadaPostInputError);
    expect(
      readRegistrationReturn(new URLSearchParams("state=abc&token-id=42&registration-status=SUCCESS")),
    ).toEqual({ tokenId: "42", status: "SUCCESS" });
  });
});

describe("Get Service Info", () => {
  test("GETs the shipment notices of type SO with the serviceinfo-v2 type", () => {
    expect(buildGetServiceInfoRequest()).toMatchObject({
      method: "GET",
      url: "/rs/serviceinfo/shipment",
      query: { messageType: "SO" },
      accept: "application/vnd.cpc.serviceinfo-v2+xml",
    });
  });

  test("an empty <info-messages/> means no notice; each notice is read", () => {
    const ns = "http://www.canadapost.ca/ws/serviceinfo-v2";
    expect(parseGetServiceInfoResponse(`<info-messages xmlns="${ns}"></info-messages>`)).toEqual([]);
    expect(parseGetServiceInfoResponse(`<info-messages xmlns="${ns}"/>`)).toEqual([]);
    expect(
      parseGetServiceInfoResponse(
        `<info-messages xmlns="${ns}"><info-message><message-type>SO</message-type><message-text>Maintenance Sunday</message-text>` +
          `<from-datetime>2013-06-07T21:00:00-05:00</from-datetime><to-datetime>2013-06-08T03:00:00-05:00</to-datetime></info-message></info-messages>`,
      ),
    ).toEqual([
      {
        messageType: "SO",
        messageText: "Maintenance Sunday",
        fromDatetime: "2013-06-07T21:00:00-05:00",
        toDatetime: "2013-06-08T03:00:00-05:00",
      },
    ]);
  });
});

describe("the API key goes only over https", () => {
  test("plain http is refused except to this machine", () => {
    const base = { username: "u", password: "p" };
    expect(() => resolveConfig({ ...base, baseUrl: "http://soa-gw.canadapost.ca" })).toThrow(/https/);
    expect(() => resolveConfig({ ...base, baseUrl: "http://10.0.0.5:8090" })).toThrow(/https/);
    for (const ok of [
      "https://soa-gw.canadapost.ca",
      "http://localhost:8090",
      "http://127.0.0.1:1",
      "http://[::1]:9",
    ])
      expect(resolveConfig({ ...base, baseUrl: ok }).baseUrl).toBe(ok);
  });

  test("a platform id is sent as the Platform-id header only when configured", () => {
    expect(resolveConfig({ username: "u", password: "p", platformId: "0008888" }).platformId).toBe("0008888");
    expect(() => resolveConfig({ username: "u", password: "p", platformId: "abc" })).toThrow(/platformId/);
  });
});
