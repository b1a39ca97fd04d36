/**
 * The customs declaration of one parcel going to the United States or abroad: one sku-list item per order
 * line in the parcel, values in Canadian dollars (as Canada Post asks) with the order's currency and its
 * rate from CAD, and sale of goods as the reason for export. Canada Post's limits are checked here, so a
 * bad line is named before any label is bought.
 */
import type { z } from "zod";
import type { CustomsSchema } from "../canada-post";
import type { Parcel } from "./packing";

/** An order line as the adapters hand it over; unitValue is in `currency`, the order's currency. */
export interface OrderLine {
  id: string;
  sku?: string;
  title: string;
  quantity: number;
  unitValue: number;
  currency?: string;
  /** Harmonized System code, e.g. 6109.10 or 6109.10.00.10. */
  hsCode?: string;
  /** ISO country where the goods were made, e.g. CA, CN. */
  originCountry?: string;
  unitWeightKg: number;
}

export type CustomsDeclaration = z.input<typeof CustomsSchema>;

export interface CustomsOptions {
  /** The order's currency (ISO code). */
  currency: string;
  /** How many units of `currency` one Canadian dollar buys; required unless the currency is CAD. */
  conversionFromCad?: number;
  /** Province of goods made in Canada when a line does not say (Canada Post requires one): the sender's. */
  provinceOfOrigin?: string;
}

/** Canada Post's limits on customs (shipment.xsd, Create Shipment documentation). */
export const CUSTOMS_LIMITS = {
  items: 500,
  description: 45,
  sku: 15,
  unitsPerItem: 9999,
  valuePerUnit: 99999.99,
  unitWeightKg: 99.999,
  conversionFromCad: 9999.999999,
} as const;

const HS_CODE = /^\d{4}(\.\d{2}(\.\d{2}(\.\d{2})?)?)?$/;

/** A declaration that cannot be made: names the line at fault and what to change. */
export class CustomsError extends Error {
  override readonly name = "CustomsError";
  constructor(
    message: string,
    readonly lineId?: string,
  ) {
    super(message);
  }
}

const round = (v: number, decimals: number) =>
  Math.round((v + Number.EPSILON) * 10 ** decimals) / 10 ** decimals;

/** An amount of the order's currency in Canadian dollars, or a clear error when no rate is known. */
export function toCad(amount: number, currency: string, conversionFromCad: number | undefined): number {
  return round(amount / rateFromCad(currency, conversionFromCad), 2);
}

function rateFromCad(currency: string, conversionFromCad: number | undefined): number {
  if (currency.toUpperCase() === "CAD") return 1;
  if (conversionFromCad === undefined) {
    throw new CustomsError(
      `the order is in ${currency}, and Canada Post takes customs values, coverage and the signature threshold in CAD: give the store a rate for ${currency} (settings.currencies.${currency}: how many ${currency} one CAD buys, e.g. 0.73 for USD)`,
    );
  }
  if (!(conversionFromCad > 0 && conversionFromCad <= CUSTOMS_LIMITS.conversionFromCad)) {
    throw new CustomsError(
      `conversionFromCad must be more than 0 and at most ${CUSTOMS_LIMITS.conversionFromCad} (got ${conversionFromCad})`,
    );
  }
  return conversionFromCad;
}

/** The customs declaration of the lines packed in `parcel`, for Create Shipment's `customs`. */
export function customsFor(
  parcel: Pick<Parcel, "id" | "items">,
  lines: readonly OrderLine[],
  options: CustomsOptions,
): CustomsDeclaration {
  const currency = options.currency.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) {
    throw new CustomsError(`currency "${options.currency}" is not an ISO currency code such as CAD or USD`);
  }
  const rate = rateFromCad(currency, options.conversionFromCad);
  const byId = new Map(lines.map((l) => [l.id, l]));
  // A line split over several entries of the parcel is declared once, with the units summed.
  const units = new Map<string, number>();
  for (const item of parcel.items) units.set(item.lineId, (units.get(item.lineId) ?? 0) + item.quantity);
  if (units.size === 0) {
    throw new CustomsError(`parcel ${parcel.id} holds no items: customs needs at least one line to declare`);
  }
  if (units.size > CUSTOMS_LIMITS.items) {
    throw new CustomsError(
      `parcel ${parcel.id} holds ${units.size} different lines; Canada Post declares at most ${CUSTOMS_LIMITS.items} per shipment: split the parcel`,
    );
  }
  const skuList = [...units].map(([lineId, quantity]) => {
    const line = byId.get(lineId);
    if (!line) {
      throw new CustomsError(
        `parcel ${parcel.id} holds line "${lineId}", which is not among the order lines: pass every line the parcels hold`,
        lineId,
      );
    }
    return skuItem(line, quantity, currency, rate, options.provinceOfOrigin);
  });
  return {
    currency,
    conversionFromCad: currency === "CAD" ? undefined : rate,
    reasonForExport: "SOG",
    skuList,
  };
}

