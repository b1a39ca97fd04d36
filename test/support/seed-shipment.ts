import type { CreateShipmentInput } from "../../src/canada-post";

/** The seed's Create Shipment sample as client input: a group shipment Montreal → Ottawa. */
export function contractShipment(overrides: Partial<CreateShipmentInput> = {}): CreateShipmentInput {
  return {
    groupId: "grp1",
    requestedShippingPoint: "K2B8J6",
    deliverySpec: {
      serviceCode: "DOM.EP",
      sender: {
        name: "Bob",
        company: "CGI",
        contactPhone: "1 (450) 823-8432",
        addressDetails: {
          addressLine1: "502 MAIN ST N",
          city: "MONTREAL",
          provState: "QC",
          postalZipCode: "H2B1A0",
        },
      },
      destination: {
        name: "Jain",
        company: "CGI",
        addressDetails: {
          addressLine1: "23 jardin private",
          city: "Ottawa",
          provState: "ON",
          countryCode: "CA",
          postalZipCode: "K1K4T3",
        },
      },
      options: [{ code: "DC" }],
      parcelCharacteristics: { weight: 2.5, dimensions: { length: 30, width: 20, height: 10 } },
      notification: { email: "john.doe@example.com", onShipment: true, onDelivery: true },
      printPreferences: { outputFormat: "8.5x11" },
      references: { customerRef1: "ORDER-1001" },
    },
    ...overrides,
  };
}
