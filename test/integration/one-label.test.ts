import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClientContext, type ClientContextHandle } from "../../src/canada-post";
import { createShipping, type Shipping } from "../../src/shipping/create-shipping";
import { FileLabelStore } from "../../src/shipping/label-store";
import { MemoryLocks, MemoryShipmentRecords, type ShipmentRecords } from "../../src/shipping/ports";
import type { MerchantSettingsInput } from "../../src/shipping/settings";
import {
  AlreadyLabelledError,
  type ShipmentRecord,
  type ShipmentRequest,
} from "../../src/shipping/shipments";
import { startSimulator, type RunningSimulator } from "../../src/simulator";
import { JEANNE_IN_MONTREAL, MAPLE_GOODS_ORIGIN } from "../support/merchant";

/**
 * "The same request" is the same order items, not the same request id: however many fulfillments ask for
 * the same items at once (double clicks, two instances, a webhook delivered twice, a retry after a crash),
 * Canada Post sells one label per parcel. Counted in the simulator's store and request log.
 */

const CUSTOMER = "1234567";
let sim: RunningSimulator;
let ctx: ClientContextHandle;
let dir: string;

beforeAll(async () => {
  sim = await startSimulator();
  ctx = createClientContext({
    username: "sim-user",
    password: "sim-password",
    customerNumber: CUSTOMER,
    contractId: "42708517",
    baseUrl: sim.url,
    retryDelayMs: 20,
  });
  dir = await mkdtemp(join(tmpdir(), "one-label-"));
});
afterAll(async () => {
  await ctx.close();
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => fetch(`${sim.url}/__simulator/reset`, { method: "POST" }));

const settings = (mode: "transmit" | "manifest" | "noncontract" = "transmit"): MerchantSettingsInput => ({
  origin: MAPLE_GOODS_ORIGIN,
  shipments: { mode },
  ...(mode === "noncontract" ? { rates: "commercial" as const } : {}),
});

/** One instance of a platform: its own core, on the records and lock the instances share. */
function instance(
  shared: { records: ShipmentRecords; locks: MemoryLocks },
  mode?: "transmit" | "noncontract",
) {
  return createShipping({
    settings: settings(mode),
    canadaPost: ctx,
    labels: new FileLabelStore(join(dir, "labels")),
    ...shared,
  });
}
const shared = () => ({ records: new MemoryShipmentRecords(), locks: new MemoryLocks() });

/** A fulfillment of `quantity` units of the order's one line (1 kg each, one parcel). */
function request(fulfillmentId: string, quantity = 1, ordered = 1): ShipmentRequest {
  return {
    orderId: "order_01",
    fulfillmentId,
    serviceCode: "DOM.EP",
    destination: JEANNE_IN_MONTREAL,
    parcels: [
      {
        id: `parcel-${fulfillmentId}`,
        dimensions: { length: 25, width: 20, height: 10 },
        weight: quantity,
        volumetricWeight: 1,
        items: [{ lineId: "line_syrup", quantity }],
        value: 18 * quantity,
      },
    ],
    ordered: { line_syrup: ordered },
    orderValue: 18 * quantity,
  };
}

const contractShipments = () => sim.store.shipmentsOf(CUSTOMER, "contract");
async function successfulCreates(operation = "CreateShipment"): Promise<number> {
  const log = (await (await fetch(`${sim.url}/__simulator/requests`)).json()) as {
    entries: { operation: string; status: number; codes?: string[] }[];
  };
  // Canada Post refuses a create (7314...) with HTTP 200 and a <messages> envelope: those are not sales.
  return log.entries.filter((e) => e.operation === operation && e.status < 300 && !e.codes).length;
}

async function settle<T>(calls: Promise<T>[]) {
  const results = await Promise.allSettled(calls);
  return {
    bought: results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : [])),
    refused: results.flatMap((r) => (r.status === "rejected" ? [r.reason as Error] : [])),
  };
}

