import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { CONNECTION_PATH, nonceCookie } from "../../../../../medusa/connection-view";
import { sendCanadaPostError } from "../../../../../medusa/http-errors";
import { runtimeOf } from "../../../../../medusa/scope";

/**
 * POST /admin/canada-post/connection/start: Connect with Canada Post. Gets a registration token with the
 * platform's key and answers the Canada Post page to send the admin to; the return is bound to this admin
 * (the state's actor) and this browser (an HttpOnly nonce cookie).
 */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const runtime = await runtimeOf(req.scope);
  if (!runtime.registration) {
    res.status(400).json({
      type: "not_allowed",
      message:
        "Connect with Canada Post needs your platform's key: set CANADA_POST_PLATFORM_USERNAME, CANADA_POST_PLATFORM_PASSWORD and CANADA_POST_PLATFORM_ID.",
    });
    return;
  }
  try {
    const returnUrl = `${runtime.options.backendUrl}${CONNECTION_PATH}/return`;
    const { redirectUrl, nonce } = await runtime.registration.start({
      returnUrl,
      actor: req.auth_context?.actor_id ?? "",
    });
    res.setHeader("Set-Cookie", nonceCookie(nonce, 30 * 60, returnUrl.startsWith("https:")));
    res.json({ redirect_url: redirectUrl });
  } catch (e) {
    if (!sendCanadaPostError(res, e)) throw e;
  }
}
