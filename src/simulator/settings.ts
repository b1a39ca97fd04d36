import type { SimulatorSettings, ThrottleGroup } from "./types";

/** Canada Post's default per-minute limits per API key and group of calls (DESIGN.md). */
export const DEFAULT_THROTTLE: Readonly<Record<ThrottleGroup, number>> = Object.freeze({
  rating: 840,
  shipment: 646,
  voidRefund: 468,
  manifest: 730,
  tracking: 20,
  signature: 6,
});

/** The simulator's own test account: anyone may know these credentials. */
export const DEFAULT_SETTINGS: Readonly<SimulatorSettings> = Object.freeze({
  username: "sim-user",
  password: "sim-password",
  customerNumber: "1234567",
  contractId: "42708517",
  throttle: DEFAULT_THROTTLE,
  validateXsd: true,
  // The simulator's own e-commerce platform: what lets a platform's "Connect with Canada Post" run locally.
  platform: Object.freeze({
    username: "sim-platform",
    password: "sim-platform-password",
    platformId: "8888888",
  }),
});

/** Settings to override: any of them, and any of the throttle groups' limits. */
export type SettingsOverrides = Partial<Omit<SimulatorSettings, "throttle">> & {
  throttle?: Partial<Record<ThrottleGroup, number>>;
};

/** Defaults with the given values over them (throttle limits merged group by group). */
export function resolveSettings(overrides: SettingsOverrides = {}): SimulatorSettings {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  const settings: SimulatorSettings = {
    ...DEFAULT_SETTINGS,
    ...defined,
    throttle: { ...DEFAULT_THROTTLE, ...overrides.throttle },
  };
  for (const [group, limit] of Object.entries(settings.throttle)) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new Error(`simulator throttle.${group} must be a whole number of calls per minute, 1 or more`);
  }
  if (!/^\d{1,10}$/.test(settings.customerNumber))
    throw new Error("simulator customerNumber must be up to 10 digits, e.g. 1234567");
  if (!/^\d{1,10}$/.test(settings.platform.platformId))
    throw new Error("simulator platform.platformId must be up to 10 digits, e.g. 8888888");
  if (!/^\d{1,10}$/.test(settings.contractId))
    throw new Error("simulator contractId must be up to 10 digits, e.g. 42708517");
  return settings;
}

/**
 * Settings from CANADA_POST_USERNAME / _PASSWORD / _CUSTOMER_NUMBER / _CONTRACT_ID over the defaults, so
 * the client configured from the same variables reaches the simulator unchanged.
 */
export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): SimulatorSettings {
  const pick = (name: string) => env[name]?.trim() || undefined;
  return resolveSettings({
    username: pick("CANADA_POST_USERNAME"),
    password: pick("CANADA_POST_PASSWORD"),
    customerNumber: pick("CANADA_POST_CUSTOMER_NUMBER"),
    contractId: pick("CANADA_POST_CONTRACT_ID"),
    platform: platformFromEnv(pick),
  });
}

/** CANADA_POST_PLATFORM_USERNAME / _PASSWORD / _ID over the simulator's own platform. */
function platformFromEnv(pick: (name: string) => string | undefined): SimulatorSettings["platform"] {
  const d = DEFAULT_SETTINGS.platform;
  return {
    username: pick("CANADA_POST_PLATFORM_USERNAME") ?? d.username,
    password: pick("CANADA_POST_PLATFORM_PASSWORD") ?? d.password,
    platformId: pick("CANADA_POST_PLATFORM_ID") ?? d.platformId,
  };
}
