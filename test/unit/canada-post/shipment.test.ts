import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import {
  resolveConfig,
  CanadaPostInputError,
  Transport,
  accountPath,
  buildCreateShipmentRequest,
  buildRequestShipmentRefundRequest,
  getShipmentDetails,
  getShipments,
  parseRequestShipmentRefundResponse,
  parseGetShipmentDetailsResponse,
  parseCreateShipmentResponse,
  parseGetShipmentPriceResponse,
  parseGetShipmentReceiptResponse,
  type CreateShipmentInput,
  getArtifact,
  parseXml,
} from "../../../src/canada-post";
import { SHARED_SAMPLES_DIR, xsdErrors } from "../../support/xsd";

const config = resolveConfig({
  username: "u",
  password: "p",
  customerNumber: "1234567",
  contractId: "42708517",
});
const noContract = resolveConfig({ username: "u", password: "p", customerNumber: "1234567" });
const SEED_003 = resolve(SHARED_SAMPLES_DIR, "../../seeds/003_b20adf8160872ff2.txt");
const NS = 'xmlns="http://www.canadapost.ca/ws/shipment-v8"';

/** The seed's sample request, as input. */
function seedInput(): CreateShipmentInput {
  return {
    groupId: "grp1",
    requestedShippingPoint: "k2b 8j6",
    cpcPickupIndicator: true,
    deliverySpec: {
      serviceCode: "DOM.EP",
      sender: {
        name: "Bob",
        company: "CGI",
        contactPhone: "1 (450) 823-8432",
        addressDetails: {
          addressLine1: "502 MAIN ST N",
          city: "MONTREAL",
          provState: "QC",
          postalZipCode: "H2B 1A0",
        },
      },
      destination: {
        name: "Jain",
        company: "CGI",
        addressDetails: {
          addressLine1: "23 jardin private",
          city: "Ottawa",
          provState: "ON",
          countryCode: "ca",
          postalZipCode: "k1k4t3",
        },
      },
      options: [{ code: "DC" }],
      parcelCharacteristics: {
        weight: 20,
        dimensions: { length: 6, width: 12, height: 9 },
        mailingTube: false,
      },
      notification: { email: "john.doe@yahoo.com", onShipment: true, onDelivery: true },
      printPreferences: { outputFormat: "8.5x11" },
      preferences: { showPackingInstructions: true, showInsuredValue: true },
    },
  };
}

const children = (xml: string, path: string[] = []): string[] => {
  let v = parseXml(xml).value as Record<string, unknown>;
  for (const p of path) v = v[p] as Record<string, unknown>;
  return Object.keys(v).filter((k) => k !== "xmlns");
};

