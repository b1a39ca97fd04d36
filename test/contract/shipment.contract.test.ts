import {
  getArtifact,
  createClientContext,
  CanadaPostError,
  CanadaPostInputError,
  findLink,
  MediaType,
  buildCreateShipmentRequest,
  createShipment,
  sendCreateShipment,
  getShipment,
  getShipmentDetails,
  getShipmentPrice,
  getShipmentReceipt,
  getShipments,
  requestShipmentRefund,
  voidShipment,
  type CreateShipmentInput,
  type ShipmentInfo,
  camelize,
  parseXml,
} from "../../src/canada-post";
import { xsdErrors } from "../support/xsd";
import {
  addFault,
  contractShipment,
  requestLog,
  resetSimulator,
  seedSample,
  simToday,
  useSimulator,
} from "./support";

/** Contract shipping v8 of the real client against the simulator: create, read, labels, void, refund, errors. */

const h = useSimulator();
beforeEach(() => resetSimulator(h.sim));

const spec = contractShipment().deliverySpec;
const transmitted = (o: Partial<CreateShipmentInput> = {}) =>
  contractShipment({ groupId: undefined, transmitShipment: true, providePricingInfo: true, ...o });

async function failure(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (e: unknown) => e,
  );
}
async function refusal(call: Promise<unknown>): Promise<CanadaPostError> {
  const e = await failure(call);
  expect(e).toBeInstanceOf(CanadaPostError);
  return e as CanadaPostError;
}

/** Sends a Create Shipment document through the client's own transport, for what the client refuses to build. */
const sendRaw = (body: string) =>
  h.ctx.transport.send({
    operation: "CreateShipment",
    method: "POST",
    url: "/rs/1234567/1234567/shipment",
    accept: MediaType.shipment,
    contentType: MediaType.shipment,
    body,
    idempotent: false,
  });
/** The same through Create Shipment's own call, which reads the answer (a refusal becomes CanadaPostError). */
const createRaw = (body: string) => sendCreateShipment(h.ctx, body);
const validXml = () => buildCreateShipmentRequest(contractShipment(), h.ctx.config);

