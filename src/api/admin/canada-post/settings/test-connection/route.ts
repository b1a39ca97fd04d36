import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { sendCanadaPostError } from "../../../../../medusa/http-errors";
import { runtimeOf } from "../../../../../medusa/scope";

/**
 * POST /admin/canada-post/settings/test-connection: the core's connection test (Discover Services, then Get
 * Service of one enabled service) with the configured credentials. Success gives what Canada Post answered
 * and how long it took; a refusal gives Canada Post's own code and description.
 */
export async function POST(req: MedusaRequest, res: MedusaResponse) {
  const { backend, shipping } = await runtimeOf(req.scope);
  try {
    const report = await shipping.connection.test();
    res.json({
      ok: true,
      backend: { kind: backend.kind, base_url: backend.baseUrl },
      elapsed_ms: report.elapsedMs,
      services: report.services.map((s) => ({ service_code: s.serviceCode, service_name: s.serviceName })),
      enabled_not_offered: report.enabledNotOffered,
      service: {
        service_code: report.service.serviceCode,
        service_name: report.service.serviceName,
        options: report.service.options,
      },
    });
  } catch (e) {
    if (!sendCanadaPostError(res, e)) throw e;
  }
}
