import { buildCreateShipmentRequest } from "../../../src/canada-post";
import {
  CUSTOMS_LIMITS,
  CustomsError,
  customsFor,
  toCad,
  type OrderLine,
} from "../../../src/shipping/customs";
import { xsdErrors } from "../../support/xsd";

const shirt: OrderLine = {
  id: "line-1",
  sku: "TSHIRT-BLUE-LARGE-2024",
  title: "Organic cotton T-shirt, blue, large, with a very long marketing name",
  quantity: 3,
  unitValue: 29.2,
  currency: "USD",
  hsCode: "6109.10",
  originCountry: "ca",
  unitWeightKg: 0.2004,
};
const mug: OrderLine = { id: "line-2", title: "Mug", quantity: 1, unitValue: 10, unitWeightKg: 0.35 };
const parcel = {
  id: "p1",
  items: [
    { lineId: "line-1", quantity: 2 },
    { lineId: "line-2", quantity: 1 },
    { lineId: "line-1", quantity: 1 },
  ],
};
const usd = { currency: "usd", conversionFromCad: 0.73, provinceOfOrigin: "on" };

describe("customsFor", () => {
  it("declares one item per line in the parcel, values converted to CAD, sale of goods", () => {
    const c = customsFor(parcel, [shirt, mug], usd);
    expect(c).toMatchObject({ currency: "USD", conversionFromCad: 0.73, reasonForExport: "SOG" });
    expect(c.skuList).toHaveLength(2);
    const [first, second] = c.skuList;
    expect(first).toEqual({
      customsNumberOfUnits: 3,
      customsDescription: "Organic cotton T-shirt, blue, large, with a",
      sku: "TSHIRT-BLUE-LAR",
      hsTariffCode: "6109.10",
      unitWeight: 0.2,
      customsValuePerUnit: 40,
      countryOfOrigin: "CA",
      provinceOfOrigin: "ON",
    });
    expect(first!.customsDescription.length).toBeLessThanOrEqual(CUSTOMS_LIMITS.description);
    expect(second).toMatchObject({ customsNumberOfUnits: 1, customsValuePerUnit: 13.7, sku: undefined });
  });

  it("leaves out the rate for CAD orders", () => {
    const c = customsFor({ id: "p", items: [{ lineId: "line-2", quantity: 2 }] }, [mug], { currency: "CAD" });
    expect(c.conversionFromCad).toBeUndefined();
    expect(c.skuList[0]!.customsValuePerUnit).toBe(10);
  });

  it("builds a Create Shipment document valid against shipment.xsd", async () => {
    const customs = customsFor(parcel, [shirt, mug], usd);
    const xml = buildCreateShipmentRequest({
      transmitShipment: true,
      requestedShippingPoint: "K2B8J6",
      deliverySpec: {
        serviceCode: "USA.EP",
        sender: {
          company: "Shop",
          contactPhone: "613-555-0100",
          addressDetails: {
            addressLine1: "1 Main St",
            city: "Ottawa",
            provState: "ON",
            postalZipCode: "K2B8J6",
          },
        },
        destination: {
          name: "Pat",
          clientVoiceNumber: "212-555-0100",
          addressDetails: {
            addressLine1: "350 5th Ave",
            city: "New York",
            provState: "NY",
            countryCode: "US",
            postalZipCode: "10118",
          },
        },
        parcelCharacteristics: { weight: 1.2 },
        customs,
      },
    });
    expect(xml).toContain("<conversion-from-cad>0.73</conversion-from-cad>");
    expect(await xsdErrors(xml, "shipment.xsd")).toEqual([]);
  });

  it("asks for a rate when the order is not in CAD", () => {
    expect(() => customsFor(parcel, [shirt, mug], { currency: "USD" })).toThrow(
      /the order is in USD.*give the store a rate for USD \(settings\.currencies\.USD/,
    );
    expect(() => toCad(10, "EUR", undefined)).toThrow(CustomsError);
    expect(toCad(10, "EUR", 0.5)).toBe(20);
    expect(() => toCad(10, "EUR", 0)).toThrow(/more than 0/);
  });

  it("names the line at fault", () => {
    const bad = (line: Partial<OrderLine>, opts: object = usd) => {
      try {
        customsFor({ id: "p", items: [{ lineId: "x", quantity: 1 }] }, [{ ...shirt, id: "x", ...line }], {
          ...usd,
          ...opts,
        });
      } catch (e) {
        expect(e).toBeInstanceOf(CustomsError);
        expect((e as CustomsError).lineId).toBe("x");
        return (e as Error).message;
      }
      throw new Error("expected a CustomsError");
    };
    expect(bad({ unitValue: 0 })).toMatch(/line "x".*value per unit above 0/);
    expect(bad({ unitWeightKg: 0 })).toMatch(/weight of one unit/);
    expect(bad({ unitWeightKg: 120 })).toMatch(/99.999 kg/);
    expect(bad({ title: "   " })).toMatch(/description/);
    expect(bad({ hsCode: "61-09" })).toMatch(/HS code "61-09"/);
    expect(bad({ originCountry: "Canada" })).toMatch(/2-letter/);
    expect(bad({ currency: "EUR" })).toMatch(/EUR differs from the order's USD/);
    expect(bad({ unitValue: 80000 })).toMatch(/over Canada Post's 99999.99/);
    expect(bad({}, { provinceOfOrigin: undefined })).toMatch(/province of origin/);
  });

  it("refuses lines that are not in the order, too many units and too many lines", () => {
    expect(() => customsFor({ id: "p", items: [{ lineId: "nope", quantity: 1 }] }, [mug], usd)).toThrow(
      /"nope", which is not among the order lines/,
    );
    expect(() => customsFor({ id: "p", items: [{ lineId: "line-2", quantity: 10000 }] }, [mug], usd)).toThrow(
      /at most 9999 per line/,
    );
    const many = Array.from({ length: 501 }, (_, i) => ({ ...mug, id: `l${i}` }));
    expect(() =>
      customsFor({ id: "big", items: many.map((l) => ({ lineId: l.id, quantity: 1 })) }, many, usd),
    ).toThrow(/501 different lines.*at most 500/);
    expect(() => customsFor({ id: "empty", items: [] }, [mug], usd)).toThrow(/holds no items/);
  });
});