describe("Create Shipment and its reads", () => {
  it("creates a group shipment whose links lead to the same shipment, its details, price and group", async () => {
    const s = await createShipment(h.ctx, contractShipment({ customerRequestId: "order-1001" }));
    expect(s.shipmentStatus).toBe("created");
    expect(s.trackingPin).toMatch(/^\d{16}$/);
    expect(s.customerRequestId).toBe("order-1001");
    expect(s.links.map((l) => l.rel)).toEqual(["self", "details", "group", "price", "label"]);

    const again = await getShipment(h.ctx, findLink(s.links, "self")!);
    expect(again).toEqual(s);
    expect((await getShipment(h.ctx, s.shipmentId)).trackingPin).toBe(s.trackingPin);

    const details = await getShipmentDetails(h.ctx, s);
    expect(details.shipmentDetail.groupId).toBe("grp1");
    expect(details.shipmentDetail.deliverySpec.serviceCode).toBe("DOM.EP");
    expect(details.shipmentDetail.deliverySpec.references?.customerRef1).toBe("ORDER-1001");
    expect(details.shipmentDetail.deliverySpec.destination.addressDetails.postalZipCode).toBe("K1K4T3");

    const price = await getShipmentPrice(h.ctx, s);
    expect(price.serviceCode).toBe("DOM.EP");
    expect(price.dueAmount).toBeGreaterThan(price.preTaxAmount);
    expect(price.hstAmount).toBeGreaterThan(0);

    const self = findLink(s.links, "self")!.href;
    expect((await getShipments(h.ctx, findLink(s.links, "group")!)).map((l) => l.href)).toEqual([self]);
    expect((await getShipments(h.ctx, { groupId: "grp1" })).map((l) => l.href)).toEqual([self]);
    expect((await getShipments(h.ctx, { trackingPin: s.trackingPin! })).map((l) => l.href)).toEqual([self]);
    expect((await getShipments(h.ctx, { customerRequestId: "order-1001" })).map((l) => l.href)).toEqual([
      self,
    ]);
    expect(await getShipments(h.ctx, { groupId: "other" })).toEqual([]);
  });

  it("carries names and references with XML's special characters through both sides' XML unchanged", async () => {
    // The client writes them, the simulator reads and echoes them, the client reads them back: each side
    // escapes and decodes with its own code.
    const name = `O'Brien & "Sons" <Ltée>`;
    const ref = "R&D <42> — Café";
    const s = await createShipment(
      h.ctx,
      contractShipment({
        deliverySpec: {
          ...spec,
          destination: { ...spec.destination, name, company: "A&B > C" },
          references: { customerRef1: ref, customerRef2: "&amp; stays &amp;" },
        },
      }),
    );
    const detail = (await getShipmentDetails(h.ctx, s)).shipmentDetail.deliverySpec;
    expect(detail.destination.name).toBe(name);
    expect(detail.destination.company).toBe("A&B > C");
    expect(detail.references).toMatchObject({ customerRef1: ref, customerRef2: "&amp; stays &amp;" });
  });

  it("transmits at once with the price in the answer, a receipt, and a place in the no-manifest list", async () => {
    const s = await createShipment(h.ctx, transmitted());
    expect(s.shipmentStatus).toBe("transmitted");
    expect(s.poNumber).toMatch(/^\d{10}$/);
    expect(s.shipmentPrice?.serviceCode).toBe("DOM.EP");
    expect(s.shipmentPrice!.dueAmount).toBeGreaterThan(0);
    expect(findLink(s.links, "price")).toBeUndefined();
    expect(findLink(s.links, "refund")).toBeDefined();
    // The label costs what Get Shipment Price would say.
    expect((await getShipmentPrice(h.ctx, s.shipmentId)).dueAmount).toBe(s.shipmentPrice!.dueAmount);

    const receipt = await getShipmentReceipt(h.ctx, s);
    const details = receipt.ccReceiptDetails ?? receipt.supplierAccountReceiptDetails;
    expect(details?.chargeAmount).toBe(s.shipmentPrice!.dueAmount);

    const grouped = await createShipment(h.ctx, contractShipment());
    const today = await getShipments(h.ctx, { noManifest: { date: simToday(h.sim) } });
    expect(today.map((l) => l.href)).toEqual([findLink(s.links, "self")!.href]);
    expect(today.map((l) => l.href)).not.toContain(findLink(grouped.links, "self")!.href);
  });

  it("gives the label as a PDF, or as ZPL on 4x6 thermal paper", async () => {
    const pdfShipment = await createShipment(h.ctx, contractShipment());
    const pdf = await getArtifact(h.ctx, findLink(pdfShipment.links, "label")!);
    expect(pdf.mediaType).toBe("application/pdf");
    expect("data" in pdf && pdf.data.subarray(0, 4).toString("latin1")).toBe("%PDF");

    const zplShipment = await createShipment(
      h.ctx,
      contractShipment({
        deliverySpec: { ...spec, printPreferences: { outputFormat: "4x6", encoding: "ZPL" } },
      }),
    );
    const zpl = await getArtifact(h.ctx, findLink(zplShipment.links, "label")!);
    expect(zpl.mediaType).toBe("application/zpl");
    expect("text" in zpl && zpl.text.startsWith("^XA")).toBe(true);
    expect("text" in zpl && zpl.text).toContain(zplShipment.trackingPin);
  });

  it("accepts the seed's Create Shipment sample as-is and answers a shipment-info valid against shipment.xsd", async () => {
    const res = await sendRaw(seedSample("003", "shipment"));
    const text = res.body.toString("utf8");
    expect(await xsdErrors(text, "shipment.xsd")).toEqual([]);
    const { root, value } = parseXml(text);
    expect(root).toBe("shipment-info");
    const info = camelize(value) as { shipmentStatus: string; links: { link: { rel: string }[] } };
    expect(info.shipmentStatus).toBe("created");
    expect(info.links.link.map((l) => l.rel)).toEqual(["self", "details", "group", "price", "label"]);
  });
});