describe("Create Shipment request", () => {
  it("removes the characters XML cannot carry from what a person typed, and stays valid", async () => {
    const input = seedInput();
    input.deliverySpec.destination.name = "Jean\u0000ne\u0007 Trem\u001Fblay";
    input.deliverySpec.destination.addressDetails.addressLine1 = "23 jardin\u000B private\uFFFF";
    const xml = buildCreateShipmentRequest(input, config);
    expect(await xsdErrors(xml, "shipment.xsd")).toEqual([]);
    expect(xml).toContain("<name>Jeanne Tremblay</name>");
    expect(xml).toContain("<address-line-1>23 jardin private</address-line-1>");
    // eslint-disable-next-line no-control-regex -- no control character may be left
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/);
  });

  it("builds the seed's group-mode pickup shipment, valid against shipment.xsd", async () => {
    const xml = buildCreateShipmentRequest(seedInput(), config);
    expect(await xsdErrors(xml, "shipment.xsd")).toEqual([]);
    expect(xml).toContain(`<shipment ${NS}><group-id>grp1</group-id>`);
    expect(xml).toContain(
      "<cpc-pickup-indicator>true</cpc-pickup-indicator><requested-shipping-point>K2B8J6</requested-shipping-point>",
    );
    expect(xml).not.toContain("transmit-shipment");
    expect(xml).toContain("<postal-zip-code>H2B1A0</postal-zip-code>");
    expect(xml).toContain("<country-code>CA</country-code><postal-zip-code>K1K4T3</postal-zip-code>");
    expect(xml).toContain(
      "<weight>20.000</weight><dimensions><length>12.0</length><width>9.0</width><height>6.0</height></dimensions><mailing-tube>false</mailing-tube>",
    );
    expect(xml).toContain(
      "<notification><email>john.doe@yahoo.com</email><on-shipment>true</on-shipment><on-exception>false</on-exception><on-delivery>true</on-delivery></notification>",
    );
    expect(xml).toContain("<print-preferences><output-format>8.5x11</output-format></print-preferences>");
    // The contract comes from the configuration, and with it payment on account.
    expect(xml).toContain(
      "<settlement-info><contract-id>42708517</contract-id><intended-method-of-payment>Account</intended-method-of-payment></settlement-info>",
    );
    expect(children(xml, ["delivery-spec"])).toEqual([
      "service-code",
      "sender",
      "destination",
      "options",
      "parcel-characteristics",
      "notification",
      "print-preferences",
      "preferences",
      "settlement-info",
    ]);
  });

  it("builds a transmit-mode shipment from a deposit site, with the request id and pricing flags first", async () => {
    const i = seedInput();
    const xml = buildCreateShipmentRequest(
      {
        ...i,
        groupId: undefined,
        cpcPickupIndicator: undefined,
        requestedShippingPoint: undefined,
        customerRequestId: "order-1001",
        transmitShipment: true,
        shippingPointId: "0123",
        expectedMailingDate: "2030-01-02",
        providePricingInfo: true,
        provideReceiptInfo: true,
      },
      noContract,
    );
    expect(await xsdErrors(xml, "shipment.xsd")).toEqual([]);
    // The placement the seed documents: these precede delivery-spec, customer-request-id leading.
    expect(children(xml)).toEqual([
      "customer-request-id",
      "transmit-shipment",
      "shipping-point-id",
      "expected-mailing-date",
      "provide-pricing-info",
      "provide-receipt-info",
      "delivery-spec",
    ]);
    expect(xml).not.toContain("group-id");
    expect(xml).not.toContain("cpc-pickup-indicator");
    // No contract known: the label is paid by the card on the profile.
    expect(xml).toContain(
      "<settlement-info><intended-method-of-payment>CreditCard</intended-method-of-payment></settlement-info>",
    );
  });

  it("builds options with qualifiers, Deliver to Post Office, ZPL on 4x6 and references", async () => {
    const i = seedInput();
    const xml = buildCreateShipmentRequest(
      {
        ...i,
        deliverySpec: {
          ...i.deliverySpec,
          destination: { ...i.deliverySpec.destination, clientVoiceNumber: "+1 613-555-0100 x12" },
          options: [
            { code: "COD", amount: 50.5, qualifier1: true },
            { code: "D2PO", qualifier2: "0000102658" },
            { code: "COV", amount: 200 },
            { code: "SO" },
          ],
          printPreferences: { outputFormat: "4x6", encoding: "ZPL" },
          references: { costCentre: "ccent", customerRef1: "A<&>B", customerRef2: "order 1001" },
          settlementInfo: { contractId: "0040662505", promoCode: "DEVPROTEST", paidByCustomer: "1234567" },
        },
      },
      config,
    );
    expect(await xsdErrors(xml, "shipment.xsd")).toEqual([]);
    expect(xml).toContain(
      "<option><option-code>COD</option-code><option-amount>50.50</option-amount><option-qualifier-1>true</option-qualifier-1></option>",
    );
    expect(xml).toContain(
      "<option><option-code>D2PO</option-code><option-qualifier-2>0000102658</option-qualifier-2></option>",
    );
    expect(xml).toContain("<client-voice-number>+1 613-555-0100 x12</client-voice-number>");
    expect(xml).toContain(
      "<print-preferences><output-format>4x6</output-format><encoding>ZPL</encoding></print-preferences>",
    );
    expect(xml).toContain("<customer-ref-1>A&lt;&amp;&gt;B</customer-ref-1>");
    expect(xml).toContain(
      "<settlement-info><paid-by-customer>1234567</paid-by-customer><contract-id>0040662505</contract-id><intended-method-of-payment>Account</intended-method-of-payment><promo-code>DEVPROTEST</promo-code>",
    );
  });

  it("builds an international shipment with customs and its sku-list, and a return spec", async () => {
    const i = seedInput();
    const xml = buildCreateShipmentRequest(
      {
        ...i,
        deliverySpec: {
          ...i.deliverySpec,
          serviceCode: "INT.XP",
          destination: {
            name: "Taro Yamada",
            clientVoiceNumber: "81 3 1234 5678",
            addressDetails: {
              addressLine1: "1-1 Chiyoda",
              city: "Tokyo",
              countryCode: "JP",
              postalZipCode: "100-0001",
            },
          },
          options: [{ code: "RASE" }, { code: "COV", qualifier1: true }],
          preferences: { showPackingInstructions: false, showPostageRate: true, showInsuredValue: true },
          customs: {
            currency: "jpy",
            conversionFromCad: 110.123456,
            reasonForExport: "OTH",
            otherReason: "gift to a friend",
            skuList: [
              {
                customsNumberOfUnits: 2,
                customsDescription: "Maple syrup",
                sku: "MS-500",
                hsTariffCode: "1702.20",
                unitWeight: 0.6,
                customsValuePerUnit: 12.5,
                customsUnitOfMeasure: "bot",
                countryOfOrigin: "ca",
                provinceOfOrigin: "qc",
              },
              {
                customsNumberOfUnits: 1,
                customsDescription: "Card",
                unitWeight: 0.01,
                customsValuePerUnit: 1,
              },
            ],
            invoiceNumber: "INV-1",
            iossId: "IM1234567890",
          },
        },
        returnSpec: {
          serviceCode: "DOM.EP",
          returnRecipient: {
            company: "CGI Returns",
            addressDetails: {
              addressLine1: "502 MAIN ST N",
              city: "MONTREAL",
              provState: "qc",
              postalZipCode: "H2B1A0",
            },
          },
          returnNotification: "returns@example.com",
        },
      },
      config,
    );
    expect(await xsdErrors(xml, "shipment.xsd")).toEqual([]);
    expect(xml).toContain(
      "<customs><currency>JPY</currency><conversion-from-cad>110.123456</conversion-from-cad><reason-for-export>OTH</reason-for-export><other-reason>gift to a friend</other-reason><sku-list><item>",
    );
    expect(xml).toContain(
      "<item><customs-number-of-units>2</customs-number-of-units><customs-description>Maple syrup</customs-description><sku>MS-500</sku><hs-tariff-code>1702.20</hs-tariff-code><unit-weight>0.600</unit-weight><customs-value-per-unit>12.50</customs-value-per-unit><customs-unit-of-measure>BOT</customs-unit-of-measure><country-of-origin>CA</country-of-origin><province-of-origin>QC</province-of-origin></item>",
    );
    expect(xml).toContain("<postal-zip-code>100-0001</postal-zip-code>");
    expect(xml).toContain(
      "<return-spec><service-code>DOM.EP</service-code><return-recipient><company>CGI Returns</company><address-details><address-line-1>502 MAIN ST N</address-line-1><city>MONTREAL</city><prov-state>QC</prov-state><postal-zip-code>H2B1A0</postal-zip-code></address-details></return-recipient><return-notification>returns@example.com</return-notification></return-spec>",
    );
    expect(children(xml).slice(-2)).toEqual(["delivery-spec", "return-spec"]);
  });

  it("builds a US shipment with the ZIP code checked", async () => {
    const i = seedInput();
    const xml = buildCreateShipmentRequest({
      ...i,
      deliverySpec: {
        ...i.deliverySpec,
        serviceCode: "USA.EP",
        destination: {
          company: "ACME",
          addressDetails: {
            addressLine1: "1 Main St",
            city: "Beverly Hills",
            provState: "CA",
            countryCode: "US",
            postalZipCode: "90210-1234",
          },
        },
      },
    });
    expect(await xsdErrors(xml, "shipment.xsd")).toEqual([]);
    expect(xml).toContain("<country-code>US</country-code><postal-zip-code>90210-1234</postal-zip-code>");
  });

  describe("refuses bad input before sending, saying what to fix", () => {
    const i = seedInput();
    const spec = i.deliverySpec;
    const cases: [string, CreateShipmentInput, RegExp][] = [
      [
        "both modes",
        { ...i, transmitShipment: true },
        /either groupId .* or transmitShipment: true .*not both/,
      ],
      ["no mode", { ...i, groupId: undefined }, /give either groupId .* or transmitShipment: true/],
      [
        "both shipping points",
        { ...i, cpcPickupIndicator: undefined, shippingPointId: "0123" },
        /either shippingPointId .* or requestedShippingPoint .*not both/,
      ],
      [
        "no shipping point",
        { ...i, cpcPickupIndicator: undefined, requestedShippingPoint: undefined },
        /give shippingPointId .* or requestedShippingPoint/,
      ],
      [
        "pickup without its postal code",
        { ...i, requestedShippingPoint: undefined, shippingPointId: "0123" },
        /cpcPickupIndicator needs requestedShippingPoint/,
      ],
      [
        "pricing info on a manifest shipment",
        { ...i, providePricingInfo: true },
        /providePricingInfo applies only with transmitShipment: true/,
      ],
      [
        "ZPL on paper",
        { ...i, deliverySpec: { ...spec, printPreferences: { outputFormat: "8.5x11", encoding: "ZPL" } } },
        /ZPL labels print only on 4x6 thermal paper/,
      ],
      [
        "D2PO without office",
        { ...i, deliverySpec: { ...spec, options: [{ code: "D2PO" }] } },
        /D2PO .* needs destination.name, destination.clientVoiceNumber, a notification and qualifier2/,
      ],
      [
        "bad sender postal code",
        {
          ...i,
          deliverySpec: {
            ...spec,
            sender: {
              ...spec.sender,
              addressDetails: { ...spec.sender.addressDetails, postalZipCode: "90210" },
            },
          },
        },
        /sender.addressDetails.postalZipCode "90210" is not a Canadian postal code/,
      ],
      [
        "sender abroad",
        {
          ...i,
          deliverySpec: {
            ...spec,
            sender: {
              ...spec.sender,
              addressDetails: { ...spec.sender.addressDetails, countryCode: "US" as "CA" },
            },
          },
        },
        /deliverySpec.sender.addressDetails.countryCode: the sender must be in Canada/,
      ],
      [
        "Canadian destination without city",
        {
          ...i,
          deliverySpec: {
            ...spec,
            destination: {
              ...spec.destination,
              addressDetails: { ...spec.destination.addressDetails, city: undefined },
            },
          },
        },
        /destination in CA needs deliverySpec.destination.addressDetails.city/,
      ],
      [
        "customs OTH without reason",
        {
          ...i,
          deliverySpec: {
            ...spec,
            customs: {
              currency: "CAD",
              reasonForExport: "OTH",
              skuList: [
                { customsNumberOfUnits: 1, customsDescription: "x", unitWeight: 1, customsValuePerUnit: 1 },
              ],
            },
          },
        },
        /customs.otherReason .* is required when reasonForExport is OTH/,
      ],
      [
        "foreign currency without rate",
        {
          ...i,
          deliverySpec: {
            ...spec,
            customs: {
              currency: "USD",
              reasonForExport: "SOG",
              skuList: [
                { customsNumberOfUnits: 1, customsDescription: "x", unitWeight: 1, customsValuePerUnit: 1 },
              ],
            },
          },
        },
        /customs.conversionFromCad is required for currency USD/,
      ],
      [
        "empty sku list",
        {
          ...i,
          deliverySpec: { ...spec, customs: { currency: "CAD", reasonForExport: "SOG", skuList: [] } },
        },
        /customs needs at least one item in skuList/,
      ],
      [
        "bad notification email",
        { ...i, deliverySpec: { ...spec, notification: { email: "not-an-email" } } },
        /deliverySpec.notification.email: must be an email address/,
      ],
      [
        "long request id",
        { ...i, customerRequestId: "x".repeat(36) },
        /customerRequestId: Too big: expected string to have <=35 characters/,
      ],
    ];
    it.each(cases)("%s", (_name, input, message) => {
      let error: unknown;
      try {
        buildCreateShipmentRequest(input, config);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(CanadaPostInputError);
      expect((error as Error).message).toMatch(/^CreateShipment: /);
      expect((error as Error).message).toMatch(message);
    });
  });
});