function skuItem(
  line: OrderLine,
  quantity: number,
  currency: string,
  rate: number,
  provinceOfOrigin: string | undefined,
): CustomsDeclaration["skuList"][number] {
  const fail = (message: string): never => {
    throw new CustomsError(`line "${line.id}" (${line.title}): ${message}`, line.id);
  };
  if (line.currency && line.currency.toUpperCase() !== currency)
    fail(
      `its currency ${line.currency} differs from the order's ${currency}: give every line in ${currency}`,
    );
  if (!Number.isInteger(quantity) || quantity < 1)
    fail(`quantity ${quantity} must be a whole number of 1 or more`);
  if (quantity > CUSTOMS_LIMITS.unitsPerItem)
    fail(
      `${quantity} units; Canada Post declares at most ${CUSTOMS_LIMITS.unitsPerItem} per line: split the parcel`,
    );
  const description = describe(line.title);
  if (!description) fail("has no title: customs needs a description of the goods");
  if (!(line.unitValue > 0)) fail("has no value: customs needs a value per unit above 0");
  const valuePerUnit = Math.max(0.01, round(line.unitValue / rate, 2));
  if (valuePerUnit > CUSTOMS_LIMITS.valuePerUnit)
    fail(`a value per unit of ${valuePerUnit} CAD is over Canada Post's ${CUSTOMS_LIMITS.valuePerUnit}`);
  if (!(line.unitWeightKg > 0)) fail("has no weight: customs needs the weight of one unit in kg");
  if (line.unitWeightKg > CUSTOMS_LIMITS.unitWeightKg)
    fail(`a unit weight of ${line.unitWeightKg} kg is over Canada Post's ${CUSTOMS_LIMITS.unitWeightKg} kg`);
  const hsCode = line.hsCode?.trim() || undefined;
  if (hsCode && !HS_CODE.test(hsCode))
    fail(`HS code "${hsCode}" must have the form 9999, 9999.99, 9999.99.99 or 9999.99.99.99`);
  const country = line.originCountry?.trim().toUpperCase() || undefined;
  if (country && !/^[A-Z]{2}$/.test(country))
    fail(`originCountry "${line.originCountry}" must be a 2-letter ISO country code such as CA or CN`);
  const province = country === "CA" ? provinceOfOrigin?.trim().toUpperCase() : undefined;
  if (country === "CA" && !province)
    fail("goods made in Canada need their province of origin: set origin.sender.province in the settings");
  return {
    customsNumberOfUnits: quantity,
    customsDescription: description,
    // Canada Post keeps 15 characters of a SKU and truncated longer ones itself in earlier versions.
    sku: line.sku?.trim().slice(0, CUSTOMS_LIMITS.sku).trim() || undefined,
    hsTariffCode: hsCode,
    unitWeight: Math.max(0.001, round(line.unitWeightKg, 3)),
    customsValuePerUnit: valuePerUnit,
    countryOfOrigin: country,
    provinceOfOrigin: province,
  };
}

/** The title as a customs description: one line, cut at a word within 45 characters. */
function describe(title: string): string {
  const flat = title.replace(/\s+/g, " ").trim();
  if (flat.length <= CUSTOMS_LIMITS.description) return flat;
  const cut = flat.slice(0, CUSTOMS_LIMITS.description + 1);
  const space = cut.lastIndexOf(" ");
  return (space > 20 ? cut.slice(0, space) : cut.slice(0, CUSTOMS_LIMITS.description)).trim();
}
