import type { ExecArgs } from "@medusajs/framework/types";
import { ContainerRegistrationKeys } from "@medusajs/framework/utils";
import { seedDemoStore } from "../medusa/demo-store";

/** `npx medusa exec ./src/scripts/seed-demo.ts`: the Maple Goods demo store, seeded once (rerunning is safe). */
export default async function seedDemo({ container }: ExecArgs): Promise<void> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER);
  const store = await seedDemoStore(container, { log: (m) => logger.info(m) });
  logger.info(
    `Demo store ready: region ${store.regionId}, ${store.products.length} products, ` +
      `${store.shippingOptions.length} Canada Post shipping options, publishable key ${store.publishableKey}`,
  );
}
