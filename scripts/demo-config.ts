/** What `npm start` sets up and `npm run demo` uses: one place, so the two always agree. */
export const ADMIN_EMAIL = process.env.DEMO_ADMIN_EMAIL || "admin@maple-goods.example";
export const ADMIN_PASSWORD = process.env.DEMO_ADMIN_PASSWORD || "maple-goods-demo";
export const PORT = Number(process.env.PORT || 9000);
export const BACKEND_URL = (process.env.MEDUSA_BACKEND_URL || `http://localhost:${PORT}`).replace(/\/+$/, "");
export const DEFAULT_DATABASE = "canada_post_demo";
export const PUBLISHABLE_KEY_TITLE = "Maple Goods webshop";
