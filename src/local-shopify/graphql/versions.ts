/**
 * The Admin API versions the local Shopify answers. Each serves the same schema subset (taken from
 * 2026-07); the version named in the URL is echoed in X-Shopify-API-Version and recorded on webhook
 * subscriptions created through it. 2026-10 is the newest stable version, as at Shopify in late 2026.
 */
export const SUPPORTED_VERSIONS = ["2025-10", "2026-01", "2026-04", "2026-07", "2026-10", "unstable"];
export const LATEST_VERSION = "2026-10";
