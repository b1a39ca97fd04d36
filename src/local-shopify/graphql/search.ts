/**
 * A subset of Shopify's search syntax for `query:` arguments: `field:value` terms joined by spaces (AND)
 * or `OR`, negated with `-` or `NOT`, comparisons `field:>value` `>=` `<` `<=`, quoted values (" or '), a trailing
 * `*` for prefixes, and bare words searched in the resource's default fields. Parentheses are ignored.
 */

export interface Term {
  field?: string;
  op: ":" | ">" | ">=" | "<" | "<=";
  value: string;
  negate: boolean;
}

/** The query as OR-groups of AND-ed terms. */
export function parseSearch(query: string | null | undefined): Term[][] {
  if (!query?.trim()) return [];
  const tokens =
    query.replace(/[()]/g, " ").match(/-?[\w.]+:(?:[<>]=?)?\s*(?:"[^"]*"|'[^']*')|"[^"]*"|'[^']*'|\S+/g) ??
    [];
  const groups: Term[][] = [[]];
  let negateNext = false;
  for (const token of tokens) {
    if (token === "OR") {
      groups.push([]);
      continue;
    }
    if (token === "AND") continue;
    if (token === "NOT") {
      negateNext = true;
      continue;
    }
    let t = token;
    let negate = negateNext;
    negateNext = false;
    if (t.startsWith("-") && t.length > 1) {
      negate = true;
      t = t.slice(1);
    }
    const m = /^([\w.]+):\s*(>=|<=|>|<)?\s*(.*)$/.exec(t);
    const unquote = (v: string) => v.replace(/^"(.*)"$|^'(.*)'$/, "$1$2");
    if (m)
      groups
        .at(-1)!
        .push({ field: m[1]!.toLowerCase(), op: (m[2] as Term["op"]) ?? ":", value: unquote(m[3]!), negate });
    else groups.at(-1)!.push({ op: ":", value: unquote(t), negate });
  }
  return groups.filter((g) => g.length);
}

export type FieldValue = string | number | boolean | Date | undefined | (string | number)[];

/** What a resource answers for a search field; `default` for bare words. Undefined: not searchable. */
export type FieldLookup<T> = (item: T, field: string) => FieldValue | ((term: Term) => boolean);

function compare(actual: FieldValue, term: Term): boolean {
  if (actual === undefined) return false;
  if (Array.isArray(actual)) return actual.some((a) => compare(a, term));
  const want = term.value;
  if (actual instanceof Date || term.op !== ":") {
    const left = actual instanceof Date ? actual.getTime() : Number(actual);
    const right = actual instanceof Date ? Date.parse(want) : Number(want);
    if (Number.isNaN(left) || Number.isNaN(right)) return false;
    if (term.op === ">") return left > right;
    if (term.op === ">=") return left >= right;
    if (term.op === "<") return left < right;
    if (term.op === "<=") return left <= right;
    return actual instanceof Date
      ? want.length <= 10
        ? new Date(left).toISOString().startsWith(want)
        : left === right
      : left === right;
  }
  const text = String(actual).toLowerCase();
  const w = want.toLowerCase();
  if (w === "*") return text !== "";
  if (w.endsWith("*")) return text.startsWith(w.slice(0, -1));
  return text === w;
}

export function matches<T>(item: T, groups: Term[][], lookup: FieldLookup<T>): boolean {
  if (!groups.length) return true;
  return groups.some((group) =>
    group.every((term) => {
      const got = lookup(item, term.field ?? "default");
      const hit =
        typeof got === "function"
          ? got(term)
          : term.field === undefined
            ? containsWord(got, term.value)
            : compare(got, term);
      return term.negate ? !hit : hit;
    }),
  );
}

function containsWord(actual: FieldValue, word: string): boolean {
  if (actual === undefined) return false;
  const values = Array.isArray(actual) ? actual : [actual];
  const w = word.toLowerCase().replace(/\*$/, "");
  return values.some((v) =>
    String(v instanceof Date ? v.toISOString() : v)
      .toLowerCase()
      .includes(w),
  );
}
