import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils";
import { medusaErrorOf } from "../../../../../../medusa/http-errors";
import { quoteComparisonView } from "../../../../../../medusa/manifests";
import {
  cartLineOf,
  cartSubtotalOf,
  isCanadaPostProvider,
  PRICED_LINE_FIELDS,
  toNumber,
  type MedusaLineLike,
} from "../../../../../../medusa/mapping";
import { pathId } from "../../../../../../medusa/params";
import { runtimeOf } from "../../../../../../medusa/scope";
import { listRows } from "../../../../../../medusa/shipment-rows";

interface OrderForQuote {
  id: string;
  currency_code: string;
  shipping_address?: { country_code?: string | null; postal_code?: string | null } | null;
  items?: MedusaLineLike[];
  shipping_methods?: {
    id: string;
    name?: string | null;
    amount: unknown;
    data?: Record<string, unknown> | null;
    shipping_option_id?: string | null;
  }[];
}

/**
 * GET /admin/canada-post/orders/:id/quote: before buying, the order's Canada Post shipping method (its
 * service and what the customer paid at checkout), the parcels its items pack into now, and Canada Post's
 * price now for that service, with the difference (the core's comparison). An order without a Canada Post
 * method gets `shipping_method: null` and why.
 */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY);
  const { data: orders } = await query.graph({
    entity: "order",
    fields: [
      "id",
      "currency_code",
      "shipping_address.*",
      ...PRICED_LINE_FIELDS,
      "shipping_methods.id",
      "shipping_methods.name",
      "shipping_methods.amount",
      "shipping_methods.data",
      "shipping_methods.shipping_option_id",
    ],
    filters: { id: pathId(req.params.id, "order", "use the id of an order (order_...)") },
  });
  const order = orders[0] as unknown as OrderForQuote | undefined;
  if (!order) throw new MedusaError(MedusaError.Types.NOT_FOUND, `No order ${req.params.id}`);

  const methods = order.shipping_methods ?? [];
  const optionIds = methods.map((m) => m.shipping_option_id).filter((id): id is string => !!id);
  const { data: options } = optionIds.length
    ? await query.graph({
        entity: "shipping_option",
        fields: ["id", "provider_id", "data"],
        filters: { id: optionIds },
      })
    : { data: [] };
  const canadaPostOptions = new Map(
    (options as { id: string; provider_id?: string; data?: Record<string, unknown> | null }[])
      .filter((o) => isCanadaPostProvider(o.provider_id))
      .map((o) => [o.id, o]),
  );
  const method = methods.find((m) => m.shipping_option_id && canadaPostOptions.has(m.shipping_option_id));
  if (!method) {
    res.json({
      order_id: order.id,
      shipping_method: null,
      message: "This order has no Canada Post shipping method: there is no Canada Post price to compare",
    });
    return;
  }
  const serviceCode =
    (method.data?.service_code as string | undefined) ??
    (canadaPostOptions.get(method.shipping_option_id!)?.data?.service_code as string | undefined);
  if (!serviceCode) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `The order's shipping method ${method.id} names no Canada Post service: recreate its shipping option from one of the provider's fulfillment options`,
    );
  }
  const address = order.shipping_address;
  if (!address?.country_code) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "The order has no shipping address to price");
  }

  const { shipping, module } = await runtimeOf(req.scope);
  const charged = toNumber(method.amount) ?? 0;
  let comparison;
  try {
    comparison = await shipping.rates.compare({
      lines: (order.items ?? []).map((i) => cartLineOf(i, shipping.settings)),
      destination: {
        country: address.country_code.toUpperCase(),
        postalCode: address.postal_code ?? undefined,
      },
      orderSubtotal: cartSubtotalOf(order),
      currency: order.currency_code,
      serviceCode,
      charged,
    });
  } catch (e) {
    throw medusaErrorOf(e);
  }
  const shipments = await listRows(module, { order_id: order.id });
  res.json(
    quoteComparisonView({
      orderId: order.id,
      currencyCode: order.currency_code,
      method: { id: method.id, name: method.name ?? null, service_code: serviceCode, amount: charged },
      comparison,
      hasShipment: shipments.some((s) => s.status !== "voided"),
    }),
  );
}
