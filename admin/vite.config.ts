/**
 * The Shopify embedded admin, built into admin/dist: index.html (the server fills in the client id and the App
 * Bridge script) and hashed assets under /assets, which the app serves at its URL. `npm run build:admin`.
 */
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  root: __dirname,
  base: "/",
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // Polaris is one large module; the admin loads once per session inside Shopify's admin.
    chunkSizeWarningLimit: 2000,
  },
  logLevel: "warn",
});
