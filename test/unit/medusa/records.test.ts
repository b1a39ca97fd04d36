import {
  adminShipmentView,
  labelFileName,
  missingRows,
  recordOf,
  rowOf,
  recordUpdateOf,
  storeShipmentView,
  trackingUpdateOf,
  type ShipmentRow,
} from "../../../src/medusa/records";
import type { ShipmentRecord } from "../../../src/shipping/shipments";
import type { Tracking } from "../../../src/shipping/tracking";

const record = (i: number, over: Partial<ShipmentRecord> = {}): ShipmentRecord => ({
  orderId: "order_1",
  fulfillmentId: "ful_1",
  parcelId: `parcel-${i}`,
  parcelIndex: i,
  customerRequestId: `crid-${i}`,
  shipmentId: `34000000000000000${i}`,
  trackingPin: `12345678901234${i}`,
  serviceCode: "DOM.EP",
  status: "created",
  price: { due: 22.6, base: 20, taxes: 2.6 },
  label: { location: `ful_1-${i}.pdf`, mediaType: "application/pdf" },
  links: [
    {
      rel: "self",
      href: "https://ct.soa-gw.canadapost.ca/rs/1/shipment/1",
      mediaType: "application/vnd.cpc.shipment-v8+xml",
    },
  ],
  createdAt: "2026-01-02T03:04:05.000Z",
  groupId: "20260102",
  mode: "transmit",
  ...over,
});

const stored = (r: ShipmentRecord, over: Partial<ShipmentRow> = {}): ShipmentRow => ({
  id: `cpship_${r.parcelIndex}`,
  ...rowOf(r),
  created_at: new Date(r.createdAt),
  ...over,
});

describe("rowOf / recordOf", () => {
  it("maps every field of a ShipmentRecord to its column", () => {
    const row = rowOf(record(0));
    expect(row).toMatchObject({
      order_id: "order_1",
      fulfillment_id: "ful_1",
      shipment_id: "340000000000000000",
      customer_request_id: "crid-0",
      tracking_pin: "123456789012340",
      service_code: "DOM.EP",
      mode: "transmit",
      group_id: "20260102",
      status: "created",
      parcel_index: 0,
      parcel: { id: "parcel-0", index: 0 },
      price: { due: 22.6, base: 20, taxes: 2.6 },
      label_location: "ful_1-0.pdf",
      label_media_type: "application/pdf",
      tracking_status: null,
      tracked_at: null,
    });
    expect(row.links).toHaveLength(1);
  });

  it("takes the event's order id for a return label, whose record has none", () => {
    expect(rowOf(record(0, { orderId: "" }), "order_9").order_id).toBe("order_9");
  });

  it("keeps absent optional parts as null and reads them back as absent", () => {
    const r = record(1, {
      trackingPin: undefined,
      label: undefined,
      price: undefined,
      groupId: undefined,
      mode: "noncontract",
    });
    const row = rowOf(r);
    expect(row).toMatchObject({ tracking_pin: "", label_location: null, price: null, group_id: null });
    const back = recordOf(stored(r));
    expect(back.trackingPin).toBeUndefined();
    expect(back.label).toBeUndefined();
    expect(back.groupId).toBeUndefined();
  });

  it("round-trips a record (what void-or-refund needs: id, links, mode, status, refund)", () => {
    const r = record(2, {
      status: "refund_requested",
      refund: { serviceTicketId: "T1", serviceTicketDate: "2026-01-03" },
    });
    expect(recordOf(stored(r))).toEqual(r);
  });

  it("reads an unknown stored status as created, so void-or-refund is still tried", () => {
    expect(recordOf(stored(record(0), { status: "weird" })).status).toBe("created");
  });
});

describe("missingRows", () => {
  it("returns only the parcels not yet recorded for the fulfillment", () => {
    const rows = missingRows(
      [record(0), record(1), record(2)],
      [{ fulfillment_id: "ful_1", parcel_index: 1 }],
    );
    expect(rows.map((r) => r.parcel_index)).toEqual([0, 2]);
  });

  it("returns nothing when a retried event finds every parcel recorded", () => {
    const existing = [0, 1].map((i) => ({ fulfillment_id: "ful_1", parcel_index: i }));
    expect(missingRows([record(0), record(1)], existing)).toEqual([]);
  });

  it("keeps the packed parcel (box, dimensions, weights) of each shipment when the provider gave them", () => {
    const parcel = {
      id: "pcl_b",
      box: "Medium",
      dimensions: { length: 40, width: 30, height: 20 },
      weight: 3.2,
      volumetricWeight: 4.8,
      items: [{ lineId: "item_1", quantity: 2 }],
      value: 36,
    };
    const [row] = missingRows([record(1)], [], undefined, [undefined as never, parcel]);
    expect(row!.parcel).toEqual({ ...parcel, index: 1 });
    // The parcel the core kept on the record itself comes first.
    expect(rowOf(record(2, { parcel }), "order_1").parcel).toEqual({ ...parcel, index: 2 });
    expect(recordOf({ ...stored(record(2, { parcel })), id: "cpship_x" }).parcel).toEqual(parcel);
    expect(missingRows([record(0)], [])[0]!.parcel).toEqual({ id: expect.any(String), index: 0 });
  });

  it("does not confuse the same parcel index of another fulfillment", () => {
    expect(missingRows([record(0)], [{ fulfillment_id: "ful_2", parcel_index: 0 }])).toHaveLength(1);
  });
});

