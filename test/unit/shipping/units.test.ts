import {
  dimensionUnit,
  fromCentimetres,
  fromKilograms,
  toCentimetres,
  toKilograms,
  weightUnit,
} from "../../../src/shipping/units";

describe("weights to kilograms", () => {
  it("uses exact factors", () => {
    expect(toKilograms(1500, "g")).toBe(1.5);
    expect(toKilograms(2, "kg")).toBe(2);
    expect(toKilograms(1, "lb")).toBe(0.45359237);
    expect(toKilograms(16, "oz")).toBeCloseTo(0.45359237, 12);
    expect(toKilograms(66.13867865, "lb")).toBeCloseTo(30, 6);
  });

  it("treats a value with no unit as kilograms", () => {
    expect(toKilograms(3)).toBe(3);
  });

  it("accepts common spellings and any case", () => {
    expect(weightUnit("LBS")).toBe("lb");
    expect(weightUnit(" Grams ")).toBe("g");
    expect(weightUnit("ounce")).toBe("oz");
    expect(toKilograms(1, "Pounds")).toBe(0.45359237);
  });

  it("refuses an unknown unit, listing the accepted ones", () => {
    expect(() => weightUnit("stone")).toThrow('Unknown weight unit "stone": use one of g, kg, lb, oz');
    expect(() => toKilograms(1, "tonne")).toThrow(/use one of g, kg, lb, oz/);
  });

  it("refuses negative and non-finite amounts", () => {
    expect(() => toKilograms(-1, "kg")).toThrow("A weight must be a finite number of at least 0, got -1");
    expect(() => toKilograms(Number.NaN, "kg")).toThrow(/got NaN/);
  });

  it("converts back for adapters", () => {
    expect(fromKilograms(0.45359237, "lb")).toBe(1);
    expect(fromKilograms(1.5, "g")).toBe(1500);
  });
});

describe("lengths to centimetres", () => {
  it("uses exact factors", () => {
    expect(toCentimetres(1, "in")).toBe(2.54);
    expect(toCentimetres(254, "mm")).toBeCloseTo(25.4, 12);
    expect(toCentimetres(12, "cm")).toBe(12);
    expect(toCentimetres(5)).toBe(5);
  });

  it("accepts spellings and refuses unknown units", () => {
    expect(dimensionUnit("Inches")).toBe("in");
    expect(dimensionUnit("millimeters")).toBe("mm");
    expect(() => dimensionUnit("ft")).toThrow('Unknown dimension unit "ft": use one of cm, mm, in');
    expect(() => toCentimetres(-2, "cm")).toThrow("A length must be a finite number of at least 0, got -2");
  });

  it("converts back for adapters", () => {
    expect(fromCentimetres(2.54, "in")).toBe(1);
    expect(fromCentimetres(2.5, "mm")).toBe(25);
  });
});
