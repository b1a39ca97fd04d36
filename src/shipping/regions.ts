/**
 * Canada Post's three families of services: DOM.* within Canada, USA.* to the United States, INT.* to every
 * other country. A service code's prefix says where it goes; one place answers that.
 */
export type Region = "DOM" | "USA" | "INT";

const EXAMPLE: Record<Region, string> = { DOM: "DOM.EP", USA: "USA.EP", INT: "INT.XP" };
const DESCRIPTION: Record<Region, string> = { DOM: "domestic", USA: "USA", INT: "international" };

/** The family of services that reaches a country (ISO 3166 alpha-2, any case). */
export function regionOf(country: string): Region {
  const c = country.toUpperCase();
  return c === "CA" ? "DOM" : c === "US" ? "USA" : "INT";
}

/** The family a service code belongs to ("DOM.EP" → "DOM"); undefined for a code of no family. */
export function serviceRegion(serviceCode: string): Region | undefined {
  const dot = serviceCode.indexOf(".");
  const prefix = dot < 0 ? serviceCode : serviceCode.slice(0, dot);
  return prefix === "DOM" || prefix === "USA" || prefix === "INT" ? prefix : undefined;
}

export function servesCountry(serviceCode: string, country: string): boolean {
  return serviceRegion(serviceCode) === regionOf(country);
}

/** "a domestic Canada Post service such as DOM.EP": what to choose instead, for a message. */
export function serviceHint(country: string): string {
  const region = regionOf(country);
  return `a ${DESCRIPTION[region]} Canada Post service (${region}.*, e.g. ${EXAMPLE[region]})`;
}
