import {
  checkGroupsToTransmit,
  isWaiting,
  ManifestRequestError,
  manifestFileName,
  manifestRowOf,
  manifestView,
  modeNote,
  quoteComparisonOf,
  waitingGroups,
} from "../../../src/medusa/manifests";
import type { ShipmentRow } from "../../../src/medusa/records";
import type { Parcel } from "../../../src/shipping/packing";

function row(over: Partial<ShipmentRow>): ShipmentRow {
  return {
    id: "cpship_1",
    order_id: "order_1",
    fulfillment_id: "ful_1",
    shipment_id: "340531309186521749",
    customer_request_id: null,
    tracking_pin: "7023210039414604",
    service_code: "DOM.EP",
    mode: "manifest",
    group_id: "20261121",
    status: "created",
    parcel_index: 0,
    parcel: {},
    price: null,
    label_location: null,
    label_media_type: null,
    links: null,
    refund: null,
    tracking_status: null,
    tracking_events: null,
    expected_delivery_date: null,
    actual_delivery_date: null,
    tracked_at: null,
    created_at: "2026-11-21T15:00:00.000Z",
    ...over,
  };
}

describe("waiting groups", () => {
  it("counts the created manifest-mode shipments per group, with their orders and services", () => {
    const groups = waitingGroups([
      row({
        id: "a",
        group_id: "20261121",
        order_id: "order_1",
        created_at: new Date("2026-11-21T16:00:00Z"),
      }),
      row({ id: "b", group_id: "20261121", order_id: "order_1", service_code: "DOM.XP" }),
      row({ id: "c", group_id: "20261121", order_id: "order_2", created_at: "2026-11-21T09:30:00Z" }),
      row({ id: "d", group_id: "20261120", order_id: "order_3" }),
    ]);
    expect(groups).toEqual([
      {
        group_id: "20261120",
        shipment_count: 1,
        order_ids: ["order_3"],
        service_codes: ["DOM.EP"],
        oldest_created_at: "2026-11-21T15:00:00.000Z",
      },
      {
        group_id: "20261121",
        shipment_count: 3,
        order_ids: ["order_1", "order_2"],
        service_codes: ["DOM.EP", "DOM.XP"],
        oldest_created_at: "2026-11-21T09:30:00.000Z",
      },
    ]);
  });

  it("leaves out transmitted, voided, transmit-mode and groupless shipments", () => {
    expect(isWaiting(row({}))).toBe(true);
    expect(
      waitingGroups([
        row({ status: "transmitted" }),
        row({ status: "voided" }),
        row({ status: "refund_requested" }),
        row({ mode: "transmit", group_id: null }),
        row({ group_id: null }),
      ]),
    ).toEqual([]);
  });

  it("accepts only groups that wait, and names the others", () => {
    const waiting = waitingGroups([row({ group_id: "20261121" }), row({ group_id: "20261120" })]);
    expect(checkGroupsToTransmit([" 20261121 ", "20261121"], waiting)).toEqual(["20261121"]);
    expect(() => checkGroupsToTransmit(["20261121", "old", "gone"], waiting)).toThrow(
      /No shipment waits for transmit in groups old, gone/,
    );
    expect(() => checkGroupsToTransmit(["  "], waiting)).toThrow(ManifestRequestError);
    expect(() => checkGroupsToTransmit([], waiting)).toThrow(/at least one group/);
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

  it("gives the parcels, the price now and how much more (or less) it is than checkout", () => {
    const c = quoteComparisonOf({
      orderId: "order_1",
      currencyCode: "cad",
      method,
      parcels: [parcel],
      rate: { amount: 16.27, breakdown: { due: 16.27 }, transitDays: 2 },
      source: "canada-post",
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
  });

  it("says why when Canada Post gives no price for the service", () => {
    const c = quoteComparisonOf({
      orderId: "order_1",
      currencyCode: "cad",
      method,
      parcels: [parcel],
      source: "canada-post",
      reason: "9111: no service",
      hasShipment: true,
    });
    expect(c.current).toBeNull();
    expect(c.difference).toBeNull();
    expect(c.reason).toBe("9111: no service");
    expect(c.has_canada_post_shipment).toBe(true);
    expect(
      quoteComparisonOf({
        orderId: "o",
        currencyCode: "cad",
        method,
        parcels: [],
        source: "fallback",
        hasShipment: false,
      }).reason,
    ).toMatch(/no price for DOM.EP/);
  });
});
