import { z } from "zod";

/** Response values arrive as strings (or are absent, for empty elements); these read them. */
export const xmlNumber = z.coerce.number();
export const xmlInt = z.coerce.number().int();
export const xmlBoolean = z
  .union([z.boolean(), z.enum(["true", "false"])])
  .transform((v) => v === true || v === "true");
export const xmlString = z.coerce.string();

/** An element that may repeat but was not declared repeated: always an array. */
export const many = <T extends z.ZodType>(item: T) =>
  z
    .union([z.array(item), item, z.undefined()])
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));
