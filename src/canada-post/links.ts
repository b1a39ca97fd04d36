import { z } from "zod";

/** A link Canada Post returns: follow its href with its media type as Accept, rather than rebuilding URLs. */
export const LinkSchema = z.object({
  rel: z.string(),
  href: z.string(),
  mediaType: z.string(),
  index: z.coerce.number().int().optional(),
});
export type Link = z.infer<typeof LinkSchema>;

/** `<links><link .../></links>` parsed and camelized: accepts the container or the bare array. */
export const LinksSchema = z
  .union([z.object({ link: z.array(LinkSchema).optional() }), z.array(LinkSchema), z.undefined()])
  .transform((v): Link[] => (Array.isArray(v) ? v : (v?.link ?? [])));

export function findLink(links: Link[], rel: string, index?: number): Link | undefined {
  return links.find((l) => l.rel === rel && (index === undefined || l.index === index));
}
