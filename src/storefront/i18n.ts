import type { StorefrontLanguage } from "./types";

/**
 * The components' texts in English and French, and dates written the same way on the server and in the
 * browser (no time zone of the machine that renders them: a server-rendered page hydrates unchanged).
 */
const EN = {
  heading: "Shipping and tracking",
  parcel: "Parcel {n}",
  trackingNumber: "Tracking number",
  trackOnCanadaPost: "track it on Canada Post's site (opens in a new tab)",
  status: "Status",
  expectedDelivery: "Expected delivery",
  deliveredOn: "Delivered",
  history: "Tracking history",
  noEvents: "Canada Post has not scanned this parcel yet.",
  notShipped: "Your order has not shipped yet. Its tracking appears here as soon as it does.",
  loading: "Loading the tracking…",
  unavailable: "The tracking is not available right now. Please try again later.",
  status_pre_transit: "Label created",
  status_in_transit: "In transit",
  status_out_for_delivery: "Out for delivery",
  status_delivered: "Delivered",
  status_attempted: "Delivery attempted",
  status_exception: "Delivery problem",
  status_returned: "Returned to sender",
  status_unknown: "Status unknown",
  label_created: "Label created",
  label_cancelled: "Cancelled",
  lookupHeading: "Track your order",
  lookupIntro: "Enter your order number and the email address you used to place the order.",
  orderNumber: "Order number",
  email: "Email",
  track: "Track",
  searching: "Looking up…",
  orderHeading: "Order #{n}",
  invalidInput: "Enter the order number (digits only) and the email address of the order.",
  notFound:
    "No order matches this order number and email address. Check both (the number is in your confirmation email) and try again.",
  rateLimited: "Too many attempts. Please wait a few minutes, then try again.",
  free: "Free",
};

export type MessageKey = keyof typeof EN;

const FR: Record<MessageKey, string> = {
  heading: "Expédition et suivi",
  parcel: "Colis {n}",
  trackingNumber: "Numéro de suivi",
  trackOnCanadaPost: "suivre sur le site de Postes Canada (nouvel onglet)",
  status: "Statut",
  expectedDelivery: "Livraison prévue",
  deliveredOn: "Livré",
  history: "Historique du suivi",
  noEvents: "Postes Canada n'a pas encore lu ce colis.",
  notShipped: "Votre commande n'est pas encore expédiée. Son suivi s'affichera ici dès qu'elle le sera.",
  loading: "Chargement du suivi…",
  unavailable: "Le suivi n'est pas disponible pour le moment. Veuillez réessayer plus tard.",
  status_pre_transit: "Étiquette créée",
  status_in_transit: "En transit",
  status_out_for_delivery: "En cours de livraison",
  status_delivered: "Livré",
  status_attempted: "Tentative de livraison",
  status_exception: "Problème de livraison",
  status_returned: "Retourné à l'expéditeur",
  status_unknown: "Statut inconnu",
  label_created: "Étiquette créée",
  label_cancelled: "Annulé",
  lookupHeading: "Suivre votre commande",
  lookupIntro: "Entrez votre numéro de commande et l'adresse courriel utilisée pour passer la commande.",
  orderNumber: "Numéro de commande",
  email: "Courriel",
  track: "Suivre",
  searching: "Recherche…",
  orderHeading: "Commande no {n}",
  invalidInput: "Entrez le numéro de commande (chiffres seulement) et l'adresse courriel de la commande.",
  notFound:
    "Aucune commande ne correspond à ce numéro et à cette adresse courriel. Vérifiez-les (le numéro figure dans votre courriel de confirmation) et réessayez.",
  rateLimited: "Trop de tentatives. Veuillez patienter quelques minutes, puis réessayer.",
  free: "Gratuit",
};

const DICTIONARIES: Record<StorefrontLanguage, Record<MessageKey, string>> = { en: EN, fr: FR };

/** "fr", "fr-CA", "FR_ca" → fr; anything else → en. */
export function storefrontLanguage(locale: string | null | undefined): StorefrontLanguage {
  return locale?.trim().toLowerCase().startsWith("fr") ? "fr" : "en";
}

/** One text in `lang`, `{name}` placeholders replaced by `vars`. */
export function translate(
  lang: StorefrontLanguage,
  key: MessageKey,
  vars: Record<string, string | number> = {},
): string {
  return DICTIONARIES[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in vars ? String(vars[name]) : whole,
  );
}

const LOCALES: Record<StorefrontLanguage, string> = { en: "en-CA", fr: "fr-CA" };

/** A calendar date (YYYY-MM-DD, as Canada Post gives it): "November 24, 2026", « 24 novembre 2026 ». */
export function formatDate(date: string, lang: StorefrontLanguage): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!m) return date;
  const at = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: "long", timeZone: "UTC" }).format(at);
}

/**
 * An event's time as it was where the parcel was scanned (the offset Canada Post wrote), so the text is
 * the same whichever machine renders it: "Nov 21, 2026, 2:05 p.m.".
 */
export function formatEventTime(occurredAt: string, lang: StorefrontLanguage): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(occurredAt);
  if (!m) return occurredAt;
  const at = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5])));
  return new Intl.DateTimeFormat(LOCALES[lang], {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "UTC",
  }).format(at);
}

/** The locale Intl formats a language's amounts with. */
export function localeOf(lang: StorefrontLanguage): string {
  return LOCALES[lang];
}
