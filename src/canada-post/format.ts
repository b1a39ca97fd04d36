import { CanadaPostInputError } from "./errors";

/** Canada Post's number patterns: weight 99.999 kg, dimensions 999.9 cm, money 99999.99. */
export const formatWeight = (kg: number): string => round(kg, 3).toFixed(3);
export const formatDimension = (cm: number): string => round(cm, 1).toFixed(1);
export const formatMoney = (amount: number): string => round(amount, 2).toFixed(2);
/** A conversion rate: at most 6 decimals, without trailing zeros, never in exponent notation. */
export const formatRate = (rate: number): string => rate.toFixed(6).replace(/\.?0+$/, "");

function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round((value + Number.EPSILON) * f) / f;
}

const CA_POSTAL = /^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z]\d[ABCEGHJ-NPRSTV-Z]\d$/;
const US_ZIP = /^\d{5}(-\d{4})?$/;

/**
 * Upper case, no spaces or dashes: "k2b 8j6" → "K2B8J6". Only a to z are upper-cased: other letters'
 * capitals can be Latin ones ("ſ", the long s, is "S" in upper case), and "ſ1A 1A1" is no postal code.
 */
export function normalisePostalCode(code: string): string {
  return code.replace(/[\s-]+/g, "").replace(/[a-z]+/g, (letters) => letters.toUpperCase());
}

/** A Canadian postal code in Canada Post's form (A9A9A9), or a clear error naming the field. */
export function canadianPostalCode(code: string, field: string, operation: string): string {
  const pc = normalisePostalCode(code);
  if (!CA_POSTAL.test(pc)) {
    throw new CanadaPostInputError(
      operation,
      `${field} "${code}" is not a Canadian postal code: expected the form A9A 9A9, e.g. K2B 8J6`,
    );
  }
  return pc;
}

/** A US ZIP code, 12345 or 12345-6789, or a clear error. */
export function usZipCode(code: string, field: string, operation: string): string {
  const zip = code.trim();
  if (!US_ZIP.test(zip)) {
    throw new CanadaPostInputError(
      operation,
      `${field} "${code}" is not a US ZIP code: expected 12345 or 12345-6789`,
    );
  }
  return zip;
}

export function isCanadianPostalCode(code: string): boolean {
  return CA_POSTAL.test(normalisePostalCode(code));
}

/** YYYY-MM-DD of a date in UTC. */
export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}
