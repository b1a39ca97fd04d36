/** What `npm start` sets up and `npm run demo` uses: one place, so the two always agree. */
export const ADMIN_EMAIL = process.env.DEMO_ADMIN_EMAIL || "admin@maple-goods.example";
export const ADMIN_PASSWORD = process.env.DEMO_ADMIN_PASSWORD || "maple-goods-demo";
export const PORT = Number(process.env.PORT || 9000);
export const BACKEND_URL = (process.env.MEDUSA_BACKEND_URL || `http://localhost:${PORT}`).replace(/\/+$/, "");
export const DEFAULT_DATABASE = "canada_post_demo";
export const PUBLISHABLE_KEY_TITLE = "Maple Goods webshop";
/** The demo customer, a known login for the storefront: npm start creates it, npm run demo orders as it. */
export const CUSTOMER_EMAIL = process.env.DEMO_CUSTOMER_EMAIL || "camille@maple-goods.example";
export const CUSTOMER_PASSWORD = process.env.DEMO_CUSTOMER_PASSWORD || "maple-goods-customer";
/** The demo storefront beside Medusa; 8000 is the store CORS origin medusa-config.ts allows by default. */
export const STORE_PORT = Number(process.env.STORE_PORT || 8000);
export const STOREFRONT_URL = (process.env.STOREFRONT_URL || `http://localhost:${STORE_PORT}`).replace(
  /\/+$/,
  "",
);
