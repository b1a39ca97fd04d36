import { GraphQLError } from "graphql";
import { requiredAccessText } from "../scopes";

/**
 * Relay connections as Shopify pages them: exactly one of `first` or `last`, opaque base64 cursors that
 * decode to {"last_id":…,"last_value":…}, `after`/`before`, and `reverse`.
 */

export interface PageArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  reverse?: boolean | null;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
}

export const badRequest = (message: string) =>
  new GraphQLError(message, { extensions: { code: "BAD_REQUEST" } });

export function cursorFor(id: number, value: string | number = id): string {
  return Buffer.from(JSON.stringify({ last_id: id, last_value: String(value) })).toString("base64");
}

function cursorId(cursor: string): number | undefined {
  try {
    const v = JSON.parse(Buffer.from(cursor, "base64").toString("utf8")) as { last_id?: unknown };
    return typeof v.last_id === "number" ? v.last_id : undefined;
  } catch {
    return undefined;
  }
}

/** A page of `items` (already sorted and filtered), cursors from each item's numeric id. */
export function connection<T>(items: T[], args: PageArgs, idOf: (item: T) => number): Connection<T> {
  const hasFirst = args.first !== undefined && args.first !== null;
  const hasLast = args.last !== undefined && args.last !== null;
  if (!hasFirst && !hasLast) throw badRequest("you must provide one of first or last");
  if (hasFirst && hasLast) throw badRequest("providing both first and last is not supported");
  const size = (hasFirst ? args.first : args.last)!;
  if (size < 0) throw badRequest(`${hasFirst ? "first" : "last"} must be greater than or equal to 0`);
  if (size > 250) throw badRequest(`${hasFirst ? "first" : "last"} must be less than or equal to 250`);
  let list = args.reverse ? [...items].reverse() : items;
  if (args.after) {
    const id = cursorId(args.after);
    const at = list.findIndex((i) => idOf(i) === id);
    list = at >= 0 ? list.slice(at + 1) : [];
  }
  if (args.before) {
    const id = cursorId(args.before);
    const at = list.findIndex((i) => idOf(i) === id);
    list = at >= 0 ? list.slice(0, at) : list;
  }
  const page = hasFirst ? list.slice(0, size) : list.slice(Math.max(0, list.length - size));
  const start = list.indexOf(page[0]!);
  const edges = page.map((node) => ({ cursor: cursorFor(idOf(node)), node }));
  return {
    edges,
    nodes: page,
    pageInfo: {
      hasNextPage: hasFirst ? list.length > size : false,
      hasPreviousPage: hasLast ? start > 0 : Boolean(args.after) && items.length > list.length,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/** Shopify's ACCESS_DENIED error for a field the token's scopes do not reach. */
export function accessDenied(field: string, anyOf: readonly string[]): GraphQLError {
  const required = requiredAccessText(anyOf);
  return new GraphQLError(`Access denied for ${field} field. Required access: ${required}`, {
    extensions: {
      code: "ACCESS_DENIED",
      documentation: "https://shopify.dev/api/usage/access-scopes",
      requiredAccess: required,
    },
  });
}
