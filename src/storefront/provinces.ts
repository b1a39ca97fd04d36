import type { StorefrontLanguage } from "./types";

/**
 * Canada's provinces and territories with the codes Medusa's tax module matches an address against:
 * lower-case ISO 3166-2 ("ca-qc"), as the admin writes them in tax regions. A free-text province field
 * lets shoppers type "QC" or "Québec", which match no province tax region (only the country's GST then
 * applies): give Canadian addresses a select of these instead.
 */
export const CANADIAN_PROVINCES: readonly { code: string; en: string; fr: string }[] = [
  { code: "ca-ab", en: "Alberta", fr: "Alberta" },
  { code: "ca-bc", en: "British Columbia", fr: "Colombie-Britannique" },
  { code: "ca-mb", en: "Manitoba", fr: "Manitoba" },
  { code: "ca-nb", en: "New Brunswick", fr: "Nouveau-Brunswick" },
  { code: "ca-nl", en: "Newfoundland and Labrador", fr: "Terre-Neuve-et-Labrador" },
  { code: "ca-ns", en: "Nova Scotia", fr: "Nouvelle-Écosse" },
  { code: "ca-nt", en: "Northwest Territories", fr: "Territoires du Nord-Ouest" },
  { code: "ca-nu", en: "Nunavut", fr: "Nunavut" },
  { code: "ca-on", en: "Ontario", fr: "Ontario" },
  { code: "ca-pe", en: "Prince Edward Island", fr: "Île-du-Prince-Édouard" },
  { code: "ca-qc", en: "Quebec", fr: "Québec" },
  { code: "ca-sk", en: "Saskatchewan", fr: "Saskatchewan" },
  { code: "ca-yt", en: "Yukon", fr: "Yukon" },
];

/** The options of a province select, named in the shopper's language and sorted by that name. */
export function provinceOptions(lang: StorefrontLanguage = "en"): { value: string; label: string }[] {
  return CANADIAN_PROVINCES.map((p) => ({ value: p.code, label: p[lang] })).sort((a, b) =>
    a.label.localeCompare(b.label, lang === "fr" ? "fr-CA" : "en-CA"),
  );
}
