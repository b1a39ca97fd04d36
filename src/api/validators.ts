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
