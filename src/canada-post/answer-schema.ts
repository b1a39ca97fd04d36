import { decodeEntities, elementName, readAnswer, textOf, type Attributes, type ParsedNode } from "./answer";
import { CanadaPostTransportError } from "./errors";

/*
 * Readers of Canada Post's answers, declared once per answer: the TypeScript type of a result comes from its
 * reader, as input types come from zod schemas. A reader walks the parsed tree once, reading each element by
 * its Canada Post name (derived from the camelCase key: `customerRef1` reads `<customer-ref-1>`), turning
 * text into numbers and booleans, repeated elements into arrays, and an empty element into an absent one.
 * No camelCase copy of the tree is made and nothing is looked up twice: this is the hot path of a checkout.
 */

/** What a reader is handed: an element's children and attributes, or an attribute's value. */
type Content = ParsedNode[] | string;

/** An answer of an unexpected shape; the path is filled in on the way out. */
class ShapeError extends Error {
  readonly path: (string | number)[] = [];
}

const fail = (message: string): never => {
  throw new ShapeError(message);
};

export class Reader<T, Optional extends boolean = false> {
  constructor(
    /** Reads an element (children, attributes) or an attribute value that is present and not empty. */
    readonly present: (content: Content, attrs: Attributes | undefined) => T,
    /** What an absent or empty element reads as (a required one fails). */
    readonly absent: () => T,
    readonly isOptional: Optional,
    /** Set on list readers, which take every occurrence of their element. */
    readonly item?: Reader<unknown, boolean>,
  ) {}

  read(content: Content | undefined, attrs: Attributes | undefined): T {
    if (content === undefined || content === "" || (content.length === 0 && isEmpty(attrs))) {
      return this.absent();
    }
    return this.present(content, attrs);
  }

  optional(): Reader<T | undefined, true> {
    return new Reader<T | undefined, true>(this.present, () => undefined, true);
  }

  /** The value (absent ones included) turned into another. */
  map<U>(fn: (value: T) => U): Reader<U, Optional> {
    return new Reader(
      (c, a) => fn(this.present(c, a)),
      () => fn(this.absent()),
      this.isOptional,
    );
  }
}

function isEmpty(attrs: Attributes | undefined): boolean {
  if (attrs === undefined) return true;
  for (const _ in attrs) return false;
  return true;
}

const required = <T>(present: (content: Content, attrs: Attributes | undefined) => T) =>
  new Reader<T>(present, () => fail("is missing"), false);

/* ------------------------------------------------------------------ values */

function textContent(content: Content): string {
  if (typeof content === "string") return decodeEntities(content);
  for (const node of content) {
    const name = elementName(node);
    if (name !== "#text" && name !== "#cdata") fail(`expected text, got <${name}>`);
  }
  return textOf(content);
}

function numberOf(content: Content): number {
  const t = textContent(content);
  const n = Number(t);
  return Number.isFinite(n) && t.trim() !== "" ? n : fail(`expected a number, got "${t}"`);
}

/** Text, entities decoded. */
export const text = required(textContent);
/** A decimal number. */
export const number = required(numberOf);
/** A whole number. */
export const int = required((c) => {
  const n = numberOf(c);
  return Number.isInteger(n) ? n : fail(`expected a whole number, got ${n}`);
});
/** xs:boolean as Canada Post writes it: "true" or "false". */
export const boolean = required((c) => {
  const t = textContent(c);
  return t === "true" ? true : t === "false" ? false : fail(`expected true or false, got "${t}"`);
});
/** A lenient yes/no: true, 1, y or yes (any case) is true, anything else false. */
export const flag = required((c) => /^(true|1|y|yes)$/i.test(textContent(c).trim()));

/** A reader of its own, for a value that is not just text or elements. */
export function custom<T>(read: (content: Content, attrs: Attributes | undefined) => T): Reader<T> {
  return required(read);
}

/* ------------------------------------------------------------------ lists */

/** Every occurrence of the element, in order: [] when there is none. Only as a field of `object`. */
export function list<T, O extends boolean>(item: Reader<T, O>): Reader<T[]> {
  return new Reader<T[]>(
    () => fail("list used outside an object"),
    () => [],
    false,
    item as Reader<unknown, boolean>,
  );
}

function readList(item: Reader<unknown, boolean>, nodes: ParsedNode[], tag: string): unknown[] {
  const out = new Array<unknown>(nodes.length);
  let i = 0;
  try {
    for (; i < nodes.length; i++)
      out[i] = item.read(nodes[i]![tag] as Content, nodes[i]![":@"] as Attributes);
  } catch (e) {
    if (e instanceof ShapeError) e.path.unshift(i);
    throw e;
  }
  return out;
}

/** `<options><option/>…</options>` as the list of its `option` children: [] when absent or empty. */
export function listOf<T, O extends boolean>(child: string, item: Reader<T, O>): Reader<T[]> {
  const key = camelName(child);
  const container = object({ [key]: list(item) });
  return new Reader<T[]>(
    (c, a) => container.present(c, a)[key] as T[],
    () => [],
    false,
  );
}

/* ------------------------------------------------------------------ elements */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Shape = Record<string, Reader<any, boolean>>;
type Out<R> = R extends Reader<infer T, boolean> ? T : never;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends Reader<any, true> ? K : never }[keyof S];
type Simplify<T> = { [K in keyof T]: T[K] } & {};
export type ObjectOf<S extends Shape> = Simplify<
  { [K in Exclude<keyof S, OptionalKeys<S>>]: Out<S[K]> } & { [K in OptionalKeys<S>]?: Out<S[K]> }