describe("Contract shipping answers", () => {
  it("parses the seed's sample Create Shipment answer", () => {
    const seed = readFileSync(SEED_003, "utf8");
    const sample = /<shipment-info>[\s\S]*<\/shipment-info>/.exec(seed)![0];
    const parsed = parseXml(sample);
    expect(parsed.root).toBe("shipment-info");
    const info = parseCreateShipmentResponse(sample);
    expect(info).toMatchObject({
      shipmentId: "347881315405043891",
      shipmentStatus: "created",
      trackingPin: "12345",
    });
    expect(info.links.map((l) => l.rel)).toEqual(["self", "details", "group", "price", "label"]);
    expect(info.links[4]).toEqual({
      rel: "label",
      href: "https://XX/rs/artifact/11111111/5555555/0",
      mediaType: "application/pdf",
      index: 0,
    });
  });

  const shipmentInfo = `<shipment-info ${NS}><customer-request-id>order-1001</customer-request-id><shipment-id>406951321983787352</shipment-id><shipment-status>transmitted</shipment-status><tracking-pin>123456789012</tracking-pin><po-number>P123456789</po-number><shipment-price><service-code>DOM.EP</service-code><base-amount>10.97</base-amount><priced-options><priced-option><option-code>DC</option-code><option-price>0.00</option-price></priced-option></priced-options><adjustments><adjustment><adjustment-code>FUELSC</adjustment-code><adjustment-amount>0.41</adjustment-amount></adjustment><adjustment><adjustment-code>AUTDISC</adjustment-code><adjustment-amount>-0.33</adjustment-amount></adjustment></adjustments><pre-tax-amount>11.05</pre-tax-amount><gst-amount>0.00</gst-amount><pst-amount>0.00</pst-amount><hst-amount>1.44</hst-amount><due-amount>12.49</due-amount><service-standard><am-delivery>false</am-delivery><guaranteed-delivery>true</guaranteed-delivery><expected-transmit-time>1</expected-transmit-time><expected-delivery-date>2030-01-03</expected-delivery-date></service-standard><rated-weight>1.500</rated-weight></shipment-price><links><link rel="self" href="https://ct.soa-gw.canadapost.ca/rs/1234567/1234567/shipment/406951321983787352" media-type="application/vnd.cpc.shipment-v8+xml"/><link rel="refund" href="https://ct.soa-gw.canadapost.ca/rs/1234567/1234567/shipment/406951321983787352/refund" media-type="application/vnd.cpc.shipment-v8+xml"/></links></shipment-info>`;

  it("parses a transmit-mode answer with its price, valid against shipment.xsd", async () => {
    expect(await xsdErrors(shipmentInfo, "shipment.xsd")).toEqual([]);
    const info = parseCreateShipmentResponse(shipmentInfo);
    expect(info.customerRequestId).toBe("order-1001");
    expect(info.poNumber).toBe("P123456789");
    expect(info.shipmentPrice).toMatchObject({
      serviceCode: "DOM.EP",
      baseAmount: 10.97,
      hstAmount: 1.44,
      dueAmount: 12.49,
      ratedWeight: 1.5,
      pricedOptions: [{ optionCode: "DC", optionPrice: 0 }],
      adjustments: [
        { adjustmentCode: "FUELSC", adjustmentAmount: 0.41 },
        { adjustmentCode: "AUTDISC", adjustmentAmount: -0.33 },
      ],
      serviceStandard: {
        guaranteedDelivery: true,
        expectedTransmitTime: 1,
        expectedDeliveryDate: "2030-01-03",
      },
    });
  });

  it("parses Get Shipment Price on its own", () => {
    const price = /<shipment-price>[\s\S]*<\/shipment-price>/.exec(shipmentInfo)![0];
    expect(parseGetShipmentPriceResponse(price).dueAmount).toBe(12.49);
  });

  it("parses shipment details with a refund request, valid against shipment.xsd", async () => {
    const xml = `<shipment-details ${NS}><shipment-status>transmitted</shipment-status><final-shipping-point>K2B8J6</final-shipping-point><tracking-pin>123456789012</tracking-pin><shipment-detail><transmit-shipment>true</transmit-shipment><delivery-spec><service-code>DOM.EP</service-code><sender><company>CGI</company><contact-phone>555</contact-phone><address-details><address-line-1>502 MAIN ST N</address-line-1><city>MONTREAL</city><prov-state>QC</prov-state><country-code>CA</country-code><postal-zip-code>H2B1A0</postal-zip-code></address-details></sender><destination><name>Jain</name><address-details><address-line-1>23 jardin</address-line-1><city>Ottawa</city><prov-state>ON</prov-state><country-code>CA</country-code><postal-zip-code>K1K4T3</postal-zip-code></address-details></destination><options><option><option-code>SO</option-code></option></options><parcel-characteristics><weight>1.500</weight></parcel-characteristics><preferences><show-packing-instructions>true</show-packing-instructions></preferences><references><customer-ref-1>order 1001</customer-ref-1></references><settlement-info><intended-method-of-payment>CreditCard</intended-method-of-payment></settlement-info></delivery-spec><refund-request-info><service-ticket-date>2030-01-04</service-ticket-date><service-ticket-id>GT12345678</service-ticket-id></refund-request-info></shipment-detail></shipment-details>`;
    expect(await xsdErrors(xml, "shipment.xsd")).toEqual([]);
    const details = parseGetShipmentDetailsResponse(xml);
    expect(details.shipmentDetail.transmitShipment).toBe(true);
    expect(details.shipmentDetail.deliverySpec.options).toEqual([{ optionCode: "SO" }]);
    expect(details.shipmentDetail.deliverySpec.parcelCharacteristics.weight).toBe(1.5);
    expect(details.shipmentDetail.deliverySpec.references?.customerRef1).toBe("order 1001");
    expect(details.shipmentDetail.refundRequestInfo).toEqual({
      serviceTicketDate: "2030-01-04",
      serviceTicketId: "GT12345678",
    });
  });

  it("parses a credit card receipt and a refund ticket, both valid against shipment.xsd", async () => {
    const receipt = `<shipment-receipt ${NS}><cc-receipt-details><merchant-name>Canada Post</merchant-name><merchant-url>http://www.canadapost.ca</merchant-url><name-on-card>John Doe</name-on-card><auth-code>AA1111</auth-code><auth-timestamp>2030-01-02T10:00:00-05:00</auth-timestamp><card-type>VIS</card-type><charge-amount>12.49</charge-amount><currency>CAD</currency><transaction-type>Sale</transaction-type></cc-receipt-details></shipment-receipt>`;
    expect(await xsdErrors(receipt, "shipment.xsd")).toEqual([]);
    expect(parseGetShipmentReceiptResponse(receipt).ccReceiptDetails).toMatchObject({
      authCode: "AA1111",
      cardType: "VIS",
      chargeAmount: 12.49,
    });
    const ticket = `<shipment-refund-request-info ${NS}><service-ticket-date>2030-01-04</service-ticket-date><service-ticket-id>GT12345678</service-ticket-id></shipment-refund-request-info>`;
    expect(await xsdErrors(ticket, "shipment.xsd")).toEqual([]);
    expect(parseRequestShipmentRefundResponse(ticket).serviceTicketId).toBe("GT12345678");
  });
});

