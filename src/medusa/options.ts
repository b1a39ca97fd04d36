import { z } from "zod";
import {
  parseMerchantSettings,
  type MerchantSettings,
  type MerchantSettingsInput,
} from "../shipping/settings";

/**
 * The options of the Medusa plugin, its fulfillment provider and its module (Medusa gives each its own copy):
 * the merchant's settings, where labels are kept, and the backend URL the label links point at.
 */
export interface CanadaPostPluginOptions {
  settings: MerchantSettingsInput;
  /** Directory of the stored labels and manifests; ./.canada-post/labels by default. */
  labelsDir?: string;
  /** The Medusa backend's public URL, for label_url (Medusa accepts only http(s) label URLs). */
  backendUrl?: string;
  /** Where Canada Post writes about refunds of transmitted labels. */
  notificationEmail?: string;
  /** Tracking calls the scheduled job may make per minute: Canada Post's default limit is 20. */
  trackingCallsPerMinute?: number;
}

export interface ResolvedPluginOptions {
  settings: MerchantSettings;
  labelsDir: string;
  backendUrl: string;
  notificationEmail?: string;
  trackingCallsPerMinute: number;
}

const OptionsSchema = z.object({
  settings: z.unknown(),
  labelsDir: z.string().min(1).optional(),
  backendUrl: z
    .url({ message: "backendUrl must be the http(s) URL of the Medusa backend, e.g. http://localhost:9000" })
    .optional(),
  notificationEmail: z.email({ message: "notificationEmail must be an email address" }).optional(),
  trackingCallsPerMinute: z
    .number()
    .int()
    .min(1, "trackingCallsPerMinute must be at least 1")
    .max(600, "trackingCallsPerMinute above Canada Post's limit only gets throttled answers")
    .optional(),
});

/** Options already resolved, by their JSON: Medusa hands the provider and the module each their own copy. */
const resolved = new Map<string, ResolvedPluginOptions>();

/**
 * Checks the options, once per distinct configuration in a process (the provider's validateOptions, the
 * provider and the module all ask): the merchant settings inside are parsed here and never again.
 */
export function resolvePluginOptions(options: unknown): ResolvedPluginOptions {
  const key = JSON.stringify(options ?? {});
  const known = resolved.get(key);
  if (known) return known;
  const result = resolveOnce(options);
  resolved.set(key, result);
  return result;
}

function resolveOnce(options: unknown): ResolvedPluginOptions {
  const o = OptionsSchema.safeParse(options ?? {});
  if (!o.success) {
    throw new Error(
      `Canada Post plugin options: ${o.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  }
  return {
    settings: parseMerchantSettings(o.data.settings ?? {}),
    labelsDir: o.data.labelsDir ?? ".canada-post/labels",
    backendUrl: (o.data.backendUrl ?? process.env.MEDUSA_BACKEND_URL ?? "http://localhost:9000").replace(
      /\/+$/,
      "",
    ),
    notificationEmail: o.data.notificationEmail,
    trackingCallsPerMinute: o.data.trackingCallsPerMinute ?? 20,
  };
}
