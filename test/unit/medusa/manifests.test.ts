import {
  manifestFileName,
  manifestRowOf,
  manifestView,
  modeNote,
  quoteComparisonView,
  waitingGroupView,
} from "../../../src/medusa/manifests";
import type { Parcel } from "../../../src/shipping/packing";

describe("waiting groups as the admin reads them", () => {
  it("puts the core's group in the admin's JSON", () => {
    expect(
      waitingGroupView({
        groupId: "20261121",
        shipmentCount: 3,
        orderIds: ["order_1", "order_2"],
        serviceCodes: ["DOM.EP"],
        oldestCreatedAt: "2026-11-21T09:30:00.000Z",
      }),
    ).toEqual({
      group_id: "20261121",
      shipment_count: 3,
      order_ids: ["order_1", "order_2"],
      service_codes: ["DOM.EP"],
      oldest_created_at: "2026-11-21T09:30:00.000Z",
    });
  });
});

describe("manifest rows and views", () => {
  const record = {
    groupIds: ["20261121"],
    manifestId: "1234567890",
    poNumber: "P123456789",
    links: [{ rel: "self", href: "https://cp.example/rs/1/1/manifest/1234567890", mediaType: "x" }],
    document: { location: "manifest-1234567890.pdf", mediaType: "application/pdf" },
  };

  it("keeps the PO number, groups, count, links and PDF location", () => {
    expect(manifestRowOf(record, 3)).toEqual({
      manifest_id: "1234567890",
      po_number: "P123456789",
      group_ids: ["20261121"],
      shipment_count: 3,
      document_location: "manifest-1234567890.pdf",
      document_media_type: "application/pdf",
      links: record.links,
      problem: null,
    });
  });

  it("keeps a manifest whose PDF could not be read, with why, and no PDF link", () => {
    const row = manifestRowOf({ ...record, document: undefined, poNumber: undefined, problem: "timeout" }, 1);
    expect(row).toMatchObject({ po_number: null, document_location: null, problem: "timeout" });
    expect(manifestView({ ...row, id: "cpman_2" }, "http://localhost:9000").pdf_url).toBeNull();
  });

  it("links the stored PDF through the admin route", () => {
    const view = manifestView(
      { ...manifestRowOf(record, 2), id: "cpman_1", created_at: new Date("2026-11-21T22:00:00Z") },
      "http://localhost:9000",
    );
    expect(view).toEqual({
      id: "cpman_1",
      manifest_id: "1234567890",
      po_number: "P123456789",
      group_ids: ["20261121"],
      shipment_count: 2,
      created_at: "2026-11-21T22:00:00.000Z",
      pdf_url: "http://localhost:9000/admin/canada-post/manifests/cpman_1/pdf",
      problem: null,
    });
    expect(manifestFileName({ po_number: "P12/34", manifest_id: "9" })).toBe("manifest-P12_34.pdf");
    expect(manifestFileName({ po_number: null, manifest_id: "9" })).toBe("manifest-9.pdf");
  });

  it("says only manifest mode has something to close at end of day", () => {
    expect(modeNote("manifest")).toMatch(/transmit it at end of day/);
    expect(modeNote("transmit")).toMatch(/transmitted one by one.*nothing to close/);
    expect(modeNote("noncontract")).toMatch(/nothing to close/);
  });
});

describe("rate comparison before buying", () => {
  const parcel: Parcel = {
    id: "p1",
    box: "Small box",
    dimensions: { length: 30, width: 20, height: 10 },
    weight: 1.25,
    volumetricWeight: 1,
    items: [{ lineId: "item_1", quantity: 2 }],
    value: 20,
  };
  const method = { id: "ordsm_1", name: "Expedited Parcel", service_code: "DOM.EP", amount: 14.5 };

  it("puts the core's comparison in the admin's JSON", () => {
    const c = quoteComparisonView({
      orderId: "order_1",
      currencyCode: "cad",
      method,
      comparison: {
        serviceCode: "DOM.EP",
        charged: 14.5,
        parcels: [parcel],
        current: { amount: 16.27, due: 16.27, source: "canada-post", transitDays: 2 },
        difference: 1.77,
        reason: null,
      },
      hasShipment: false,
    });
    expect(c).toEqual({
      order_id: "order_1",
      currency_code: "cad",
      shipping_method: method,
      parcels: [
        {
          dimensions: { length: 30, width: 20, height: 10 },
          weight: 1.25,
          volumetric_weight: 1,
          box: "Small box",
        },
      ],
      current: { amount: 16.27, due: 16.27, source: "canada-post", transit_days: 2 },
      difference: 1.77,
      reason: null,
      has_canada_post_shipment: false,
    });
    const none = quoteComparisonView({
      orderId: "order_1",
      currencyCode: "cad",
      method,
      comparison: {
        serviceCode: "DOM.EP",
        charged: 14.5,
        parcels: [],
        current: null,
        difference: null,
        reason: "9111: no service",
      },
      hasShipment: true,
    });
    expect(none).toMatchObject({
      current: null,
      difference: null,
      reason: "9111: no service",
      has_canada_post_shipment: true,
    });
  });
});
