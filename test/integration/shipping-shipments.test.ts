import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createClientContext,
  type ClientContextHandle,
  type ClientContext,
  type Transport,
} from "../../src/canada-post";
import { CustomsError } from "../../src/shipping/customs";
import { FileLabelStore } from "../../src/shipping/label-store";
import { transmitGroups } from "../../src/shipping/manifests";
import type { Parcel } from "../../src/shipping/packing";
import { groupIdFor, parseMerchantSettings, type MerchantSettingsInput } from "../../src/shipping/settings";
import {
  ShipmentPurchaseError,
  ShipmentRequestError,
  ShipmentService,
  type ShipmentRecord,
  type ShipmentRequest,
} from "../../src/shipping/shipments";
import { startSimulator, type RunningSimulator } from "../../src/simulator";

/**
 * The shipment service against the real simulator over loopback: labels bought and stored in both contract
 * modes, customs the simulator checks against shipment.xsd, the no-second-label rule under concurrent and
 * retried purchases (counted in the simulator's request log and store), partial failures, void or refund,
 * and the end-of-day manifest.
 */

const CUSTOMER = "1234567";
let sim: RunningSimulator;
let ctx: ClientContextHandle;
let dir: string;
let labels: FileLabelStore;

beforeAll(async () => {
  sim = await startSimulator();
  ctx = createClientContext({
    username: "sim-user",
    password: "sim-password",
    customerNumber: CUSTOMER,
    contractId: "42708517",
    baseUrl: sim.url,
    timeoutMs: 5000,
    retries: 2,
    retryDelayMs: 20,
  });
  dir = await mkdtemp(join(tmpdir(), "labels-"));
  labels = new FileLabelStore(join(dir, "labels"));
});
afterAll(async () => {
  await ctx.close();
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => control("POST", "reset"));

async function control(method: string, name: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${sim.url}/__simulator/${name}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.status).toBeLessThan(300);
  return res.json();
}
const counts = async () =>
  ((await control("GET", "requests")) as { byOperation: Record<string, number> }).byOperation;
const stored = () => sim.store.shipmentsOf(CUSTOMER, "contract");

const settingsInput: MerchantSettingsInput = {
  origin: {
    postalCode: "K2B 8J6",
    sender: {
      company: "Maple Goods",
      contactPhone: "613-555-0100",
      addressLine1: "1 Main St",
      city: "Ottawa",
      province: "ON",
    },
  },
  options: { signatureOverValue: 100, coverage: "orderValue" },
};
function service(mode: "transmit" | "manifest", context: ClientContext = ctx): ShipmentService {
  const settings = parseMerchantSettings({ ...settingsInput, shipments: { mode } });
  return new ShipmentService({ ctx: context, settings, labels });
}

const parcel = (n: number, lineId: string): Parcel => ({
  id: `parcel-${n}`,
  box: "Small box",
  dimensions: { length: 25, width: 20, height: 10 },
  weight: n,
  volumetricWeight: 1,
  items: [{ lineId, quantity: 1 }],
  value: 40 * n,
});
const lines = [1, 2, 3].map((n) => ({
  id: `line-${n}`,
  sku: `SKU-${n}`,
  title: `Maple syrup ${n} L`,
  quantity: 1,
  unitValue: 40 * n,
  currency: "CAD",
  hsCode: "1702.20",
  originCountry: "CA",
  unitWeightKg: n - 0.2,
}));
const order = (fulfillmentId: string, over: Partial<ShipmentRequest> = {}): ShipmentRequest => ({
  orderId: "order_01JXYZ0000000000000000000000000000000042",
  fulfillmentId,
  serviceCode: "DOM.EP",
  destination: {
    name: "Jane Tremblay",
    email: "jane@example.com",
    addressLine1: "23 Jardin Private",
    city: "Ottawa",
    province: "ON",
    country: "CA",
    postalCode: "K1K 4T3",
  },
  parcels: [parcel(1, "line-1"), parcel(2, "line-2"), parcel(3, "line-3")],
  lines,
  orderValue: 240,
  currency: "CAD",
  ...over,
});

async function expectLabel(record: ShipmentRecord) {
  expect(record.label).toBeDefined();
  const doc = await labels.get(record.label!.location);
  expect(doc?.mediaType).toBe("application/pdf");
  expect(doc!.data.subarray(0, 5).toString()).toBe("%PDF-");
}