describe("Refund request and addressing", () => {
  it("builds a refund request valid against shipment.xsd, and refuses a bad email", async () => {
    const xml = buildRequestShipmentRefundRequest({ email: "ops@example.com" });
    expect(await xsdErrors(xml, "shipment.xsd")).toEqual([]);
    expect(xml).toContain(`<shipment-refund-request ${NS}><email>ops@example.com</email>`);
    expect(() => buildRequestShipmentRefundRequest({ email: "nope" })).toThrow(
      /email must be an email address/,
    );
  });

  it("addresses calls to the mailed-by customer and mobo, and asks for a customer number when none is set", () => {
    expect(accountPath({ config }, "X")).toBe("/rs/1234567/1234567");
    expect(accountPath({ config: { ...config, mobo: "7654321" } }, "X")).toBe("/rs/1234567/7654321");
    expect(() => accountPath({ config: { ...config, customerNumber: undefined } }, "CreateShipment")).toThrow(
      /CreateShipment: no customer number is configured: set customerNumber/,
    );
  });

  it("refuses ambiguous queries and links of the wrong kind before sending anything", async () => {
    const transport = new Transport(config);
    const ctx = { config, transport };
    try {
      await expect(getShipments(ctx, { groupId: "g", trackingPin: "123456789012" })).rejects.toThrow(
        /give exactly one of groupId, noManifest \{ date \}, trackingPin or customerRequestId \(got 2\)/,
      );
      await expect(getShipments(ctx, {})).rejects.toThrow(CanadaPostInputError);
      const self = { rel: "self", href: "https://ct.soa-gw.canadapost.ca/rs/1/1/shipment/9", mediaType: "x" };
      await expect(getShipmentDetails(ctx, self)).rejects.toThrow(
        /needs the shipment's "details" link, not its "self" link/,
      );
      await expect(getShipmentDetails(ctx, "../../etc")).rejects.toThrow(/is not a shipment id/);
      await expect(getArtifact(ctx, self)).rejects.toThrow(/a link of rel "self" is not an artifact/);
    } finally {
      await transport.close();
    }
  });
});