describe("updates", () => {
  it("recordUpdateOf carries the outcome, the refund ticket, the label and price, and nothing of tracking or order", () => {
    const voided = recordUpdateOf(record(0, { status: "voided" }));
    expect(voided).toEqual({
      status: "voided",
      refund: null,
      price: { due: 22.6, base: 20, taxes: 2.6 },
      label_location: "ful_1-0.pdf",
      label_media_type: "application/pdf",
      links: record(0).links,
      group_id: "20260102",
    });
    expect(
      recordUpdateOf(record(0, { status: "refund_requested", refund: { serviceTicketId: "9" } })),
    ).toMatchObject({
      status: "refund_requested",
      refund: { serviceTicketId: "9" },
    });
    expect(Object.keys(voided)).not.toContain("order_id");
    expect(Object.keys(voided)).not.toContain("tracking_status");
  });

  it("trackingUpdateOf stores status, events, dates and when", () => {
    const now = new Date("2026-01-05T10:00:00Z");
    const event = { code: "1496", description: "Delivered", occurredAt: "2026-01-05T09:00:00-05:00" };
    const tracking: Tracking = {
      pin: "1",
      status: "delivered",
      events: [event],
      expectedDeliveryDate: "2026-01-05",
      actualDeliveryDate: "2026-01-05",
    };
    expect(trackingUpdateOf(tracking, now)).toEqual({
      tracking_status: "delivered",
      tracking_events: [event],
      expected_delivery_date: "2026-01-05",
      actual_delivery_date: "2026-01-05",
      tracked_at: now,
    });
    expect(
      trackingUpdateOf({ pin: "1", status: "pre_transit", events: [] }, now).expected_delivery_date,
    ).toBeNull();
  });
});

describe("labelFileName", () => {
  it("names the file after the PIN with the media type's extension", () => {
    expect(labelFileName({ tracking_pin: "1234567890123", shipment_id: "3" }, "application/pdf")).toBe(
      "label-1234567890123.pdf",
    );
    expect(
      labelFileName({ tracking_pin: "1234567890123", shipment_id: "3" }, "application/zpl; charset=x"),
    ).toBe("label-1234567890123.zpl");
  });
  it("falls back to the shipment id and strips anything unsafe for a header", () => {
    expect(labelFileName({ tracking_pin: "", shipment_id: 'a"b/c' }, "application/pdf")).toBe(
      "label-abc.pdf",
    );
  });
});

describe("views", () => {
  it("admin view: label URL the provider also uses, tracking URL, price and tracking", () => {
    const v = adminShipmentView(stored(record(0)), "http://localhost:9000", "fr");
    expect(v.label_url).toBe("http://localhost:9000/admin/canada-post/shipments/340000000000000000/label");
    expect(v.tracking_url).toContain("/track-reperage/fr#/details/123456789012340");
    expect(v.price).toEqual({ due: 22.6, base: 20, taxes: 2.6 });
    expect(v.tracking).toEqual({
      status: null,
      expected_delivery_date: null,
      actual_delivery_date: null,
      events: [],
      tracked_at: null,
    });
    expect(v.created_at).toBe("2026-01-02T03:04:05.000Z");
  });

  it("admin view: no label URL when no label is stored", () => {
    expect(adminShipmentView(stored(record(0, { label: undefined })), "http://x").label_url).toBeNull();
  });

  it("store view shows tracking only: no label, price, links or Canada Post ids", () => {
    const row = stored(record(0), {
      tracking_status: "in_transit",
      expected_delivery_date: "2026-01-06",
      tracked_at: new Date("2026-01-05T10:00:00Z"),
    });
    const v = storeShipmentView(row);
    expect(v).toEqual({
      tracking_pin: "123456789012340",
      tracking_url: "https://www.canadapost-postescanada.ca/track-reperage/en#/details/123456789012340",
      service_code: "DOM.EP",
      status: "created",
      tracking_status: "in_transit",
      expected_delivery_date: "2026-01-06",
      actual_delivery_date: null,
      events: [],
      tracked_at: "2026-01-05T10:00:00.000Z",
    });
    expect(JSON.stringify(v)).not.toMatch(/label|price|shipment_id|customer_request/);
  });
});
