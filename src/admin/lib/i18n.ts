import { useMemo } from "react";

/**
 * English and French for the Canada Post widgets and pages. The language is the admin's own: Medusa's
 * dashboard (i18next) keeps the merchant's choice in the `lng` cookie and localStorage key; before any
 * choice, the browser's language.
 */
export type AdminLanguage = "en" | "fr";

const EN = {
  canadaPost: "Canada Post",
  shipmentCount: "{count} shipment(s)",
  status_created: "created",
  status_transmitted: "transmitted",
  status_voided: "voided",
  status_refund_requested: "refund requested",
  voidLabel: "Void label",
  requestRefund: "Request refund",
  voidDescription: "Canada Post cancels this label: it can no longer be used.",
  refundDescription: "This label was transmitted: Canada Post is asked for a refund. Do not ship with it.",
  keepIt: "Keep it",
  trackingRefreshed: "Tracking refreshed",
  actionDone: "{action}: done",
  canadaPostError: "Canada Post {code}: {message}",
  paid: "Paid {amount}",
  expected: "expected {date}",
  delivered: "delivered {date}",
  downloadZpl: "Download ZPL label",
  openLabel: "Open label",
  previewLabel: "Preview",
  hidePreview: "Hide preview",
  downloadLabel: "Download",
  refreshTracking: "Refresh tracking",
  quoteHeading: "Canada Post price before buying",
  quotedAtCheckout: "Quoted at checkout {amount}",
  canadaPostNow: "Canada Post now {amount}",
  noDifference: "no difference",
  noCurrentPrice: "No current price: {reason}",
  fallbackRate: "Canada Post did not answer: this is the fallback rate.",
  parcel: "Parcel {n}: {l} × {w} × {h} cm, {kg} kg",
  manifestsTitle: "Canada Post manifests",
  transmitGroupTitle: "Transmit group {group}?",
  transmitGroupDescription:
    "Canada Post closes this group and makes its manifest: its {count} label(s) can then only be refunded, not voided.",
  transmit: "Transmit",
  notYet: "Not yet",
  groupTransmitted: "Group {group} transmitted: {count} manifest(s)",
  nothingWaiting: "No label waits for transmit.",
  group: "Group",
  shipments: "Shipments",
  orders: "Orders",
  services: "Services",
  oldestLabel: "Oldest label",
  noManifest: "No manifest yet.",
  transmitted: "Transmitted",
  poNumber: "PO number",
  groups: "Groups",
  manifest: "Manifest",
  openPdf: "Open PDF",
  noPdf: "No PDF kept",
  mode: "mode: {mode}",
  waitingForTransmit: "Waiting for transmit",
  manifests: "Manifests",
  connection: "Connection",
  testConnection: "Test connection",
  connected: "Connected in {ms} ms: {count} services offered ({codes}); {name} ({code}) answered.",
  enabledNotOffered: " Enabled but not offered to this account: {codes}.",
  canadaPostErrorPrefix: "Canada Post error {code}: ",
  loading: "Loading…",
  callsGoTo: "Calls go to",
  apiKey: "API key",
  passwordSet: " (password set)",
  noApiKey: "none: the built-in simulator",
  customerContract: "Customer number / contract",
  rates: "Rates",
  origin: "Origin",
  servicesOffered: "Services offered",
  pricing: "Pricing",
  pricingValue: "markup {percent}% + {flat}, handling {handling}, rounding {rounding}",
  freeOver: ", free over {list}",
  quoteDeadline: "Quote deadline",
  quoteDeadlineValue: "{ms} ms, cached {s} s",
  fallbackRates: "Fallback rates",
  noFallbackRates: "none: an option without a rate is not offered",
  labels: "Labels",
  shipmentMode: "Shipment mode",
  shipmentModeGroups: " (groups {template}, {zone})",
  trackingRefresh: "Tracking refresh",
  trackingRefreshValue: "{schedule}, at most {calls} calls a minute",
  account: "Canada Post account",
  connectWithCanadaPost: "Connect with Canada Post",
  disconnect: "Disconnect",
  reconnect: "Connect another account",
  connectHelp: "Sign in at Canada Post and approve: your account is connected here, no API key to copy.",
  connectedAccount: "Customer number {customer}, {contract}, {payment}",
  contractNumber: "contract {contract}",
  noContract: "no contract",
  paymentCard: "credit card on file",
  paymentSupplier: "supplier account on file",
  paymentNone: "no payment method on file",
  credentialsInForce: "Credentials in force",
  source_connection: "the account connected with Canada Post",
  source_environment: "the environment's API key (CANADA_POST_USERNAME…)",
  source_simulator: "the built-in simulator's test account",
  connectedNow: "Connected to Canada Post.",
  refusal_state:
    "This return from Canada Post is unknown, expired or was already used: nothing was connected.",
  refusal_session: "This return from Canada Post was started in another session: nothing was connected.",
  refusal_cancelled: "You cancelled at Canada Post: nothing was connected.",
  refusal_status: "Canada Post did not complete the registration: nothing was connected.",
  refusal_token: "Canada Post returned another token than the one issued: nothing was connected.",
  refusal_canada_post: "Canada Post refused to give the account's details: nothing was connected.",
  serviceNotice: "Canada Post notice",
};

