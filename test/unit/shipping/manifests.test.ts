import {
  checkGroupsToTransmit,
  isWaiting,
  ManifestRequestError,
  waitingGroups,
} from "../../../src/shipping/manifests";
import type { ShipmentRecord } from "../../../src/shipping/shipments";

function row(over: Partial<ShipmentRecord>): ShipmentRecord {
  return {
    orderId: "order_1",
    fulfillmentId: "ful_1",
    parcelId: "p1",
    parcelIndex: 0,
    customerRequestId: "cp-1-p1",
    shipmentId: "340531309186521749",
    trackingPin: "7023210039414604",
    serviceCode: "DOM.EP",
    mode: "manifest",
    groupId: "20261121",
    status: "created",
    links: [],
    createdAt: "2026-11-21T15:00:00.000Z",
    ...over,
  };
}

describe("waiting groups", () => {
  it("counts the created manifest-mode shipments per group, with their orders and services", () => {
    const groups = waitingGroups([
      row({ groupId: "20261121", orderId: "order_1", createdAt: "2026-11-21T16:00:00Z" }),
      row({ groupId: "20261121", orderId: "order_1", serviceCode: "DOM.XP" }),
      row({ groupId: "20261121", orderId: "order_2", createdAt: "2026-11-21T09:30:00Z" }),
      row({ groupId: "20261120", orderId: "order_3" }),
    ]);
    expect(groups).toEqual([
      {
        groupId: "20261120",
        shipmentCount: 1,
        orderIds: ["order_3"],
        serviceCodes: ["DOM.EP"],
        oldestCreatedAt: "2026-11-21T15:00:00.000Z",
      },
      {
        groupId: "20261121",
        shipmentCount: 3,
        orderIds: ["order_1", "order_2"],
        serviceCodes: ["DOM.EP", "DOM.XP"],
        oldestCreatedAt: "2026-11-21T09:30:00.000Z",
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
        row({ mode: "transmit", groupId: undefined }),
        row({ groupId: undefined }),
      ]),
    ).toEqual([]);
  });

  it("accepts only groups that wait, and names the others", () => {
    const waiting = waitingGroups([row({ groupId: "20261121" }), row({ groupId: "20261120" })]);
    expect(checkGroupsToTransmit([" 20261121 ", "20261121"], waiting)).toEqual(["20261121"]);
    expect(() => checkGroupsToTransmit(["20261121", "old", "gone"], waiting)).toThrow(
      /No shipment waits for transmit in groups old, gone/,
    );
    expect(() => checkGroupsToTransmit(["  "], waiting)).toThrow(ManifestRequestError);
    expect(() => checkGroupsToTransmit([], waiting)).toThrow(/at least one group/);
  });
});