describe("one label per parcel, however often it is asked", () => {
  it("buys one label for ten fulfillments of the same single unit at once, and refuses the others clearly", async () => {
    const core = instance(shared());
    const { bought, refused } = await settle(
      Array.from({ length: 10 }, (_, i) => core.shipments.createShipments(request(`ful_click_${i}`))),
    );
    expect(bought).toHaveLength(1);
    expect(refused).toHaveLength(9);
    const label = bought[0]![0]!;
    for (const e of refused) {
      expect(e).toBeInstanceOf(AlreadyLabelledError);
      expect(e.message).toContain(`PIN ${label.trackingPin}`);
      expect(e.message).toContain(`fulfillment ${label.fulfillmentId}`);
      expect(e.message).toMatch(/Nothing was bought/);
    }
    expect(contractShipments()).toHaveLength(1);
    expect(await successfulCreates()).toBe(1);
  });

  it("buys one label when two instances sharing the records and the lock are asked at once", async () => {
    const both = shared();
    const [a, b] = [instance(both), instance(both)];
    const { bought, refused } = await settle([
      a.shipments.createShipments(request("ful_on_a")),
      b.shipments.createShipments(request("ful_on_b")),
      a.shipments.createShipments(request("ful_on_a_again")),
      b.shipments.createShipments(request("ful_on_b_again")),
    ]);
    expect(bought).toHaveLength(1);
    expect(refused.every((e) => e instanceof AlreadyLabelledError)).toBe(true);
    expect(contractShipments()).toHaveLength(1);
  });

  it("answers the same fulfillment asked again with the same shipment, buying nothing", async () => {
    const core = instance(shared());
    const [first, second] = await Promise.all([
      core.shipments.createShipments(request("ful_twice")),
      core.shipments.createShipments(request("ful_twice")),
    ]);
    const third = await core.shipments.createShipments(request("ful_twice"));
    expect(second!.map((r) => r.shipmentId)).toEqual(first!.map((r) => r.shipmentId));
    expect(third.map((r) => r.shipmentId)).toEqual(first!.map((r) => r.shipmentId));
    expect(await successfulCreates()).toBe(1);
  });

  it("buys a new label for a new fulfillment once the first label was voided", async () => {
    const core = instance(shared());
    const [first] = await core.shipments.createShipments(request("ful_first"));
    await expect(core.shipments.createShipments(request("ful_second"))).rejects.toThrow(AlreadyLabelledError);
    await core.shipments.voidOrRefund(first!, { email: "shipping@example.com" });
    const [second] = await core.shipments.createShipments(request("ful_second"));
    expect(second!.shipmentId).not.toBe(first!.shipmentId);
    expect(second!.customerRequestId).not.toBe(first!.customerRequestId);
    expect(await successfulCreates()).toBe(2);
  });

  it("labels a line in several fulfillments up to the quantity ordered, and no further", async () => {
    const core = instance(shared());
    await core.shipments.createShipments(request("ful_part_1", 1, 2));
    await core.shipments.createShipments(request("ful_part_2", 1, 2));
    await expect(core.shipments.createShipments(request("ful_part_3", 1, 2))).rejects.toThrow(
      AlreadyLabelledError,
    );
    expect(contractShipments()).toHaveLength(2);
  });

  it("finds a label bought by an instance that stopped before recording it, instead of buying another", async () => {
    // Instance A buys at Canada Post, then dies before its records are written.
    const lost: ShipmentRecords = {
      ofOrder: async () => [],
      add: async () => {
        throw new Error("instance A stopped");
      },
      update: async () => undefined,
    };
    const a = instance({ records: lost, locks: new MemoryLocks() });
    await expect(a.shipments.createShipments(request("ful_on_a"))).rejects.toThrow(/instance A stopped/);
    expect(contractShipments()).toHaveLength(1);

    // The merchant retries through instance B (a new fulfillment id): Canada Post knows the request (7314).
    const b = instance(shared());
    const [record] = await b.shipments.createShipments(request("ful_retry_on_b"));
    expect(record!.shipmentId).toBe(contractShipments()[0]!.shipmentId);
    expect(contractShipments()).toHaveLength(1);
    expect(await successfulCreates()).toBe(1);
  });

  it("protects non-contract labels too, where Canada Post has no customer-request-id", async () => {
    const core = instance(shared(), "noncontract");
    const { bought, refused } = await settle(
      Array.from({ length: 5 }, (_, i) => core.shipments.createShipments(request(`ful_nc_${i}`))),
    );
    expect(bought).toHaveLength(1);
    expect(refused).toHaveLength(4);
    expect(sim.store.shipmentsOf(CUSTOMER, "noncontract")).toHaveLength(1);
    expect(await successfulCreates("CreateNCShipment")).toBe(1);
  });

  it("keeps a label bought when its PDF cannot be read, and reads it when it is asked for", async () => {
    const records = new MemoryShipmentRecords();
    const core = instance({ records, locks: new MemoryLocks() });
    const fault = (body: unknown) =>
      fetch(`${sim.url}/__simulator/faults`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    // Every read of the label artifact fails (the transport's retries included).
    await fault({ path: "^/rs/artifact/", status: 503 });
    const [record] = await core.shipments.createShipments(request("ful_no_pdf"));
    expect(record!.trackingPin).toMatch(/^\d{16}$/);
    expect(record!.label).toBeUndefined();
    expect(record!.unread?.label).toBeTruthy();
    expect(record!.status).toBe("transmitted"); // bought and kept: nothing voided
    const log = (await (await fetch(`${sim.url}/__simulator/requests`)).json()) as {
      byOperation: Record<string, number>;
    };
    expect(log.byOperation.VoidShipment).toBeUndefined();
    expect(log.byOperation.RequestShipmentRefund).toBeUndefined();

    // Canada Post answers again: the label is read when the merchant opens it, and kept.
    await fetch(`${sim.url}/__simulator/faults`, { method: "DELETE" });
    const label = await core.shipments.label(record!);
    expect(label?.data.subarray(0, 5).toString()).toBe("%PDF-");
    const [kept] = await records.ofOrder("order_01");
    expect(kept!.label?.mediaType).toBe("application/pdf");
    expect(kept!.unread).toBeUndefined();
  });

  it("cancels each standing label once, and leaves voided ones alone", async () => {
    const core: Shipping = instance(shared());
    const [label] = await core.shipments.createShipments(request("ful_cancel"));
    const first = await core.shipments.cancel([label!], { email: "shipping@example.com" });
    expect(first.outcomes.map((r: ShipmentRecord) => r.status)).toEqual(["refund_requested"]);
    const again = await core.shipments.cancel(first.outcomes, { email: "shipping@example.com" });
    expect(again.outcomes).toEqual(first.outcomes);
    const log = (await (await fetch(`${sim.url}/__simulator/requests`)).json()) as {
      byOperation: Record<string, number>;
    };
    expect(log.byOperation.VoidShipment).toBe(1);
    expect(log.byOperation.RequestShipmentRefund).toBe(1);
  });
});
