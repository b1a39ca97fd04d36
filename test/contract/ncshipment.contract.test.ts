import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  CanadaPostError,
  findLink,
  createNonContractShipment,
  sendCreateNonContractShipment,
  getNonContractShipment,
  getNonContractShipmentDetails,
  getNonContractShipmentLabel,
  getNonContractShipmentReceipt,
  getNonContractShipments,
  requestNonContractShipmentRefund,
} from "../../src/canada-post";
import { SHARED_SAMPLES_DIR } from "../support/xsd";
import { nonContractShipment, requestLog, resetSimulator, useSimulator } from "./support";

/** Non-contract shipping v4 of the real client against the simulator. */

const h = useSimulator();
beforeEach(() => resetSimulator(h.sim));

/** The simulator's clock as YYYYMMDDHHmm, shifted by minutes. */
const minute = (shiftMinutes: number) =>
  new Date(h.sim.clock.now().getTime() + shiftMinutes * 60_000)
    .toISOString()
    .replace(/[-T:]/g, "")
    .slice(0, 12);

describe("Non-contract shipments", () => {
  it("creates a shipment whose links give it back, its details, receipt and a PDF label", async () => {
    const s = await createNonContractShipment(h.ctx, nonContractShipment());
    expect(s.shipmentId).toMatch(/^\d+$/);
    expect(s.trackingPin).toMatch(/^\d{16}$/);
    expect(s.links.map((l) => l.rel)).toEqual(
      expect.arrayContaining(["self", "details", "receipt", "label", "refund"]),
    );

    expect(await getNonContractShipment(h.ctx, findLink(s.links, "self")!)).toEqual(s);
    expect((await getNonContractShipment(h.ctx, s.shipmentId)).trackingPin).toBe(s.trackingPin);

    const details = await getNonContractShipmentDetails(h.ctx, findLink(s.links, "details")!);
    expect(details.trackingPin).toBe(s.trackingPin);
    expect(details.deliverySpec.serviceCode).toBe("DOM.RP");
    expect(details.deliverySpec.destination.addressDetails.postalZipCode).toBe("M5V2T6");

    const receipt = await getNonContractShipmentReceipt(h.ctx, findLink(s.links, "receipt")!);
    expect(JSON.stringify(receipt)).toMatch(/chargeAmount/);

    const label = await getNonContractShipmentLabel(h.ctx, s);
    expect("data" in label && label.data.subarray(0, 4).toString("latin1")).toBe("%PDF");
  });

  it("lists shipments by time span and by tracking PIN", async () => {
    const s = await createNonContractShipment(h.ctx, nonContractShipment());
    const self = findLink(s.links, "self")!.href;
    expect(
      (await getNonContractShipments(h.ctx, { from: minute(-5), to: minute(5) })).map((l) => l.href),
    ).toEqual([self]);
    expect(
      (await getNonContractShipments(h.ctx, { trackingPin: s.trackingPin! })).map((l) => l.href),
    ).toEqual([self]);
    expect(await getNonContractShipments(h.ctx, { from: "200101010000", to: "200101020000" })).toEqual([]);
  });

  it("refunds once and answers 7292 to a second refund", async () => {
    const s = await createNonContractShipment(h.ctx, nonContractShipment());
    const refund = await requestNonContractShipmentRefund(
      h.ctx,
      findLink(s.links, "refund")!,
      "me@example.com",
    );
    expect(refund.serviceTicketId).toMatch(/^GT\d+$/);
    const again = await requestNonContractShipmentRefund(h.ctx, s.shipmentId, "me@example.com").catch(
      (e: unknown) => e,
    );
    expect(again).toBeInstanceOf(CanadaPostError);
    expect((again as CanadaPostError).status).toBe(409);
    expect((again as CanadaPostError).code).toBe("7292");
    expect((await requestLog(h.sim)).byOperation.RequestNCShipmentRefund).toBe(2);
  });

  it("refuses the captured non-contract sample, sent as-is, with a 400 <messages> envelope naming what is wrong", async () => {
    // The capture uses the old, unversioned namespace and the retired GIF reason: v4 refuses it.
    const body = readFileSync(join(SHARED_SAMPLES_DIR, "shipment_domestic.xml"), "utf8");
    const e = await sendCreateNonContractShipment(h.ctx, body).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(CanadaPostError);
    const refused = e as CanadaPostError;
    expect(refused.status).toBe(400);
    expect(refused.messages).toHaveLength(1);
    expect(refused.messages[0]!.description).toContain(
      "{http://www.canadapost.ca/ws/ncshipment}non-contract-shipment",
    );
    expect(h.sim.store.shipments.size).toBe(0);
    // In the v4 namespace the schema reads on, and names the capture's empty province and postal code.
    const v4 = await sendCreateNonContractShipment(
      h.ctx,
      body
        .replace('ws/ncshipment"', 'ws/ncshipment-v4"')
        .replace("<reason-for-export>GIF</reason-for-export>", "<reason-for-export>SOG</reason-for-export>"),
    ).catch((err: unknown) => err);
    expect(v4).toBeInstanceOf(CanadaPostError);
    const descriptions = (v4 as CanadaPostError).messages.map((m) => m.description).join("\n");
    expect(descriptions).toMatch(/prov-state/);
    expect(descriptions).toMatch(/postal-zip-code/);
  });
});
