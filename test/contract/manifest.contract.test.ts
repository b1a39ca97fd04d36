import {
  CanadaPostError,
  findLink,
  getGroups,
  getManifest,
  getManifestArtifact,
  getManifestDetails,
  getManifests,
  transmitShipments,
  createShipment,
  getShipment,
  getShipmentPrice,
} from "../../src/canada-post";
import {
  contractShipment,
  manifestAddress,
  requestLog,
  resetSimulator,
  simToday,
  useSimulator,
} from "./support";

/** Manifests of the real client against the simulator: groups, transmit, manifest, details, artifact. */

const h = useSimulator();
beforeEach(() => resetSimulator(h.sim));

const transmit = (groupIds: string[]) =>
  transmitShipments(h.ctx, {
    groupIds,
    requestedShippingPoint: "K2B 8J6",
    manifestAddress,
    customerReference: "EOD-1",
  });

describe("Transmit Shipments and manifests", () => {
  it("lists the groups holding created shipments, and empties them on transmit", async () => {
    await createShipment(h.ctx, contractShipment({ groupId: "monday" }));
    await createShipment(h.ctx, contractShipment({ groupId: "tuesday" }));
    const groups = await getGroups(h.ctx);
    expect(groups.map((g) => g.groupId).sort()).toEqual(["monday", "tuesday"]);
    expect(groups.find((g) => g.groupId === "monday")!.link.rel).toBe("group");

    await transmit(["monday"]);
    expect((await getGroups(h.ctx)).map((g) => g.groupId)).toEqual(["tuesday"]);
  });

  it("closes a group into a manifest that totals its shipments and transmits each of them", async () => {
    const a = await createShipment(h.ctx, contractShipment());
    const b = await createShipment(
      h.ctx,
      contractShipment({
        deliverySpec: { ...contractShipment().deliverySpec, parcelCharacteristics: { weight: 7 } },
      }),
    );
    const links = await transmit(["grp1"]);
    expect(links).toHaveLength(1);
    expect(links[0]!.rel).toBe("manifest");

    const manifest = await getManifest(h.ctx, links[0]!);
    expect(manifest.poNumber).toMatch(/^\d{10}$/);
    expect(manifest.links.map((l) => l.rel)).toEqual(["self", "details", "artifact"]);

    const details = await getManifestDetails(h.ctx, findLink(manifest.links, "details")!);
    expect(details.poNumber).toBe(manifest.poNumber);
    expect(details.mailedByCustomer).toBe("1234567");
    expect(details.manifestDate).toBe(simToday(h.sim));
    expect(details.customerRef).toBe("EOD-1");
    expect(details.manifestAddress.manifestCompany).toBe("CGI");
    const prices = await Promise.all([a, b].map((s) => getShipmentPrice(h.ctx, s)));
    const total = prices.reduce((t, p) => t + p.dueAmount, 0);
    expect(details.manifestPricingInfo.totalDueCpc).toBeCloseTo(total, 2);

    for (const s of [a, b]) {
      const now = await getShipment(h.ctx, s);
      expect(now.shipmentStatus).toBe("transmitted");
      expect(now.poNumber).toBe(manifest.poNumber);
    }

    const pdf = await getManifestArtifact(h.ctx, manifest);
    expect(pdf.mediaType).toBe("application/pdf");
    expect("data" in pdf && pdf.data.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  });

  it("finds the day's manifests by date, and reads one by its id", async () => {
    await createShipment(h.ctx, contractShipment());
    const [link] = await transmit(["grp1"]);
    const today = simToday(h.sim);
    expect(await getManifests(h.ctx, { start: today })).toEqual([link]);
    expect(await getManifests(h.ctx, { start: "2001-01-01", end: "2001-01-31" })).toEqual([]);
    const id = link!.href.split("/").pop()!;
    expect((await getManifest(h.ctx, id)).links[0]!.href).toBe(link!.href);
  });

  it("answers 7010 when a group has nothing left to transmit, and 404 for an unknown manifest", async () => {
    const e = await transmit(["empty"]).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CanadaPostError);
    expect((e as CanadaPostError).code).toBe("7010");
    const missing = await getManifest(h.ctx, "123456789").catch((x: unknown) => x);
    expect((missing as CanadaPostError).status).toBe(404);
    expect((await requestLog(h.sim)).byOperation).toEqual({ TransmitShipments: 1, GetManifest: 1 });
  });
});