describe("Void and refund", () => {
  it("voids a shipment before transmit; it is then gone (404 with an empty envelope)", async () => {
    const s = await createShipment(h.ctx, contractShipment());
    await voidShipment(h.ctx, s);
    const gone = await refusal(getShipment(h.ctx, s));
    expect(gone.status).toBe(404);
    expect(gone.messages).toEqual([]);
    expect(await getShipments(h.ctx, { groupId: "grp1" })).toEqual([]);
    expect((await refusal(voidShipment(h.ctx, s.shipmentId))).status).toBe(404);
  });

  it("refuses to void a transmitted shipment (8064), refunds it once, and answers 7292 to a second refund", async () => {
    const s = await createShipment(h.ctx, transmitted());
    const notVoidable = await refusal(voidShipment(h.ctx, s));
    expect(notVoidable.status).toBe(400);
    expect(notVoidable.code).toBe("8064");

    const refund = await requestShipmentRefund(h.ctx, s, { email: "ops@example.com" });
    expect(refund.serviceTicketId).toMatch(/^GT\d+$/);
    expect(refund.serviceTicketDate).toBe(simToday(h.sim));
    const details = await getShipmentDetails(h.ctx, s);
    expect(details.shipmentDetail.refundRequestInfo).toEqual(refund);

    const twice = await refusal(requestShipmentRefund(h.ctx, s, { email: "ops@example.com" }));
    expect(twice.status).toBe(409);
    expect(twice.code).toBe("7292");
    expect(twice.messages[0]!.description).toMatch(/already/i);
  });
});

describe("One label per customerRequestId", () => {
  const ids = () => [...h.sim.store.shipments.values()].map((s) => s.shipmentId);

  it("resolves a 7314 for a reused customerRequestId to the shipment already created", async () => {
    const first = await createShipment(h.ctx, contractShipment({ customerRequestId: "order-7314" }));
    const second = await createShipment(h.ctx, contractShipment({ customerRequestId: "order-7314" }));
    expect(second.shipmentId).toBe(first.shipmentId);
    expect(ids()).toEqual([first.shipmentId]);
    const log = await requestLog(h.sim);
    expect(log.byOperation.CreateShipment).toBe(2);
    // The second create was answered 7314 and looked up by customer-request-id.
    expect(log.byOperation.GetShipments).toBe(1);
    expect(log.entries.find((e) => e.operation === "GetShipments")!.path).toBe(
      "/rs/1234567/1234567/shipment",
    );
  });

  it("returns the shipment created by a create whose answer came too late, found by customerRequestId", async () => {
    // Backoff before the lookup (500-1000 ms) outlasts the simulator's latency, so the create has run by then.
    const slow = createClientContext({ ...h.ctx.config, timeoutMs: 200, retryDelayMs: 1000 });
    try {
      await addFault(h.sim, {
        path: "^/rs/1234567/1234567/shipment$",
        method: "POST",
        latencyMs: 400,
        times: 1,
      });
      const s = await createShipment(slow, contractShipment({ customerRequestId: "order-late" }));
      expect(s.customerRequestId).toBe("order-late");
      expect(ids()).toEqual([s.shipmentId]);
      const log = await requestLog(h.sim);
      expect(log.byOperation.CreateShipment).toBe(1);
      expect(log.byOperation.GetShipments).toBe(1);
      expect(log.byOperation.GetShipment).toBe(1);
    } finally {
      await slow.close();
    }
  });

  it("sends the create again, once, when the connection dropped before Canada Post created anything", async () => {
    await addFault(h.sim, { path: "^/rs/1234567/1234567/shipment$", method: "POST", reset: true, times: 1 });
    const s = await createShipment(h.ctx, contractShipment({ customerRequestId: "order-reset" }));
    expect(ids()).toEqual([s.shipmentId]);
    const log = await requestLog(h.sim);
    expect(log.entries.map((e) => e.operation)).toEqual(["CreateShipment", "GetShipments", "CreateShipment"]);
  });

  it("gives concurrent creates with one customerRequestId one shipment", async () => {
    const all = await Promise.all(
      [1, 2, 3].map(() => createShipment(h.ctx, contractShipment({ customerRequestId: "order-race" }))),
    );
    const created = new Set(all.map((s: ShipmentInfo) => s.shipmentId));
    expect(created.size).toBe(1);
    expect(ids()).toEqual([...created]);
  });

  it("never repeats a create without a customerRequestId after a dropped connection", async () => {
    await addFault(h.sim, { path: "^/rs/1234567/1234567/shipment$", method: "POST", reset: true, times: 1 });
    const e = await failure(createShipment(h.ctx, contractShipment()));
    expect((e as Error).name).toBe("CanadaPostTransportError");
    expect((await requestLog(h.sim)).byOperation).toEqual({ CreateShipment: 1 });
  });
});

