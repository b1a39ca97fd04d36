import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { deliveryCheck } from "../../../../../../medusa/delivery-check";
import { pathId } from "../../../../../../medusa/params";

/**
 * GET /store/canada-post/carts/:id/delivery: the cart's Canada Post prices, or why there are none (an
 * address Canada Post cannot read, a cart it cannot carry, Canada Post unreachable), in the shopper's
 * language, for the storefront's delivery step. Needs the cart's id, as every store cart route.
 */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const { lang } = req.validatedQuery as { lang?: "en" | "fr" };
  const cartId = pathId(req.params.id, "cart", "use the id of the shopper's cart (cart_...)");
  res.json(await deliveryCheck(req.scope, cartId, lang));
}
