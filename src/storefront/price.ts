import { localeOf, storefrontLanguage, translate } from "./i18n";

export interface ShippingPriceOptions {
  /** The cart's or order's currency ("cad"). */
  currencyCode: string;
  /** The shopper's locale ("fr-CA", "en-CA"); French locales read "Gratuit". Default en-CA. */
  locale?: string;
}

/**
 * A shipping price as the shopper reads it: "Free" (« Gratuit ») when it is zero, the amount in the
 * currency otherwise, and undefined when there is no price (not calculated yet, or the option cannot be
 * priced). Medusa's storefront starters test the price for truthiness, so a free option (0) shows "-";
 * test this function's answer for undefined instead:
 *
 *   formatShippingPrice(prices[option.id], { currencyCode: cart.currency_code }) ?? "-"
 */
export function formatShippingPrice(
  amount: number | string | null | undefined,
  options: ShippingPriceOptions,
): string | undefined {
  if (amount === null || amount === undefined || amount === "") return undefined;
  const value = typeof amount === "number" ? amount : Number(amount);
  if (!Number.isFinite(value)) return undefined;
  const lang = storefrontLanguage(options.locale);
  const locale = options.locale ?? localeOf(lang);
  const format = new Intl.NumberFormat(locale, { style: "currency", currency: options.currencyCode });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  // What would print as $0.00 is free, whatever fraction of a cent a calculation left.
  if (Math.abs(value) < 0.5 * 10 ** -digits) return translate(lang, "free");
  return format.format(value);
}