describe("Create Shipment errors", () => {
  it("passes the address rule 1156 through from the simulator", async () => {
    const e = await refusal(
      createShipment(
        h.ctx,
        contractShipment({
          deliverySpec: {
            ...spec,
            serviceCode: "INT.XP",
            destination: { name: "Ken Sato", addressDetails: { city: "Tokyo", countryCode: "JP" } },
          },
        }),
      ),
    );
    // Create Shipment's application errors come with HTTP 200 and a <messages> envelope.
    expect(e.status).toBe(200);
    expect(e.messages).toEqual([{ code: "1156", description: "Address Line 1 is a mandatory field." }]);
  });

  it.each([
    ["1157", (x: string) => x.replace("<city>Ottawa</city>", ""), /City is mandatory/],
    ["1159", (x: string) => x.replace("<prov-state>ON</prov-state>", ""), /Province is mandatory/],
    [
      "7282",
      (x: string) =>
        x.replace(
          /<destination>[\s\S]*<\/destination>/,
          "<destination><address-details><address-line-1>1 Rue</address-line-1><city>Paris</city><country-code>FR</country-code></address-details></destination>",
        ),
      /Recipient Name or Company Name/,
    ],
    [
      "9186",
      (x: string) =>
        x.replace(
          "</requested-shipping-point>",
          "</requested-shipping-point><shipping-point-id>0123</shipping-point-id>",
        ),
      /Only one of shipping-point-id or requested-shipping-point/,
    ],
    [
      "9187",
      (x: string) =>
        x.replace(
          "<requested-shipping-point>K2B8J6</requested-shipping-point>",
          "<cpc-pickup-indicator>true</cpc-pickup-indicator>",
        ),
      /requested-shipping-point is mandatory/,
    ],
    [
      "9191",
      (x: string) =>
        x.replace(
          "<output-format>8.5x11</output-format>",
          "<output-format>8.5x11</output-format><encoding>ZPL</encoding>",
        ),
      /4x6 thermal paper/,
    ],
  ])(
    "answers %s to a document breaking its rule, through the client's transport",
    async (code, edit, text) => {
      const e = await refusal(createRaw(edit(validXml())));
      expect(e.code).toBe(code);
      expect(e.messages[0]!.description).toMatch(text);
      expect(h.sim.store.shipments.size).toBe(0);
    },
  );

  it.each([
    [
      "1157",
      contractShipment({
        deliverySpec: {
          ...spec,
          destination: {
            ...spec.destination,
            addressDetails: { ...spec.destination.addressDetails, city: undefined },
          },
        },
      }),
      /city/,
    ],
    [
      "7282",
      contractShipment({
        deliverySpec: {
          ...spec,
          serviceCode: "INT.XP",
          destination: { addressDetails: { addressLine1: "1 Rue", city: "Paris", countryCode: "FR" } },
        },
      }),
      /name or destination.company/,
    ],
    ["9186", contractShipment({ shippingPointId: "0123" }), /not both/],
    [
      "9187",
      contractShipment({
        requestedShippingPoint: undefined,
        shippingPointId: undefined,
        cpcPickupIndicator: true,
      }),
      /requestedShippingPoint/,
    ],
    ["9191", contractShipment({ deliverySpec: { ...spec, printPreferences: { encoding: "ZPL" } } }), /4x6/],
  ])("refuses what Canada Post would answer %s before sending anything", async (_code, input, text) => {
    const e = await failure(createShipment(h.ctx, input));
    expect(e).toBeInstanceOf(CanadaPostInputError);
    expect((e as Error).message).toMatch(text);
    expect((await requestLog(h.sim)).total).toBe(0);
  });
});
