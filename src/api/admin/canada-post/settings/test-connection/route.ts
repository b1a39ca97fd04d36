import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { discoverServices, getService } from "../../../../../canada-post";
import { sendCanadaPostError, shipmentModule } from "../../../../canada-post-shipments";

/**
 * POST /admin/canada-post/settings/test-connection: Discover Services, then Get Service of one enabled
 * service, with the configured credentials. Success gives what Canada Post answered and how long it took;
 * a refusal gives Canada Post's own code and description (sendCanadaPostError).
 */
export async function POST(req: MedusaRequest, res: MedusaResponse) {
  const { backend, options } = await shipmentModule(req.scope).runtime();
  const started = Date.now();
  try {
    const services = await discoverServices(backend, {});
    const found = new Set(services.map((s) => s.serviceCode));
    const enabled = options.settings.services.filter((s) => s.enabled).map((s) => s.code);
    // An enabled service Canada Post offers this account; else the first enabled one, so a missing one is reported.
    const code = enabled.find((c) => found.has(c)) ?? enabled[0]!;
    const service = await getService(backend, code);
    res.json({
      ok: true,
      backend: { kind: backend.kind, base_url: backend.baseUrl },
      elapsed_ms: Date.now() - started,
      services: services.map((s) => ({ service_code: s.serviceCode, service_name: s.serviceName })),
      enabled_not_offered: enabled.filter((c) => !found.has(c)),
      service: {
        service_code: service.serviceCode,
        service_name: service.serviceName,
        options: service.options.map((o) => o.optionCode),
      },
    });
  } catch (e) {
    if (!sendCanadaPostError(res, e)) throw e;
  }
}
