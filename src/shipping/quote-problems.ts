/**
 * Why a cart gets no Canada Post price, as the shopper can be told: a code a storefront can act on and a
 * sentence in the shopper's language (English or French) that says what to fix. The address is the
 * shopper's to type, so nothing here is an error of the store: it is "no price, and here is why".
 */
import { isCanadianPostalCode, normalisePostalCode } from "../canada-post";

export type QuoteProblemCode =
  | "invalid_country"
  | "postal_code_required"
  | "invalid_postal_code"
  | "invalid_zip_code"
  | "currency_not_supported"
  | "cannot_pack"
  | "no_service"
  | "rates_unavailable";

export interface QuoteProblem {
  code: QuoteProblemCode;
  /** The shopper's field at fault, when there is one. */
  field?: "country" | "postal_code" | "currency" | "cart";
  /** What the shopper should do, in English and in French. */
  message: { en: string; fr: string };
}

const US_ZIP = /^\d{5}(-?\d{4})?$/;
const POSTAL = /^[A-Za-z0-9][A-Za-z0-9 -]{0,9}$/;
const regions = new Intl.DisplayNames(["en"], { type: "region", fallback: "code" });
/** Region codes Intl names that no parcel can be addressed to. */
const NOT_COUNTRIES = new Set(["ZZ", "EU", "EZ", "UN", "QO"]);

/** Answers by code, at most 26 × 26 of them: asking Intl for a region's name is slow for every checkout. */
const countries = new Map<string, boolean>();

/** A region Intl knows by a name of its own (so not a made-up code) that parcels can be addressed to. */
function isCountry(code: string): boolean {
  if (!/^[A-Z]{2}$/.test(code)) return false;
  let known = countries.get(code);
  if (known === undefined) {
    known = regions.of(code) !== code && !NOT_COUNTRIES.has(code);
    countries.set(code, known);
  }
  return known;
}

/** The destination's problem, or undefined when Canada Post can be asked. */
export function destinationProblem(destination: {
  country?: string;
  postalCode?: string;
}): QuoteProblem | undefined {
  const country = (destination.country ?? "").trim().toUpperCase();
  if (!isCountry(country)) {
    return {
      code: "invalid_country",
      field: "country",
      message: {
        en: "Choose the country the parcel goes to.",
        fr: "Choisissez le pays de destination du colis.",
      },
    };
  }
  const postal = (destination.postalCode ?? "").trim();
  if (country === "CA") {
    if (!postal) return required("postal code", "code postal");
    if (!isCanadianPostalCode(postal))
      return {
        code: "invalid_postal_code",
        field: "postal_code",
        message: {
          en: `"${shown(postal)}" is not a Canadian postal code: write it as A1A 1A1, for example K2B 8J6.`,
          fr: `« ${shown(postal)} » n'est pas un code postal canadien : écrivez-le sous la forme A1A 1A1, par exemple K2B 8J6.`,
        },
      };
    return undefined;
  }
  if (country === "US") {
    if (!postal) return required("ZIP code", "code ZIP");
    if (!US_ZIP.test(postal.replace(/\s+/g, "")))
      return {
        code: "invalid_zip_code",
        field: "postal_code",
        message: {
          en: `"${shown(postal)}" is not a US ZIP code: write it as 12345 or 12345-6789.`,
          fr: `« ${shown(postal)} » n'est pas un code ZIP américain : écrivez-le sous la forme 12345 ou 12345-6789.`,
        },
      };
    return undefined;
  }
  if (postal && !POSTAL.test(postal))
    return {
      code: "invalid_postal_code",
      field: "postal_code",
      message: {
        en: `"${shown(postal)}" is not a postal code Canada Post can read: use up to 10 letters, digits, spaces or dashes.`,
        fr: `« ${shown(postal)} » n'est pas un code postal lisible par Postes Canada : utilisez au plus 10 lettres, chiffres, espaces ou tirets.`,
      },
    };
  return undefined;
}

/** The destination as Canada Post is asked about it, once destinationProblem found nothing wrong. */
export function cleanDestination(destination: { country: string; postalCode?: string }) {
  const country = destination.country.trim().toUpperCase();
  const postal = destination.postalCode?.trim();
  return {
    country,
    postalCode: !postal ? undefined : country === "CA" ? normalisePostalCode(postal) : postal.toUpperCase(),
  };
}

export function currencyProblem(currency: string): QuoteProblem {
  return {
    code: "currency_not_supported",
    field: "currency",
    message: {
      en: `Canada Post shipping is priced in Canadian dollars, and this store has no exchange rate for ${currency}: choose Canadian dollars to see it.`,
      fr: `L'expédition par Postes Canada est tarifée en dollars canadiens et ce magasin n'a pas de taux de change pour ${currency} : choisissez les dollars canadiens pour la voir.`,
    },
  };
}

function required(en: string, fr: string): QuoteProblem {
  return {
    code: "postal_code_required",
    field: "postal_code",
    message: { en: `Add the ${en} of the address.`, fr: `Ajoutez le ${fr} de l'adresse.` },
  };
}

/** A shopper's text, shown back without control characters and not at any length. */
function shown(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  return text.replace(/[\u0000-\u001f\u007f]/g, "").slice(0, 40);
}

/**
 * Why a cart Canada Post was asked about has no price: no offered service carries it there (9111, 9112,
 * none reaching the country), or Canada Post could not answer and the merchant set no fallback rates.
 */
export function explainNoRates(result: { quotes: unknown[]; source: string; problem?: QuoteProblem }) {
  if (result.quotes.length) return undefined;
  if (result.problem) return result.problem;
  if (result.source === "fallback")
    return {
      code: "rates_unavailable",
      message: {
        en: "Canada Post cannot be reached right now: try again in a moment, or choose another way to ship.",
        fr: "Postes Canada est injoignable pour le moment : réessayez dans un instant, ou choisissez un autre mode d'expédition.",
      },
    } satisfies QuoteProblem;
  return {
    code: "no_service",
    field: "cart",
    message: {
      en: "Canada Post offers none of this store's services for this cart to this address.",
      fr: "Postes Canada n'offre aucun des services de ce magasin pour ce panier à cette adresse.",
    },
  } satisfies QuoteProblem;
}

/** A cart Canada Post cannot take as it is (too heavy, too large, too many units): the packer's words. */
export function packingProblem(detail: string): QuoteProblem {
  return {
    code: "cannot_pack",
    field: "cart",
    message: {
      en: `This cart cannot be shipped by Canada Post as it is: ${detail}`,
      fr: `Ce panier ne peut pas être expédié par Postes Canada tel quel : ${detail}`,
    },
  };
}
