import { int, listOf, object, text, type Infer } from "./answer-schema";
import { CanadaPostInputError } from "./errors";

/** A link Canada Post returns: follow its href with its media type as Accept, rather than rebuilding URLs. */
export const linkReader = object({
  rel: text,
  href: text,
  mediaType: text,
  index: int.optional(),
});
export type Link = Infer<typeof linkReader>;

/** `<links><link .../></links>`: [] when absent. */
export const linksReader = listOf("link", linkReader);

export function findLink(links: Link[], rel: string, index?: number): Link | undefined {
  return links.find((l) => l.rel === rel && (index === undefined || l.index === index));
}

/** Where a link Canada Post returned leads (its own href and media type), once its rel is one of `rels`. */
export function followLink(
  link: Link,
  rels: string[],
  operation: string,
  what: string,
): { url: string; accept: string } {
  if (!rels.includes(link.rel)) {
    throw new CanadaPostInputError(
      operation,
      `expected a link with rel ${rels.map((r) => `"${r}"`).join(" or ")}, got rel "${link.rel}": pass the ${what} id or the matching link`,
    );
  }
  return { url: link.href, accept: link.mediaType };
}
