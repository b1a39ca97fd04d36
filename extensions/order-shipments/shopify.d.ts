// The `shopify` global of this extension's target (what the Shopify CLI generates beside an extension).
import "@shopify/ui-extensions";

declare module "./src/OrderShipmentsBlock.tsx" {
  const shopify: import("@shopify/ui-extensions/admin.order-details.block.render").Api;
}
