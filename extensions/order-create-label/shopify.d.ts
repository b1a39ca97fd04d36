// The `shopify` global of this extension's target (what the Shopify CLI generates beside an extension).
import "@shopify/ui-extensions";

declare module "./src/CreateLabelAction.tsx" {
  const shopify: import("@shopify/ui-extensions/admin.order-details.action.render").Api;
}
