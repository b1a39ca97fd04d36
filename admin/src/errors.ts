/**
 * A refusal in the merchant's words: Canada Post's own code and text when Canada Post refused (never
 * reworded), Shopify's userErrors, the parcels a partial purchase left unbought, or the server's message.
 */
import { ApiError, type SettingsIssue } from "./api";
import type { I18n } from "./i18n";

export interface Described {
  text: string;
  /** Canada Post's error code, when Canada Post refused. */
  code?: string;
  /** Fields the server named (settings), by dotted path, each problem in the admin's language. */
  issues?: { path: string; message: string }[];
}

/** A settings problem in the admin's language: the server says each in English and in French. */
const said = (i: SettingsIssue, lang: I18n["lang"]) => (lang === "fr" && i.messageFr) || i.message;

export function describeError(e: unknown, i18n: Pick<I18n, "t" | "lang">): Described {
  if (!(e instanceof ApiError)) return { text: e instanceof Error ? e.message : String(e) };
  const b = e.body;
  const text = typeof b.message === "string" ? b.message : (b.message?.[i18n.lang] ?? `HTTP ${e.status}`);
  switch (b.type) {
    case "canada_post_error":
    case "canada_post_throttled":
      return { text: i18n.t("canadaPostSays", { code: b.code ?? "", message: text }), code: b.code };
    case "connection_refused": {
      const m = b.messages as { en: string; fr: string } | undefined;
      return { text: m?.[i18n.lang] ?? text };
    }
    case "shopify_user_errors":
      return {
        text: i18n.t("shopifySays", {
          message: (b.user_errors ?? []).map((u) => u.message).join("; ") || text,
        }),
      };
    case "purchase_incomplete": {
      const f = b.failed?.[0];
      return {
        text: i18n.t("partialPurchase", {
          bought: (b.bought ?? []).map((s) => s.tracking_pin ?? s.shipment_id).join(", ") || "—",
          parcel: (f?.parcel_index ?? 0) + 1,
          message: f
            ? f.code
              ? i18n.t("canadaPostSays", { code: f.code, message: f.message })
              : f.message
            : text,
        }),
        code: f?.code ?? undefined,
      };
    }
    case "already_labelled":
      return {
        text: i18n.t("alreadyLabelled", {
          pins: (b.shipments ?? []).map((s) => s.tracking_pin ?? s.shipment_id).join(", "),
        }),
      };
    case "invalid_settings":
      return { text, issues: b.issues?.map((i) => ({ path: i.path, message: said(i, i18n.lang) })) };
    default:
      return { text };
  }
}
