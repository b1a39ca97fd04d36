import { parseArgs } from "node:util";
import { gid } from "./ids";
import { startLocalShopify } from "./server";

/**
 * `npx tsx src/local-shopify/main.ts [--port 8092] [--api-key k --api-secret s --app-url http://127.0.0.1:3000]`:
 * runs the local Shopify alone with the Maple Goods demo shop and prints where everything is. The app's
 * credentials default to the Shopify CLI's variables (SHOPIFY_API_KEY, SHOPIFY_API_SECRET,
 * SHOPIFY_APP_URL, SCOPES), else to local ones.
 */

const DEFAULT_SCOPES =
  "write_shipping,read_orders,write_merchant_managed_fulfillment_orders,read_products,write_products";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: process.env.LOCAL_SHOPIFY_PORT || "8092" },
      host: { type: "string", default: "127.0.0.1" },
      "api-key": { type: "string", default: process.env.SHOPIFY_API_KEY || "local-shopify-app" },
      "api-secret": { type: "string", default: process.env.SHOPIFY_API_SECRET || "local-shopify-secret" },
      "app-url": { type: "string", default: process.env.SHOPIFY_APP_URL || "http://127.0.0.1:3000" },
      scopes: { type: "string", default: process.env.SCOPES || DEFAULT_SCOPES },
      "auto-approve": { type: "boolean", default: false },
      "strict-urls": { type: "boolean", default: false },
    },
  });
  const running = await startLocalShopify({
    port: Number(values.port),
    host: values.host,
    autoApprove: values["auto-approve"],
    strictUrls: values["strict-urls"],
    apps: [
      {
        apiKey: values["api-key"]!,
        apiSecret: values["api-secret"]!,
        appUrl: values["app-url"],
        scopes: values
          .scopes!.split(",")
          .map((s) => s.trim())
          .filter(Boolean),
        name: "Canada Post (local)",
      },
    ],
  });
  const shop = running.runtime.world.state.shop(running.shopDomain)!;
  const lines = [
    `Local Shopify listening at ${running.url}`,
    `  shop ${shop.name}: ${shop.domain} (admin ${running.url}/admin, Admin GraphQL ${running.url}/admin/api/2026-10/graphql.json)`,
    `  app ${values["api-key"]} (secret ${values["api-secret"]}) at ${values["app-url"]}, scopes ${values.scopes}`,
    `  install: ${running.url}/admin/oauth/authorize?client_id=${values["api-key"]}&scope=${values.scopes}&redirect_uri=${values["app-url"]}/auth/callback&state=…`,
    `  open the app as the admin does: ${running.url}/admin/apps/${values["api-key"]}`,
    `  products:`,
    ...[...shop.products.values()].map((p) => {
      const v = shop.variants.get(p.variantIds[0]!)!;
      return `    ${v.sku.padEnd(16)} ${p.title.padEnd(26)} ${(v.price / 100).toFixed(2).padStart(7)} ${shop.currency}  ${v.grams} g  ${gid("ProductVariant", v.id)}`;
    }),
    `  orders:`,
    ...[...shop.orders.values()].map(
      (o) =>
        `    ${o.name}  ${o.shippingLine?.code ?? ""}  to ${o.shippingAddress?.city} ${o.shippingAddress?.zip} ${o.shippingAddress?.countryCode}  ${gid("Order", o.id)}`,
    ),
    `  controls: ${running.url}/__shopify/state, /requests, /webhooks, POST /checkout, /orders, /faults, /reset`,
    "Ctrl-C to stop.",
  ];
  console.log(lines.join("\n"));
  const stop = () => void running.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((e: unknown) => {
  console.error(`local Shopify could not start: ${(e as Error).message}`);
  process.exit(1);
});
