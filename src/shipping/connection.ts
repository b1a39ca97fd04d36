/**
 * "Does my Canada Post connection work?": Discover Services, then Get Service of one enabled service, with
 * the credentials in force. A refusal reaches the caller as Canada Post's own CanadaPostError.
 */
import { discoverServices, getService, type ClientContext } from "../canada-post";
import type { MerchantSettings } from "./settings";

export interface ConnectionReport {
  elapsedMs: number;
  /** Every service Canada Post offers this account. */
  services: { serviceCode: string; serviceName: string }[];
  /** Services the merchant enabled that Canada Post does not offer this account. */
  enabledNotOffered: string[];
  /** The enabled service asked about, with its options. */
  service: { serviceCode: string; serviceName: string; options: string[] };
}

export async function testConnection(
  ctx: ClientContext,
  settings: MerchantSettings,
  now: () => number = Date.now,
): Promise<ConnectionReport> {
  const started = now();
  const services = await discoverServices(ctx, {});
  const found = new Set(services.map((s) => s.serviceCode));
  const enabled = settings.services.filter((s) => s.enabled).map((s) => s.code);
  // An enabled service Canada Post offers this account; else the first enabled one, so a missing one is reported.
  const code = enabled.find((c) => found.has(c)) ?? enabled[0]!;
  const service = await getService(ctx, code);
  return {
    elapsedMs: now() - started,
    services: services.map((s) => ({ serviceCode: s.serviceCode, serviceName: s.serviceName })),
    enabledNotOffered: enabled.filter((c) => !found.has(c)),
    service: {
      serviceCode: service.serviceCode,
      serviceName: service.serviceName,
      options: service.options.map((o) => o.optionCode),
    },
  };
}