export type MessageKey = keyof typeof EN;

const FR: Record<MessageKey, string> = {
  canadaPost: "Postes Canada",
  shipmentCount: "{count} envoi(s)",
  status_created: "créé",
  status_transmitted: "transmis",
  status_voided: "annulé",
  status_refund_requested: "remboursement demandé",
  voidLabel: "Annuler l'étiquette",
  requestRefund: "Demander un remboursement",
  voidDescription: "Postes Canada annule cette étiquette : elle ne pourra plus servir.",
  refundDescription:
    "Cette étiquette a été transmise : un remboursement est demandé à Postes Canada. N'expédiez pas avec elle.",
  keepIt: "La garder",
  trackingRefreshed: "Suivi mis à jour",
  actionDone: "{action} : fait",
  canadaPostError: "Postes Canada {code} : {message}",
  paid: "Payé {amount}",
  expected: "prévu le {date}",
  delivered: "livré le {date}",
  downloadZpl: "Télécharger l'étiquette ZPL",
  openLabel: "Ouvrir l'étiquette",
  previewLabel: "Aperçu",
  hidePreview: "Masquer l'aperçu",
  downloadLabel: "Télécharger",
  refreshTracking: "Mettre à jour le suivi",
  quoteHeading: "Prix Postes Canada avant l'achat",
  quotedAtCheckout: "Prix à la commande {amount}",
  canadaPostNow: "Postes Canada maintenant {amount}",
  noDifference: "aucune différence",
  noCurrentPrice: "Aucun prix actuel : {reason}",
  fallbackRate: "Postes Canada n'a pas répondu : ceci est le tarif de secours.",
  parcel: "Colis {n} : {l} × {w} × {h} cm, {kg} kg",
  manifestsTitle: "Manifestes Postes Canada",
  transmitGroupTitle: "Transmettre le groupe {group} ?",
  transmitGroupDescription:
    "Postes Canada ferme ce groupe et en fait le manifeste : ses {count} étiquette(s) ne pourront ensuite qu'être remboursées, plus annulées.",
  transmit: "Transmettre",
  notYet: "Pas encore",
  groupTransmitted: "Groupe {group} transmis : {count} manifeste(s)",
  nothingWaiting: "Aucune étiquette n'attend la transmission.",
  group: "Groupe",
  shipments: "Envois",
  orders: "Commandes",
  services: "Services",
  oldestLabel: "Plus ancienne étiquette",
  noManifest: "Aucun manifeste pour l'instant.",
  transmitted: "Transmis",
  poNumber: "Numéro de BC",
  groups: "Groupes",
  manifest: "Manifeste",
  openPdf: "Ouvrir le PDF",
  noPdf: "Aucun PDF conservé",
  mode: "mode : {mode}",
  waitingForTransmit: "En attente de transmission",
  manifests: "Manifestes",
  connection: "Connexion",
  testConnection: "Tester la connexion",
  connected: "Connecté en {ms} ms : {count} services offerts ({codes}) ; {name} ({code}) a répondu.",
  enabledNotOffered: " Activés mais non offerts à ce compte : {codes}.",
  canadaPostErrorPrefix: "Erreur Postes Canada {code} : ",
  loading: "Chargement…",
  callsGoTo: "Appels envoyés à",
  apiKey: "Clé d'API",
  passwordSet: " (mot de passe défini)",
  noApiKey: "aucune : le simulateur intégré",
  customerContract: "Numéro de client / contrat",
  rates: "Tarifs",
  origin: "Origine",
  servicesOffered: "Services offerts",
  pricing: "Prix",
  pricingValue: "majoration {percent} % + {flat}, manutention {handling}, arrondi {rounding}",
  freeOver: ", gratuit au-delà de {list}",
  quoteDeadline: "Délai des prix",
  quoteDeadlineValue: "{ms} ms, en cache {s} s",
  fallbackRates: "Tarifs de secours",
  noFallbackRates: "aucun : une option sans tarif n'est pas offerte",
  labels: "Étiquettes",
  shipmentMode: "Mode d'expédition",
  shipmentModeGroups: " (groupes {template}, {zone})",
  trackingRefresh: "Mise à jour du suivi",
  trackingRefreshValue: "{schedule}, au plus {calls} appels par minute",
  account: "Compte Postes Canada",
  connectWithCanadaPost: "Connecter à Postes Canada",
  disconnect: "Déconnecter",
  reconnect: "Connecter un autre compte",
  connectHelp:
    "Connectez-vous chez Postes Canada et approuvez : votre compte est relié ici, sans clé d'API à copier.",
  connectedAccount: "Numéro de client {customer}, {contract}, {payment}",
  contractNumber: "contrat {contract}",
  noContract: "sans contrat",
  paymentCard: "carte de crédit enregistrée",
  paymentSupplier: "compte fournisseur enregistré",
  paymentNone: "aucun mode de paiement enregistré",
  credentialsInForce: "Identifiants en vigueur",
  source_connection: "le compte connecté avec Postes Canada",
  source_environment: "la clé d'API de l'environnement (CANADA_POST_USERNAME…)",
  source_simulator: "le compte d'essai du simulateur intégré",
  connectedNow: "Connecté à Postes Canada.",
  refusal_state: "Ce retour de Postes Canada est inconnu, expiré ou déjà utilisé : rien n'a été connecté.",
  refusal_session: "Ce retour de Postes Canada a été lancé dans une autre session : rien n'a été connecté.",
  refusal_cancelled: "Vous avez annulé chez Postes Canada : rien n'a été connecté.",
  refusal_status: "Postes Canada n'a pas terminé l'inscription : rien n'a été connecté.",
  refusal_token: "Postes Canada a renvoyé un autre jeton que celui émis : rien n'a été connecté.",
  refusal_canada_post:
    "Postes Canada a refusé de transmettre les renseignements du compte : rien n'a été connecté.",
  serviceNotice: "Avis de Postes Canada",
};