describe("buying labels", () => {
  it("buys and stores one transmitted shipment per parcel in transmit mode", async () => {
    const records = await service("transmit").createShipments(order("ful_transmit"));
    expect(records.map((r) => r.parcelIndex)).toEqual([0, 1, 2]);
    for (const r of records) {
      expect(r).toMatchObject({ status: "transmitted", mode: "transmit", serviceCode: "DOM.EP" });
      expect(r.trackingPin).toMatch(/^\d{12,16}$/);
      expect(r.price!.due).toBeGreaterThan(0);
      expect(r.price!.due).toBeGreaterThan(r.price!.base + r.price!.taxes);
      expect(r.price!.taxes).toBeGreaterThan(0);
      expect(r.customerRequestId.length).toBeLessThanOrEqual(35);
      expect(r.groupId).toBeUndefined();
      await expectLabel(r);
    }
    expect(new Set(records.map((r) => r.customerRequestId)).size).toBe(3);
    expect(new Set(records.map((r) => r.trackingPin)).size).toBe(3);
    // Heavier parcels cost more.
    expect(records[2]!.price!.due).toBeGreaterThan(records[0]!.price!.due);
    const sims = stored();
    expect(sims).toHaveLength(3);
    expect(sims[0]!.customerRef1).toBe(order("x").orderId.slice(0, 35));
    expect(sims[0]!.customerRef1).toHaveLength(35);
    expect(sims[0]!.customerRef2).toBe("ful_transmit");
    // Signature over 100 and coverage of each parcel's value.
    expect(sims[0]!.optionCodes.sort()).toEqual(["COV", "SO"]);
    expect(sims[0]!.finalShippingPoint).toBe("K2B8J6");
    const c = await counts();
    expect(c.CreateShipment).toBe(3);
    expect(c.GetArtifact).toBe(3);
    expect(c.GetShipmentPrice).toBeUndefined();
  });

  it("buys into today's group in manifest mode, then transmits the group and keeps the manifest PDF", async () => {
    const svc = service("manifest");
    const records = await svc.createShipments(order("ful_manifest"));
    const group = groupIdFor(svc.settings.shipments, new Date());
    for (const r of records) {
      expect(r).toMatchObject({ status: "created", mode: "manifest", groupId: group });
      expect(r.price!.due).toBeGreaterThan(0);
      await expectLabel(r);
    }
    expect(stored().every((s) => s.groupId === group && s.status === "created")).toBe(true);
    expect((await counts()).GetShipmentPrice).toBe(3);

    const endOfDay = (groups?: string[]) => transmitGroups(svc, groups);
    const manifests = await endOfDay();
    expect(manifests).toHaveLength(1);
    const m = manifests[0]!;
    expect(m.groupIds).toEqual([group]);
    expect(m.poNumber).toMatch(/\d+/);
    expect(m.problem).toBeUndefined();
    const pdf = await labels.get(m.document!.location);
    expect(pdf!.data.subarray(0, 5).toString()).toBe("%PDF-");
    expect(stored().every((s) => s.status === "transmitted")).toBe(true);
    // Nothing left in today's group: the default end of day is a no-op, not an error.
    await expect(endOfDay()).resolves.toEqual([]);
    // Named groups with nothing to transmit keep Canada Post's 7010.
    await expect(endOfDay([group])).rejects.toMatchObject({ code: "7010" });
  });

  it("declares customs for a US order, accepted by the simulator's XSD check", async () => {
    const us = order("ful_us", {
      serviceCode: "USA.EP",
      currency: "USD",
      conversionFromCad: 0.73,
      destination: {
        name: "Pat Smith",
        phone: "212-555-0100",
        addressLine1: "350 5th Ave",
        city: "New York",
        province: "NY",
        country: "US",
        postalCode: "10118",
      },
      parcels: [
        {
          ...parcel(2, "line-1"),
          items: [
            { lineId: "line-1", quantity: 1 },
            { lineId: "line-2", quantity: 1 },
          ],
        },
      ],
      lines: lines.map((l) => ({ ...l, currency: "USD" })),
    });
    const [record] = await service("transmit").createShipments(us);
    expect(record!.status).toBe("transmitted");
    await expectLabel(record!);
    const spec = stored()[0]!.request["delivery-spec"] as Record<string, unknown>;
    const customs = spec.customs as Record<string, unknown>;
    expect(customs).toMatchObject({
      currency: "USD",
      "conversion-from-cad": "0.73",
      "reason-for-export": "SOG",
    });
    expect(JSON.stringify(customs)).toContain("Maple syrup 2 L");
    expect(stored()[0]!.optionCodes).toContain("RTS");

    // Without a rate nothing is sent.
    await control("DELETE", "requests");
    const noRate = { ...us, fulfillmentId: "ful_us_2", conversionFromCad: undefined };
    await expect(service("transmit").createShipments(noRate)).rejects.toThrow(CustomsError);
    expect((await counts()).CreateShipment).toBeUndefined();
  });

  it("refuses a request it cannot buy before buying anything", async () => {
    const wrong = order("ful_bad", { serviceCode: "USA.EP" });
    await expect(service("transmit").createShipments(wrong)).rejects.toThrow(
      /USA\.EP does not go to CA: use a domestic Canada Post service \(DOM\.\*, e\.g\. DOM\.EP\)/,
    );
    const noLine = order("ful_bad2", {
      destination: { ...order("x").destination, country: "JP", province: undefined, phone: "81-3-0000" },
      serviceCode: "INT.XP",
      parcels: [parcel(1, "line-1"), parcel(2, "missing")],
    });
    await expect(service("transmit").createShipments(noLine)).rejects.toThrow(/"missing"/);
    await expect(service("transmit").createShipments({ ...order("x"), parcels: [] })).rejects.toThrow(
      ShipmentRequestError,
    );
    expect((await counts()).CreateShipment).toBeUndefined();
  });
});

