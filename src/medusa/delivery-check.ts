import type { MedusaContainer } from "@medusajs/framework/types";
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils";
import { PackingError } from "../shipping/packing";
import { explainNoRates, packingProblem } from "../shipping/quote-problems";
import { cartLineOf, cartSubtotalOf, PRICED_LINE_FIELDS, type MedusaLineLike } from "./mapping";
import { runtimeOf } from "./scope";
import { serviceNameOf } from "./service-names";

type Scope = Pick<MedusaContainer, "resolve">;
type Language = "en" | "fr";

/** What a storefront's delivery step shows under the Canada Post options. */
export interface DeliveryCheckView {
  cart_id: string;
  /** True when Canada Post prices this cart to its address (the options then have amounts). */
  priced: boolean;
  services: { service_code: string; name: string; amount: number; currency_code: string }[];
  /** Why there is no price, in the shopper's language, and the field to fix: null when priced. */
  problem: { code: string; field: string | null; message: string } | null;
}

/**
 * The cart as Medusa prices it at checkout (the provider's own mapping), quoted for every Canada Post
 * service the store offers: the prices, or why there are none. Answers from the quote cache when checkout
 * just priced it.
 */
export async function deliveryCheck(
  scope: Scope,
  cartId: string,
  lang?: Language,
): Promise<DeliveryCheckView> {
  const query = scope.resolve(ContainerRegistrationKeys.QUERY);
  const { data } = await query.graph({
    entity: "cart",
    fields: ["id", "currency_code", "shipping_address.*", ...PRICED_LINE_FIELDS],
    filters: { id: cartId },
  });
  const cart = data[0] as
    | {
        id: string;
        currency_code: string;
        shipping_address?: { country_code?: string | null; postal_code?: string | null } | null;
        items?: MedusaLineLike[];
      }
    | undefined;
  if (!cart) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Cart ${cartId} was not found`);
  const { shipping, options } = await runtimeOf(scope);
  const language = lang ?? options.settings.language;
  const answer = (
    problem: ReturnType<typeof explainNoRates>,
    services: DeliveryCheckView["services"] = [],
  ) => ({
    cart_id: cart.id,
    priced: services.length > 0,
    services,
    problem: problem
      ? { code: problem.code, field: problem.field ?? null, message: problem.message[language] }
      : null,
  });
  let quote;
  try {
    quote = await shipping.rates.quoteCart({
      lines: (cart.items ?? []).map((i) => cartLineOf(i, shipping.settings)),
      destination: {
        country: cart.shipping_address?.country_code ?? "",
        postalCode: cart.shipping_address?.postal_code ?? undefined,
      },
      orderSubtotal: cartSubtotalOf(cart),
      currency: cart.currency_code,
    });
  } catch (e) {
    if (e instanceof PackingError) return answer(packingProblem(e.message));
    throw e;
  }
  return answer(
    explainNoRates(quote),
    quote.quotes.map((q) => ({
      service_code: q.serviceCode,
      name:
        shipping.settings.services.find((s) => s.code === q.serviceCode)?.name ??
        serviceNameOf(q.serviceCode, language),
      amount: q.amount,
      currency_code: (q.currency ?? "CAD").toLowerCase(),
    })),
  );
}
