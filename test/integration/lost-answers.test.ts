import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CanadaPostTransportError,
  createClientContext,
  type ClientContextHandle,
} from "../../src/canada-post";
import { createShipping } from "../../src/shipping/create-shipping";
import { FileLabelStore } from "../../src/shipping/label-store";
import { ManifestAnswerLostError } from "../../src/shipping/manifests";
import { MemoryLocks, MemoryShipmentRecords } from "../../src/shipping/ports";
import type { ShipmentRequest } from "../../src/shipping/shipments";
import { startSimulator, type FaultRule, type RunningSimulator } from "../../src/simulator";
import { JEANNE_IN_MONTREAL, MAPLE_GOODS_ORIGIN, SIMULATOR_ACCOUNT } from "../support/merchant";

/**
 * Void, refund and transmit whose answer is lost: Canada Post did the work after the client gave up (a slow
 * answer), or answered something that is not its answer. The records must say what Canada Post did, never
 * what it did not. Found by the fault matrix (bench/faults).
 */

const CUSTOMER = SIMULATOR_ACCOUNT.customerNumber;
const TIMEOUT_MS = 400;
let sim: RunningSimulator;
let ctx: ClientContextHandle;
let dir: string;

beforeAll(async () => {
  sim = await startSimulator();
  ctx = createClientContext({
    ...SIMULATOR_ACCOUNT,
    baseUrl: sim.url,
    timeoutMs: TIMEOUT_MS,
    retryDelayMs: 20,
  });
  dir = await mkdtemp(join(tmpdir(), "lost-answers-"));
});
afterAll(async () => {
  await ctx.close();
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => fetch(`${sim.url}/__simulator/reset`, { method: "POST" }));

const fault = (rule: FaultRule) =>
  fetch(`${sim.url}/__simulator/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(rule),
  });
const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

function core(mode: "transmit" | "manifest") {
  const records = new MemoryShipmentRecords();
  const shipping = createShipping({
    settings: { origin: MAPLE_GOODS_ORIGIN, shipments: { mode } },
    canadaPost: ctx,
    labels: new FileLabelStore(join(dir, "labels")),
    records,
    locks: new MemoryLocks(),
  });
  return { shipping, records };
}

const request: ShipmentRequest = {
  orderId: "order_lost",
  fulfillmentId: "ful_lost",
  serviceCode: "DOM.EP",
  destination: JEANNE_IN_MONTREAL,
  parcels: [
    {
      id: "parcel-1",
      dimensions: { length: 25, width: 20, height: 10 },
      weight: 1,
      volumetricWeight: 1,
      items: [{ lineId: "line_1", quantity: 1 }],
      value: 18,
    },
  ],
  orderValue: 18,
};
const SHIPMENT = `^/rs/${CUSTOMER}/${CUSTOMER}/shipment/[^/]+$`;
const held = () => sim.store.shipmentsOf(CUSTOMER, "contract");

describe("answers lost on the way back", () => {
  it("does not take a void answered with some other document for a void: the label still stands", async () => {
    const { shipping, records } = core("manifest");
    const [label] = await shipping.shipments.createShipments(request);
    await fault({ path: SHIPMENT, method: "DELETE", malformed: true });
    const e = await shipping.shipments
      .voidOrRefund(label!, { email: "shipping@maple.example" })
      .catch((x) => x);
    expect(e).toBeInstanceOf(CanadaPostTransportError);
    expect((e as CanadaPostTransportError).reason).toBe("malformed");
    expect(held()).toHaveLength(1);
    expect((await records.ofOrder("order_lost"))[0]!.status).toBe("created");
  });

  it("records a void Canada Post did after the client stopped waiting as voided", async () => {
    const { shipping, records } = core("manifest");
    const [label] = await shipping.shipments.createShipments(request);
    await fault({ path: SHIPMENT, method: "DELETE", latencyMs: TIMEOUT_MS * 1.5 });
    const outcome = await shipping.shipments.voidOrRefund(label!, { email: "shipping@maple.example" });
    expect(outcome.status).toBe("voided");
    await settle(TIMEOUT_MS * 2);
    expect(held()).toHaveLength(0);
    expect((await records.ofOrder("order_lost"))[0]!.status).toBe("voided");
  });

  it("records a refund Canada Post took after the client stopped waiting, with its ticket", async () => {
    const { shipping, records } = core("transmit");
    const [label] = await shipping.shipments.createShipments(request);
    await fault({ path: `${SHIPMENT.slice(0, -1)}/refund$`, method: "POST", latencyMs: TIMEOUT_MS * 1.5 });
    const outcome = await shipping.shipments.voidOrRefund(label!, { email: "shipping@maple.example" });
    expect(outcome.status).toBe("refund_requested");
    expect(outcome.refund?.serviceTicketId).toBe(held()[0]!.refund?.serviceTicketId);
    await settle(TIMEOUT_MS * 2);
    expect((await records.ofOrder("order_lost"))[0]!.status).toBe("refund_requested");
  });

  it("records shipments Canada Post transmitted after the client stopped waiting, and says the answer was lost", async () => {
    const { shipping, records } = core("manifest");
    await shipping.shipments.createShipments(request);
    const waiting = await records.ofOrder("order_lost");
    const groups = shipping.manifests.waiting(waiting).map((g) => g.groupId);
    await fault({
      path: `^/rs/${CUSTOMER}/${CUSTOMER}/manifest$`,
      method: "POST",
      latencyMs: TIMEOUT_MS * 1.5,
    });
    const e = await shipping.manifests.transmit(groups, waiting).catch((x) => x);
    expect(e).toBeInstanceOf(ManifestAnswerLostError);
    expect((e as Error).message).toContain(groups[0]!);
    expect(held()[0]!.status).toBe("transmitted");
    expect((await records.ofOrder("order_lost"))[0]!.status).toBe("transmitted");
  });

  it("says plainly that nothing was transmitted when the groups still wait at Canada Post", async () => {
    const { shipping, records } = core("manifest");
    await shipping.shipments.createShipments(request);
    const waiting = await records.ofOrder("order_lost");
    const groups = shipping.manifests.waiting(waiting).map((g) => g.groupId);
    await fault({ path: `^/rs/${CUSTOMER}/${CUSTOMER}/manifest$`, method: "POST", hang: true });
    const e = await shipping.manifests.transmit(groups, waiting).catch((x) => x);
    expect(e).toBeInstanceOf(CanadaPostTransportError);
    expect((e as Error).message).toMatch(/still wait/);
    expect((await records.ofOrder("order_lost"))[0]!.status).toBe("created");
  });
});