describe("never a second label", () => {
  it("shares one purchase between concurrent calls for the same fulfillment", async () => {
    const svc = service("transmit");
    const [a, b] = await Promise.all([
      svc.createShipments(order("ful_twice")),
      svc.createShipments(order("ful_twice")),
    ]);
    expect(b).toEqual(a);
    expect(stored()).toHaveLength(3);
    expect((await counts()).CreateShipment).toBe(3);
  });

  it("finds the shipments another process bought concurrently (7314) instead of buying again", async () => {
    const [a, b] = await Promise.all([
      service("manifest").createShipments(order("ful_race")),
      service("manifest").createShipments(order("ful_race")),
    ]);
    expect(b.map((r) => r.shipmentId)).toEqual(a.map((r) => r.shipmentId));
    expect(stored()).toHaveLength(3);
    expect((await counts()).CreateShipment).toBe(6);
  });

  it("recovers a create whose answer was lost, and a second call returns what was bought", async () => {
    // The first Create Shipment answers only after the client gave up; the simulator creates it all the same.
    await control("POST", "faults", { path: "/shipment$", method: "POST", latencyMs: 700, times: 1 });
    const impatient = createClientContext({ ...ctx.config, timeoutMs: 300 });
    const svc = service("transmit", impatient);
    const first = await svc.createShipments(order("ful_retry")).finally(() => impatient.close());
    await new Promise((r) => setTimeout(r, 800)); // let the delayed create land
    // The lost create, the lookup that followed it, and a create sent again or refused with 7314.
    const c0 = await counts();
    expect(c0.CreateShipment).toBe(4);
    expect(c0.GetShipments).toBeGreaterThanOrEqual(1);
    expect(stored()).toHaveLength(3);
    expect(new Set(stored().map((s) => s.customerRequestId)).size).toBe(3);
    expect(
      stored()
        .map((s) => s.shipmentId)
        .sort(),
    ).toEqual(first.map((r) => r.shipmentId).sort());

    await control("DELETE", "requests");
    const again = await service("transmit").createShipments(order("ful_retry"));
    expect(again.map((r) => r.shipmentId)).toEqual(first.map((r) => r.shipmentId));
    expect(again.map((r) => r.trackingPin)).toEqual(first.map((r) => r.trackingPin));
    expect(stored()).toHaveLength(3);
    const c = await counts();
    // Every create was refused with 7314 and resolved by lookup; labels fetched again.
    expect(c.CreateShipment).toBe(3);
    expect(c.GetShipments).toBe(3);
    expect(c.GetArtifact).toBe(3);
  });

  it("reports a partial purchase with Canada Post's error, and a retry buys only the missing parcels", async () => {
    const envelope =
      '<?xml version="1.0" encoding="UTF-8"?><messages xmlns="http://www.canadapost.ca/ws/messages">' +
      "<message><code>9111</code><description>The destination is not served by this service.</description></message></messages>";
    // The fault is armed once the first Create Shipment is answered, so the second one fails.
    let armed = false;
    const transport = Object.create(ctx.transport) as Transport;
    transport.send = async (req, settings) => {
      const res = await ctx.transport.send(req, settings);
      if (req.operation === "CreateShipment" && !armed) {
        armed = true;
        await control("POST", "faults", {
          path: "/shipment$",
          method: "POST",
          status: 400,
          body: envelope,
          contentType: "application/vnd.cpc.messages+xml",
          times: 1,
        });
      }
      return res;
    };
    const svc = service("transmit", { config: ctx.config, transport });
    const error = await svc.createShipments(order("ful_partial")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShipmentPurchaseError);
    const e = error as ShipmentPurchaseError;
    expect(e.bought.map((r) => r.parcelIndex)).toEqual([0]);
    await expectLabel(e.bought[0]!);
    expect(e.failed).toHaveLength(1);
    expect(e.failed[0]).toMatchObject({
      parcelIndex: 1,
      stage: "create",
      code: "9111",
      description: "The destination is not served by this service.",
    });
    expect(e.notAttempted).toEqual([2]);
    expect(e.message).toMatch(/parcel 1 failed at create: The destination is not served/);
    expect(stored()).toHaveLength(1);

    await control("DELETE", "requests");
    const records = await svc.createShipments(order("ful_partial"));
    expect(records[0]!.shipmentId).toBe(e.bought[0]!.shipmentId);
    expect(stored()).toHaveLength(3);
    const c = await counts();
    // The parcel bought is in the service's records: not asked for again; the two missing are bought.
    expect(c.CreateShipment).toBe(2);
    expect(c.GetShipments).toBeUndefined();
  });
});