const DICTIONARIES: Record<AdminLanguage, Record<MessageKey, string>> = { en: EN, fr: FR };

const toLanguage = (value: string | null | undefined): AdminLanguage | undefined =>
  value ? (value.toLowerCase().startsWith("fr") ? "fr" : "en") : undefined;

/** What is read of the browser: typed here since the project's TypeScript settings have no DOM library. */
interface BrowserGlobals {
  document?: { cookie: string };
  localStorage?: { getItem(key: string): string | null };
  navigator?: { language?: string };
}

/** The admin's language: Medusa's `lng` cookie, then its localStorage key, then the browser's language. */
export function adminLanguage(): AdminLanguage {
  const browser = globalThis as BrowserGlobals;
  const cookie = browser.document?.cookie.match(/(?:^|;\s*)lng=([^;]*)/)?.[1];
  let stored: string | null | undefined;
  try {
    stored = browser.localStorage?.getItem("lng");
  } catch {
    // Storage can be blocked (privacy settings): the browser's language still answers.
  }
  return (
    toLanguage(cookie && decodeURIComponent(cookie)) ??
    toLanguage(stored) ??
    toLanguage(browser.navigator?.language) ??
    "en"
  );
}

/** One message in `lang`, `{name}` placeholders replaced by `vars`. */
export function translate(
  lang: AdminLanguage,
  key: MessageKey,
  vars: Record<string, string | number> = {},
): string {
  return DICTIONARIES[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in vars ? String(vars[name]) : whole,
  );
}

/** Money as the language writes it: $12.50 in English, 12,50 $ in French. */
export function formatMoney(lang: AdminLanguage, amount: number): string {
  return lang === "fr" ? `${amount.toFixed(2).replace(".", ",")} $` : `$${amount.toFixed(2)}`;
}

export function useI18n() {
  return useMemo(() => {
    const lang = adminLanguage();
    return {
      lang,
      t: (key: MessageKey, vars?: Record<string, string | number>) => translate(lang, key, vars),
      money: (amount: number) => formatMoney(lang, amount),
    };
  }, []);
}
