/**
 * A shop's settings: the core's merchant settings (origin, services, pricing, packing, quotes, labels,
 * shipments...) plus what only the Shopify app decides (labels when the merchant fulfils in Shopify's admin,
 * customer notification, the refund email). Stored without secrets; the Canada Post API key is sealed apart
 * (shops.ts). A shop with no key of its own uses the app's CANADA_POST_* defaults.
 */
import type { CanadaPostChoice } from "../runtime/choice";
import type { MerchantSettingsInput } from "../shipping/settings";
import type { CanadaPostKey } from "./shops";

export interface ShopAppSettings {
  /** Buy the labels when the merchant marks an order fulfilled in Shopify's admin (fulfillments/create). */
  autoLabelOnFulfill: boolean;
  /** Shopify emails the customer the tracking when the app creates the fulfillment. */
  notifyCustomer: boolean;
  /** Canada Post writes here about refunds of transmitted labels (required to refund). */
  refundEmail?: string;
}

/** The merchant settings as stored: everything but the API key's username and password. */
export type StoredMerchantSettings = Omit<MerchantSettingsInput, "canadaPost"> & {
  canadaPost?: Omit<NonNullable<MerchantSettingsInput["canadaPost"]>, "username" | "password">;
};

export interface StoredShopSettings {
  merchant: StoredMerchantSettings;
  app: ShopAppSettings;
}

export const DEFAULT_APP_SETTINGS: ShopAppSettings = { autoLabelOnFulfill: false, notifyCustomer: true };

/** The shop's address as Shopify's `shop { shopAddress }` gives it. */
export interface ShopAddress {
  company?: string | null;
  address1?: string | null;
  address2?: string | null;
  city?: string | null;
  provinceCode?: string | null;
  zip?: string | null;
  countryCodeV2?: string | null;
  phone?: string | null;
}

/** A new shop's settings: its Canadian address as the origin and the sender printed on labels. */
export function initialSettings(
  name: string | null,
  address: ShopAddress | undefined,
  email?: string,
): StoredShopSettings {
  const a = address ?? {};
  const sender =
    a.address1 && a.city && a.provinceCode
      ? {
          company: (a.company || name || "Shop").slice(0, 44),
          contactPhone: (a.phone || "000-000-0000").slice(0, 25),
          addressLine1: a.address1.slice(0, 44),
          ...(a.address2 ? { addressLine2: a.address2.slice(0, 44) } : {}),
          city: a.city.slice(0, 40),
          province: a.provinceCode,
        }
      : undefined;
  return {
    merchant: {
      origin: { postalCode: a.zip ?? "", ...(sender && a.countryCodeV2 === "CA" ? { sender } : {}) },
    },
    app: { ...DEFAULT_APP_SETTINGS, ...(email ? { refundEmail: email } : {}) },
  };
}

/**
 * The Canada Post the shop's calls go to: its own API key, else the app's CANADA_POST_* defaults. Account
 * numbers the shop set win over the defaults'.
 */
export function canadaPostChoiceOf(
  stored: StoredShopSettings,
  own: CanadaPostKey | undefined,
  defaults: CanadaPostChoice,
): CanadaPostChoice {
  const c = stored.merchant.canadaPost ?? {};
  if (own) {
    return {
      username: own.username,
      password: own.password,
      customerNumber: c.customerNumber ?? defaults.customerNumber,
      contractId: c.contractId ?? defaults.contractId,
      mobo: c.mobo,
      env: c.env === "simulator" ? "sandbox" : (c.env ?? "sandbox"),
      baseUrl: c.baseUrl,
      lang: c.lang ?? stored.merchant.language,
    };
  }
  return {
    ...defaults,
    customerNumber: c.customerNumber ?? defaults.customerNumber,
    contractId: c.contractId ?? defaults.contractId,
  };
}

/** The core's settings input: the stored ones with the Canada Post section of the choice in force. */
export function merchantInputOf(stored: StoredShopSettings, choice: CanadaPostChoice): MerchantSettingsInput {
  const { canadaPost: _stored, ...rest } = stored.merchant;
  const simulator = choice.env === "simulator" || !choice.username;
  return {
    ...rest,
    canadaPost: simulator
      ? {
          customerNumber: choice.customerNumber,
          contractId: choice.contractId,
          ...(choice.env === "simulator" ? { env: "simulator" as const } : {}),
        }
      : {
          username: choice.username,
          password: choice.password,
          customerNumber: choice.customerNumber,
          contractId: choice.contractId,
          mobo: choice.mobo,
          env: choice.env === "production" ? "production" : "sandbox",
          baseUrl: choice.baseUrl,
        },
  } as MerchantSettingsInput;
}

/** The API key as the admin is shown it: first and last two characters of the username, never the password. */
export function maskSecret(value: string | undefined): string | null {
  if (!value) return null;
  return value.length >= 8 ? `${value.slice(0, 2)}…${value.slice(-2)}` : "…";
}