describe("voidOrRefund", () => {
  it("voids a shipment not yet transmitted, and treats a shipment already gone as voided", async () => {
    const svc = service("manifest");
    const [record] = await svc.createShipments({ ...order("ful_void"), parcels: [parcel(1, "line-1")] });
    const voided = await svc.voidOrRefund(record!, { email: "shop@example.com" });
    expect(voided.status).toBe("voided");
    expect(record!.status).toBe("created");
    expect(stored()).toHaveLength(0);
    // 404 with an empty <messages/>: nothing left to void.
    await expect(svc.voidOrRefund(record!, { email: "shop@example.com" })).resolves.toMatchObject({
      status: "voided",
    });
    const c = await counts();
    expect(c.VoidShipment).toBe(2);
    expect(c.RequestShipmentRefund).toBeUndefined();
  });

  it("asks for a refund of a transmitted shipment (8064), and a second time finds it already asked (7292)", async () => {
    const svc = service("transmit");
    const [record] = await svc.createShipments({ ...order("ful_refund"), parcels: [parcel(1, "line-1")] });
    const refunded = await svc.voidOrRefund(record!, { email: "shop@example.com" });
    expect(refunded.status).toBe("refund_requested");
    expect(refunded.refund?.serviceTicketId).toBeTruthy();
    expect(sim.store.shipments.get(record!.shipmentId)?.refund?.email).toBe("shop@example.com");

    const again = await svc.voidOrRefund(record!, { email: "shop@example.com" });
    expect(again.status).toBe("refund_requested");
    expect(again.refund?.serviceTicketId).toBe(refunded.refund?.serviceTicketId);
    const c = await counts();
    expect(c.VoidShipment).toBe(2);
    expect(c.RequestShipmentRefund).toBe(2);
  });

  it("refunds a manifest-mode shipment once its group was transmitted", async () => {
    const svc = service("manifest");
    const [record] = await svc.createShipments({ ...order("ful_eod"), parcels: [parcel(1, "line-1")] });
    await transmitGroups(svc, [record!.groupId!]);
    await expect(svc.voidOrRefund(record!, { email: "shop@example.com" })).resolves.toMatchObject({
      status: "refund_requested",
    });
  });

  it("passes other errors on with Canada Post's words", async () => {
    const svc = service("manifest");
    const [record] = await svc.createShipments({ ...order("ful_err"), parcels: [parcel(1, "line-1")] });
    await control("POST", "faults", {
      path: "/shipment/",
      method: "DELETE",
      status: 500,
      body: '<messages xmlns="http://www.canadapost.ca/ws/messages"><message><code>Server</code><description>Try later</description></message></messages>',
      contentType: "application/vnd.cpc.messages+xml",
    });
    await expect(svc.voidOrRefund(record!, { email: "shop@example.com" })).rejects.toThrow(
      /Server: Try later/,
    );
  });
});

describe("FileLabelStore", () => {
  it("keeps documents under safe names and refuses locations outside its directory", async () => {
    const location = await labels.put("../../etc/passwd label", Buffer.from("^XA^XZ"), "application/zpl");
    expect(location).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]*\.zpl$/);
    expect(location).not.toContain("..");
    await expect(labels.get(location)).resolves.toEqual({
      data: Buffer.from("^XA^XZ"),
      mediaType: "application/zpl",
    });
    await expect(labels.get("../labels/x.pdf")).rejects.toThrow(/not a location this store gave/);
    await expect(labels.get("nothing-here.pdf")).resolves.toBeUndefined();
    await expect(labels.put("x", Buffer.from("?"), "video/mp4")).rejects.toThrow(/media type "video\/mp4"/);
    await labels.delete(location);
    await expect(labels.get(location)).resolves.toBeUndefined();
  });
});
