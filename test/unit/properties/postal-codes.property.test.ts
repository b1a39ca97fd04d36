import fc from "fast-check";
import {
  canadianPostalCode,
  CanadaPostInputError,
  isCanadianPostalCode,
  normalisePostalCode,
} from "../../../src/canada-post";
import { destinationProblem } from "../../../src/shipping/quote-problems";
import { check } from "./seed";

/**
 * Postal codes, checked against Canada Post's own statement of the format, written here apart from the
 * code: six characters, letter digit letter digit letter digit (A9A 9A9); D, F, I, O, Q and U never
 * appear, and W and Z never first. A shopper may type it in either case, with a space or a dash between the
 * halves, and blanks around it.
 */
const ANY_LETTER = "ABCEGHJKLMNPRSTVWXYZ";
const FIRST_LETTER = "ABCEGHJKLMNPRSTVXY";
const DIGITS = "0123456789";

/** The code in Canada Post's form when `typed` is one, else undefined: Canada Post's rule, not format.ts. */
function canadaPostForm(typed: string): string | undefined {
  // Separators a person types or pastes: blanks of any kind (what String.prototype.trim removes), a dash.
  const compact = [...typed].filter((c) => c !== "-" && c.trim() !== "").join("");
  if (compact.length !== 6) return undefined;
  let out = "";
  for (let i = 0; i < 6; i++) {
    const c = compact[i]!;
    // Letters of the Latin alphabet only, in either case: "ſ" (long s) is no S to Canada Post.
    const upper = c >= "a" && c <= "z" ? String.fromCharCode(c.charCodeAt(0) - 32) : c;
    const allowed = i % 2 === 1 ? DIGITS : i === 0 ? FIRST_LETTER : ANY_LETTER;
    if (!allowed.includes(upper)) return undefined;
    out += upper;
  }
  return out;
}

const pick = (chars: string) => fc.constantFrom(...chars.split(""));
const anyCase = (chars: string) => pick(chars + chars.toLowerCase());
/** A real code's six characters in either case, with a separator and blanks a shopper might type. */
const validCode = fc
  .tuple(
    anyCase(FIRST_LETTER),
    pick(DIGITS),
    anyCase(ANY_LETTER),
    fc.constantFrom("", " ", "-", "  ", "\u00a0"),
    pick(DIGITS),
    anyCase(ANY_LETTER),
    pick(DIGITS),
    fc.constantFrom("", " ", "\t", "\n"),
  )
  .map(([a, b, c, sep, d, e, f, pad]) => `${pad}${a}${b}${c}${sep}${d}${e}${f}${pad}`);
/** Near misses: a real code with one character swapped for anything, inserted or dropped. */
const lookalikeChar = fc.oneof(
  pick("DFIOQUWZdfioquwz0123456789"),
  fc.constantFrom(
    "ſ",
    "ı",
    "\u212a",
    "К",
    "Ｋ",
    "ᴋ",
    "K",
    "²",
    "٣",
    "𝟘",
    "ß",
    "ﬆ",
    "_",
    ".",
    "/",
    "\u0000",
    "\u200b",
  ),
  fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
);
const nearMiss = fc
  .tuple(validCode, fc.nat(), lookalikeChar, fc.constantFrom("swap", "insert", "drop"))
  .map(([code, at, ch, how]) => {
    const chars = [...code];
    const i = at % chars.length;
    if (how === "swap") chars[i] = ch;
    else if (how === "insert") chars.splice(i, 0, ch);
    else chars.splice(i, 1);
    return chars.join("");
  });
const anyTyped = fc.oneof(validCode, nearMiss, fc.string({ unit: "binary", maxLength: 9 }), fc.string());

describe("Canadian postal codes", () => {
  it("accept exactly what Canada Post's format allows, in Canada Post's form", () => {
    check(
      fc.property(anyTyped, (typed) => {
        const expected = canadaPostForm(typed);
        expect(isCanadianPostalCode(typed)).toBe(expected !== undefined);
        if (expected === undefined) {
          expect(() => canadianPostalCode(typed, "postalCode", "Test")).toThrow(CanadaPostInputError);
          expect(destinationProblem({ country: "CA", postalCode: typed })?.code).toBe(
            typed.trim() ? "invalid_postal_code" : "postal_code_required",
          );
        } else {
          expect(canadianPostalCode(typed, "postalCode", "Test")).toBe(expected);
          expect(destinationProblem({ country: "CA", postalCode: typed })).toBeUndefined();
        }
      }),
      4000,
    );
  });

  it("normalise idempotently: a normalised code normalises to itself and is accepted alike", () => {
    check(
      fc.property(anyTyped, (typed) => {
        const once = normalisePostalCode(typed);
        expect(normalisePostalCode(once)).toBe(once);
        expect(isCanadianPostalCode(once)).toBe(isCanadianPostalCode(typed));
      }),
      2000,
    );
  });
});