>;
/** The value a reader gives. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Infer<R extends Reader<any, boolean>> = Out<R>;

interface Field {
  key: string;
  tag: string;
  reader: Reader<unknown, boolean>;
}

/** `customerRef1` → `customer-ref-1`: the Canada Post name of a camelCase key. */
export function xmlName(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`).replace(/([a-z])(\d)/g, "$1-$2");
}

/** `customer-ref-1` → `customerRef1`. */
export function camelName(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/**
 * An element with the given children (or attributes, read the same way). Others are ignored, unless `loose`,
 * which keeps them too, camelCased (for answers whose every part need not be declared).
 */
export function object<S extends Shape>(shape: S): Reader<ObjectOf<S>>;
export function object<S extends Shape>(
  shape: S,
  options: { loose: true },
): Reader<ObjectOf<S> & { [key: string]: unknown }>;
export function object<S extends Shape>(shape: S, options?: { loose: boolean }): Reader<ObjectOf<S>> {
  const loose = options?.loose === true;
  const fields: Field[] = Object.keys(shape).map((key) => ({ key, tag: xmlName(key), reader: shape[key]! }));
  const index: Record<string, number> = Object.create(null) as Record<string, number>;
  fields.forEach((f, i) => (index[f.tag] = i));
  const n = fields.length;
  return required((content, attrs) => {
    if (typeof content === "string") return fail("expected an element, got an attribute value");
    const slots = new Array<ParsedNode | ParsedNode[] | undefined>(n);
    let extra: ParsedNode[] | undefined;
    for (const node of content) {
      const tag = elementName(node)!;
      const i = index[tag];
      if (i === undefined) {
        if (loose && tag !== "#text" && tag !== "#cdata") (extra ??= []).push(node);
        continue;
      }
      if (fields[i]!.reader.item) ((slots[i] ??= []) as ParsedNode[]).push(node);
      else if (slots[i] === undefined) slots[i] = node;
      else fail(`<${tag}> is repeated`);
    }
    const out: Record<string, unknown> = {};
    let i = 0;
    try {
      for (; i < n; i++) {
        const f = fields[i]!;
        const slot = slots[i];
        let value: unknown;
        if (f.reader.item) value = slot ? readList(f.reader.item, slot as ParsedNode[], f.tag) : [];
        else if (slot)
          value = f.reader.read(
            (slot as ParsedNode)[f.tag] as Content,
            (slot as ParsedNode)[":@"] as Attributes,
          );
        else value = f.reader.read(attrs?.[f.tag], undefined);
        if (value !== undefined) out[f.key] = value;
      }
    } catch (e) {
      if (e instanceof ShapeError) e.path.unshift(fields[i]!.key);
      throw e;
    }
    if (loose) {
      for (const node of extra ?? []) {
        const tag = elementName(node)!;
        const value = anyContent(node[tag] as ParsedNode[], node[":@"] as Attributes | undefined);
        if (value !== undefined) addValue(out, camelName(tag), value);
      }
      for (const name in attrs) {
        if (index[name] === undefined && attrs[name] !== "")
          out[camelName(name)] = decodeEntities(attrs[name]!);
      }
    }
    return out as ObjectOf<S>;
  });
}

/** Any element, camelCased: text, or an object of its children and attributes (repeated ones as arrays). */
function anyContent(children: ParsedNode[], attrs: Attributes | undefined): unknown {
  let out: Record<string, unknown> | undefined;
  let body = "";
  for (const node of children) {
    const tag = elementName(node)!;
    if (tag === "#text" || tag === "#cdata") {
      body += textOf([node]);
      continue;
    }
    const value = anyContent(node[tag] as ParsedNode[], node[":@"] as Attributes | undefined);
    if (value !== undefined) addValue((out ??= {}), camelName(tag), value);
  }
  for (const name in attrs) {
    if (attrs[name] !== "") (out ??= {})[camelName(name)] = decodeEntities(attrs[name]!);
  }
  if (out) {
    if (body) out.value = body;
    return out;
  }
  return body === "" ? undefined : body;
}

function addValue(out: Record<string, unknown>, key: string, value: unknown) {
  const prior = out[key];
  out[key] =
    prior === undefined ? value : Array.isArray(prior) ? [...(prior as unknown[]), value] : [prior, value];
}

/* ------------------------------------------------------------------ answers */

/**
 * An operation's answer read with its reader: the result, or the CanadaPostError of a `<messages>` envelope,
 * or a CanadaPostTransportError "malformed" for an answer that is unreadable or not of the documented shape.
 */
export function readAnswerWith<T>(
  reader: Reader<T, boolean>,
  text: string,
  status: number,
  operation: string,
  root: string,
): T {
  const doc = readAnswer(text, status, operation, root);
  try {
    return reader.read(doc.children, doc.attrs);
  } catch (e) {
    if (!(e instanceof ShapeError)) throw e;
    const where = e.path.length ? e.path.join(".") : "root";
    throw new CanadaPostTransportError(operation, "malformed", `unexpected answer: ${where}: ${e.message}`, {
      cause: e,
    });
  }
}
