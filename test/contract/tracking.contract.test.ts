import {
  CanadaPostError,
  CanadaPostInputError,
  createShipment,
  getDeliveryConfirmationCertificate,
  getSignatureImage,
  getTrackingDetails,
  getTrackingSummary,
} from "../../src/canada-post";
import {
  advanceClock,
  contractShipment,
  requestLog,
  resetSimulator,
  simToday,
  useSimulator,
} from "./support";

/** Tracking v2 of the real client against the simulator, whose parcels move as its clock advances. */

const h = useSimulator();
beforeEach(() => resetSimulator(h.sim));

const DELIVERED_WITH_SIGNATURE = "1371134583769923";
const DNC = "315052413796541";
const transmitted = (customerRequestId?: string) =>
  createShipment(h.ctx, contractShipment({ groupId: undefined, transmitShipment: true, customerRequestId }));

describe("Tracking a created shipment", () => {
  it("moves from induction to delivery as the simulator's clock advances, summary and details agreeing", async () => {
    const s = await transmitted();
    const pin = s.trackingPin!;
    const [first] = await getTrackingSummary(h.ctx, { pin });
    expect(first!.pin).toBe(pin);
    expect(first!.eventType).toBe("INDUCTION");
    expect(first!.actualDeliveryDate).toBeUndefined();
    expect(first!.customerRef1).toBe("ORDER-1001");

    const seen = [first!.eventType];
    for (let day = 0; day < 10 && seen[seen.length - 1] !== "DELIVERED"; day++) {
      await advanceClock(h.sim, { advanceDays: 1 });
      const [now] = await getTrackingSummary(h.ctx, { pin });
      if (now!.eventType !== seen[seen.length - 1]) seen.push(now!.eventType);
    }
    expect(seen[seen.length - 1]).toBe("DELIVERED");
    expect(seen.length).toBeGreaterThan(1);

    const [summary] = await getTrackingSummary(h.ctx, { pin });
    const details = await getTrackingDetails(h.ctx, { pin });
    expect(details.pin).toBe(pin);
    // Most recent first: delivered (1496) on top, the electronic notice (3000) at the bottom.
    expect(details.significantEvents[0]!.eventIdentifier).toBe("1496");
    expect(details.significantEvents.at(-1)!.eventIdentifier).toBe("3000");
    expect(summary!.actualDeliveryDate).toBe(details.significantEvents[0]!.eventDate);
    expect(details.mailedByCustomerNumber).toBe("1234567");
  });

  it("shows only the electronic notice for a shipment not transmitted yet", async () => {
    const s = await createShipment(h.ctx, contractShipment());
    await advanceClock(h.sim, { advanceDays: 5 });
    const details = await getTrackingDetails(h.ctx, { pin: s.trackingPin! });
    expect(details.significantEvents.map((e) => e.eventIdentifier)).toEqual(["3000"]);
  });

  it("finds shipments by reference number and mailing dates", async () => {
    const s = await transmitted();
    // A mailing date is the sender's local date (Montréal), which is the UTC date or the day before it: every
    // evening in Canada it is already tomorrow in UTC. The search spans both.
    const today = simToday(h.sim);
    const yesterday = new Date(h.sim.clock.now().getTime() - 86_400_000).toISOString().slice(0, 10);
    const found = await getTrackingSummary(h.ctx, {
      referenceNumber: "ORDER-1001",
      mailingDateFrom: yesterday,
      mailingDateTo: today,
      destinationPostalCode: "K1K 4T3",
    });
    expect(found.map((x) => x.pin)).toEqual([s.trackingPin]);
    const none = await getTrackingSummary(h.ctx, {
      referenceNumber: "ORDER-9999",
      mailingDateFrom: yesterday,
      mailingDateTo: today,
    }).catch((e: unknown) => e);
    expect((none as CanadaPostError).code).toBe("004");
  });

  it("refuses a reference search missing its dates before sending (Canada Post's 006)", async () => {
    const e = await getTrackingSummary(h.ctx, {
      referenceNumber: "ORDER-1001",
      mailingDateFrom: simToday(h.sim),
    } as never).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CanadaPostInputError);
    expect((e as Error).message).toMatch(/mailingDateTo/);
    expect((e as Error).message).toMatch(/006/);
    expect((await requestLog(h.sim)).total).toBe(0);
  });

  it("answers 004 No Pin History for an unknown PIN", async () => {
    const e = await getTrackingDetails(h.ctx, { pin: "9999999999999999" }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CanadaPostError);
    expect((e as CanadaPostError).status).toBe(404);
    expect((e as CanadaPostError).messages).toEqual([{ code: "004", description: "No Pin History" }]);
  });

  it("gives the delivery certificate only once delivered: 007 before, a PDF after", async () => {
    const s = await transmitted();
    const pin = s.trackingPin!;
    const before = await getDeliveryConfirmationCertificate(h.ctx, { pin });
    expect(before).toEqual({
      available: false,
      code: "007",
      description: "No Delivery Information Available",
    });
    await advanceClock(h.sim, { advanceDays: 14 });
    const after = await getDeliveryConfirmationCertificate(h.ctx, { pin });
    expect(after.available).toBe(true);
    expect(after.available && after.pdf.subarray(0, 4).toString("latin1")).toBe("%PDF");
    // No signature option was bought: no image, as a normal outcome.
    expect(await getSignatureImage(h.ctx, { pin })).toMatchObject({ available: false, code: "003" });
  });
});

describe("Canada Post's demo parcels", () => {
  it("finds the parcel of a delivery notice card, with the attempted delivery in its events", async () => {
    const [summary] = await getTrackingSummary(h.ctx, { dnc: DNC });
    expect(summary!.pin).toBe("1680678172650919");
    expect(summary!.eventType).toBe("DELIVERED");
    expect(summary!.attemptedDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const details = await getTrackingDetails(h.ctx, { dnc: DNC });
    expect(details.significantEvents.map((e) => e.eventIdentifier)).toContain("1415");
  });

  it("gives the signature image of a delivered, signed parcel as a JPEG", async () => {
    const image = await getSignatureImage(h.ctx, { pin: DELIVERED_WITH_SIGNATURE });
    expect(image.available).toBe(true);
    if (!image.available) return;
    expect(image.mimeType).toBe("image/jpeg");
    expect([...image.image.subarray(0, 2)]).toEqual([0xff, 0xd8]);
    const details = await getTrackingDetails(h.ctx, { pin: DELIVERED_WITH_SIGNATURE });
    expect(details.signatureImageExists).toBe(true);
    expect(details.deliveryOptions.map((o) => o.deliveryOption)).toEqual(["CH_SGN_OPTION"]);
  });

  it("answers in French with lang fr", async () => {
    const fr = await getTrackingDetails(h.ctx, { pin: DELIVERED_WITH_SIGNATURE }, { lang: "fr" });
    expect(fr.significantEvents[0]!.eventDescription).toBe("Article livré avec succès");
    const en = await getTrackingDetails(h.ctx, { pin: DELIVERED_WITH_SIGNATURE });
    expect(en.significantEvents[0]!.eventDescription).toBe("Item successfully delivered");
  });
});
