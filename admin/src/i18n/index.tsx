/**
 * The admin speaks the merchant's admin language (App Bridge's config.locale, the staff member's choice in
 * Shopify): French for fr-*, English otherwise. Amounts are cents in the API and shown in the shop's currency;
 * dates and times are shown in the shop's time zone, not the browser's.
 */
import { createContext, useContext, type ReactNode } from "react";
import { en, type MessageKey } from "./en";
import { fr } from "./fr";

export type Lang = "en" | "fr";
export type { MessageKey };

const MESSAGES = { en, fr };

export const langOf = (locale: string | undefined): Lang =>
  locale?.toLowerCase().startsWith("fr") ? "fr" : "en";

export function translate(lang: Lang, key: MessageKey, vars: Record<string, string | number> = {}): string {
  const text: string = MESSAGES[lang][key] ?? MESSAGES.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => (name in vars ? String(vars[name]) : `{${name}}`));
}

export interface I18n {
  lang: Lang;
  t: (key: MessageKey, vars?: Record<string, string | number>) => string;
  /** Cents as money in the shop's currency: 1696 → "$16.96" or "16,96 $". */
  money: (cents: number | null | undefined, currency?: string) => string;
  /** A date and time in the given time zone (the shop's), in the merchant's language. */
  dateTime: (iso: string | null | undefined, timeZone: string) => string;
  date: (iso: string | null | undefined, timeZone: string) => string;
}

export function makeI18n(lang: Lang): I18n {
  const locale = lang === "fr" ? "fr-CA" : "en-CA";
  return {
    lang,
    t: (key, vars) => translate(lang, key, vars),
    money: (cents, currency = "CAD") =>
      cents === null || cents === undefined
        ? "—"
        : new Intl.NumberFormat(locale, { style: "currency", currency }).format(cents / 100),
    dateTime: (iso, timeZone) =>
      iso
        ? new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone }).format(
            new Date(iso),
          )
        : "—",
    date: (iso, timeZone) =>
      iso ? new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone }).format(new Date(iso)) : "—",
  };
}

const I18nContext = createContext<I18n>(makeI18n("en"));

export function I18nProvider({ lang, children }: { lang: Lang; children: ReactNode }) {
  return <I18nContext.Provider value={makeI18n(lang)}>{children}</I18nContext.Provider>;
}

export const useI18n = () => useContext(I18nContext);
