import { ShipmentRequestError } from "../../../src/shipping/shipment-record";
import { parseShipmentRequest, type ShipmentRequest } from "../../../src/shipping/shipment-request";

/** What a platform asks the core to buy is checked once, naming every field at fault, before Canada Post. */
const request = (destination: Partial<ShipmentRequest["destination"]> = {}): ShipmentRequest => ({
  orderId: "order_1",
  fulfillmentId: "ful_1",
  serviceCode: "DOM.EP",
  destination: {
    name: "Jane Doe",
    addressLine1: "23 Maple Road",
    city: "Ottawa",
    province: "on",
    country: "ca",
    postalCode: "K1A 0B1",
    ...destination,
  },
  parcels: [
    {
      id: "p1",
      dimensions: { length: 30, width: 20, height: 10 },
      weight: 1.5,
      volumetricWeight: 1.2,
      items: [{ lineId: "line_1", quantity: 1 }],
      value: 40,
    },
  ],
  orderValue: 40,
});

function refusal(r: ShipmentRequest): string {
  try {
    parseShipmentRequest(r);
  } catch (e) {
    expect(e).toBeInstanceOf(ShipmentRequestError);
    return (e as Error).message;
  }
  throw new Error("the request was accepted");
}

describe("parseShipmentRequest", () => {
  it("accepts a domestic request, upper-casing the province and country", () => {
    const parsed = parseShipmentRequest(request());
    expect(parsed.destination).toMatchObject({ province: "ON", country: "CA", name: "Jane Doe" });
    expect(parsed.currency).toBe("CAD");
  });

  it("refuses a required field made only of characters the request cannot carry, naming it", () => {
    // "\u0001\u0007 " would be dropped from the XML, leaving Canada Post a shipment with no recipient name.
    expect(refusal(request({ name: "\u0001\u0007 " }))).toBe(
      "invalid shipment request: destination.name: destination.name must not be empty",
    );
    expect(refusal(request({ city: "\u0000", addressLine1: "  " }))).toBe(
      "invalid shipment request: destination.addressLine1: destination.addressLine1 must not be empty; " +
        "destination.city: destination.city must not be empty",
    );
  });

  it("keeps a name's letters and drops only what XML cannot carry", () => {
    expect(parseShipmentRequest(request({ name: " Zoë\u0001 Tremblay " })).destination.name).toBe(
      "Zoë Tremblay",
    );
  });

  it("refuses a service that does not go to the destination's country, saying which does", () => {
    expect(refusal({ ...request({ country: "US", province: "NY", postalCode: "10001" }) })).toMatch(
      /^serviceCode DOM\.EP does not go to US: use /,
    );
  });
});
