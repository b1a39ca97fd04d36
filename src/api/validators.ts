import { z } from "@medusajs/framework/zod";

/**
 * Query and body schemas of the Canada Post routes, checked by Medusa's validators (strict: an unknown
 * parameter is refused with its name). Medusa bundles its own zod, so these use it.
 */

const lang = z.enum(["en", "fr"], { message: 'lang must be "en" or "fr"' }).optional();

export const AdminListShipmentsQuery = z.object({
  order_id: z
    .string({ message: "order_id is required: the id of the order whose shipments to list (order_...)" })
    .trim()
    .min(1, "order_id must not be empty"),
  lang,
});

export const TrackingQuery = z.object({ lang });

/** Void-or-refund takes no options today; an empty body (or none) is what it expects. */
export const VoidOrRefundBody = z.preprocess((body) => body ?? {}, z.object({}).strict());

/** Transmit: the groups to close, as listed in `waiting` by GET /admin/canada-post/manifests. */
export const TransmitManifestsBody = z.object({
  group_ids: z
    .array(z.string().trim().min(1, "a group id must not be empty"), {
      message: 'group_ids is required: the groups to transmit, e.g. ["20261121"]',
    })
    .min(1, "group_ids must name at least one group"),
});

/** Postgres keeps display_id in an integer column: a larger number could never match (and must not reach SQL). */
const MAX_ORDER_NUMBER = 2_147_483_647;

/**
 * A guest's tracking lookup: the order number the shopper was shown (Medusa's display_id; 1001, "1001" or
 * "#1001") and the email the order was placed with. Medusa's validator names the field in its 400.
 */
export const GuestTrackingLookupBody = z.object({
  order_number: z
    .union([
      z.number(),
      z
        .string()
        .trim()
        .regex(/^#?\s*\d{1,10}$/)
        .transform((s) => Number(s.replace(/^#\s*/, ""))),
    ])
    .pipe(z.number().int().min(1).max(MAX_ORDER_NUMBER)),
  email: z.string().trim().max(254).pipe(z.email()),
  lang,
});

export type GuestTrackingLookup = z.infer<typeof GuestTrackingLookupBody>;
