import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { finishConnection, nonceCookie } from "../../../../../medusa/connection-view";
import { runtimeOf } from "../../../../../medusa/scope";

/**
 * GET /admin/canada-post/connection/return: where Canada Post sends the admin back, with the state we gave
 * and the token-id and registration-status it added. Accepted once, from the admin and browser that started;
 * then the connection is in force. Either way the admin lands on the settings page, told what happened.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const runtime = await runtimeOf(req.scope);
  const to = await finishConnection(runtime, req.query as Record<string, unknown>, {
    actor: req.auth_context?.actor_id ?? "",
    cookie: req.headers.cookie,
  });
  // The nonce served once: cleared whatever the outcome.
  res.setHeader("Set-Cookie", nonceCookie("", 0, runtime.options.backendUrl.startsWith("https:")));
  res.redirect(302, to);
}
