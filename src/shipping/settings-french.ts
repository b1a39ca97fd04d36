/**
 * The settings' problems in French, for the admins that speak it. settings.ts writes each problem once, in
 * English, where it is found (zod's messages, refinements); this file says each of them in French: the fixed
 * ones word for word, the ones that carry a value (a box's name, a limit, a list) by their pattern. A problem
 * with no French here stays in English, and the settings tests list every problem a merchant can meet.
 */

const FIXED: Record<string, string> = {
  "is not a Canadian postal code: write it as A9A 9A9, e.g. K2B 8J6":
    "n'est pas un code postal canadien : écrivez-le A9A 9A9, par exemple K2B 8J6",
  "is not a Canada Post service code: write it like DOM.EP, USA.XP or INT.IP.AIR":
    "n'est pas un code de service de Postes Canada : écrivez-le comme DOM.EP, USA.XP ou INT.IP.AIR",
  "must be an http(s) URL, e.g. http://127.0.0.1:8080":
    "doit être une URL http(s), par exemple http://127.0.0.1:8080",
  "must be https: the API key is sent with every call (plain http only for a simulator on this machine, e.g. http://127.0.0.1:8090)":
    "doit être en https : la clé d'API accompagne chaque appel (http seulement pour un simulateur sur cette machine, par exemple http://127.0.0.1:8090)",
  "give both username and password of your API key, or neither to use the built-in simulator":
    "donnez le nom d'utilisateur et le mot de passe de votre clé d'API, ou aucun des deux pour utiliser le simulateur intégré",
  "is required with credentials: shipments are created under your customer number":
    "est requis avec une clé d'API : les envois sont créés sous votre numéro de client",
  'production needs the username and password of your production API key; use "sandbox" without':
    "la production demande le nom d'utilisateur et le mot de passe de votre clé d'API de production ; sans eux, utilisez « sandbox »",
  'contradicts env "simulator" (the built-in simulator): remove it, or set env to "sandbox" or "production" to use your API key':
    "contredit env « simulator » (le simulateur intégré) : retirez-le, ou mettez env à « sandbox » ou « production » pour utiliser votre clé d'API",
  "enable at least one service, or checkout offers no rates":
    "activez au moins un service, sinon la caisse n'offre aucun tarif",
  "list at most 20 services: Get Rates rates at most 20 at once":
    "indiquez au plus 20 services : Obtenir les tarifs en évalue au plus 20 à la fois",
  "must be at least 200 ms: Canada Post rarely answers faster":
    "doit être d'au moins 200 ms : Postes Canada répond rarement plus vite",
  "must be below 10000 ms: Medusa's cart lock and Shopify's rate callback expire at 10 s":
    "doit être sous 10000 ms : le verrou de panier de Medusa et l'appel de tarifs de Shopify expirent à 10 s",
  'ZPL is a language for thermal printers, only for 4x6 thermal paper (Canada Post error 9191): set outputFormat to "4x6", or encoding to "PDF"':
    "ZPL est un langage d'imprimante thermique, seulement pour le papier thermique 4x6 (erreur 9191 de Postes Canada) : mettez outputFormat à « 4x6 », ou encoding à « PDF »",
  "must be 1 to 20 letters, digits, - or _": "doit compter de 1 à 20 lettres, chiffres, - ou _",
  "is not a time zone: write an IANA name such as America/Toronto":
    "n'est pas un fuseau horaire : écrivez un nom IANA comme America/Toronto",
  'must be "none", "orderValue" or { fixed: amount }':
    "doit être « none », « orderValue » ou { fixed: montant }",
  "must be the 4 letters or digits of your Canada Post site":
    "doit être les 4 lettres ou chiffres de votre site de Postes Canada",
  "must be true for a pickup": "doit être true pour un ramassage",
  "must be an ISO currency code such as USD or EUR": "doit être un code de devise ISO comme USD ou EUR",
  "requested-shipping-point and shipping-point-id are mutually exclusive (Canada Post error 9189): keep pickup or shippingPointId, not both":
    "requested-shipping-point et shipping-point-id s'excluent (erreur 9189 de Postes Canada) : gardez pickup ou shippingPointId, pas les deux",
  'contract rates need your contract id: set canadaPost.contractId, or rates to "commercial"':
    "les tarifs de contrat demandent votre numéro de contrat : indiquez canadaPost.contractId, ou mettez rates à « commercial »",
  'non-contract shipments are not billed at contract prices: set rates to "commercial" or "counter"':
    "les envois hors contrat ne sont pas facturés aux prix du contrat : mettez rates à « commercial » ou « counter »",
  "must not be empty": "ne doit pas être vide",
};

const TYPES: Record<string, string> = {
  "a string": "une chaîne de caractères",
  "a number": "un nombre",
  "a boolean": "un booléen",
  "an object": "un objet",
  "an array": "un tableau",
  "a record": "un objet",
  "an int": "un nombre entier",
};
const typeFr = (t: string) => TYPES[t] ?? t;

/** Limits of a box (limits.ts's breaches, said of a box, whose weight is not checked there). */
const BREACH: [RegExp, (m: RegExpMatchArray) => string][] = [
  [
    /^has a side of (.+) cm, over Canada Post's (.+) cm limit for any side$/,
    (m) => `a un côté de ${m[1]} cm, au-delà de la limite de ${m[2]} cm de Postes Canada pour tout côté`,
  ],
  [
    /^measures (.+) cm in length \+ girth \((.+)\), over Canada Post's (.+) cm limit$/,
    (m) =>
      `mesure ${m[1]} cm en longueur + pourtour (${m[2]}), au-delà de la limite de ${m[3]} cm de Postes Canada`,
  ],
];

const PATTERNS: [RegExp, (m: RegExpMatchArray) => string | undefined][] = [
  [
    /^(\w+) must be up to 10 digits, as on your Canada Post account$/,
    (m) => `${m[1]} doit compter au plus 10 chiffres, comme sur votre compte de Postes Canada`,
  ],
  [
    /^must be a province or territory code: (.+)$/,
    (m) => `doit être un code de province ou de territoire : ${m[1]}`,
  ],
  [
    /^must be at most (.+) kg, Canada Post's limit$/,
    (m) => `doit être d'au plus ${m[1]} kg, la limite de Postes Canada`,
  ],
  [
    /^must be less than maxWeight \((.+) kg\), or the box can hold nothing$/,
    (m) => `doit être inférieur à maxWeight (${m[1]} kg), sinon la boîte ne peut rien contenir`,
  ],
  [
    /^the box (.+): use a smaller box$/,
    (m) => {
      const breach = french(m[1]!, BREACH);
      return breach === undefined ? undefined : `la boîte ${breach} : utilisez une boîte plus petite`;
    },
  ],
  [
    /^"(.*)" is used twice: box names must differ$/s,
    (m) => `« ${m[1]} » figure deux fois : les noms de boîtes doivent différer`,
  ],
  [/^unknown placeholder \{(.*)\}: use (.+)$/s, (m) => `espace réservé inconnu {${m[1]}} : utilisez ${m[2]}`],
  [
    /^(.+) is listed twice: list each service once$/,
    (m) => `${m[1]} figure deux fois : indiquez chaque service une fois`,
  ],
  [/^must be one of (.+)$/s, (m) => `doit être l'une des valeurs ${m[1]}`],
  [/^is required \((.+)\)$/, (m) => `est requis (${typeFr(m[1]!)})`],
  [/^must be (a|an) (\w+)$/, (m) => `doit être ${typeFr(`${m[1]} ${m[2]}`)}`],
  [/^must be at least (.+)$/, (m) => `doit être d'au moins ${m[1]}`],
  [/^must be more than (.+)$/, (m) => `doit être supérieur à ${m[1]}`],
  [/^must be at most (\S+) characters$/, (m) => `doit compter au plus ${m[1]} caractères`],
  [/^must be at most (.+)$/, (m) => `doit être d'au plus ${m[1]}`],
  [/^must be less than (.+)$/, (m) => `doit être inférieur à ${m[1]}`],
  [
    /^unknown setting (.+): check its spelling, or remove it$/s,
    (m) => `réglage inconnu ${m[1]} : vérifiez son orthographe, ou retirez-le`,
  ],
  [/^(\w+) is required, e\.g\. (.+)$/, (m) => `${m[1]} est requis, par exemple ${m[2]}`],
  [/^(\w+) must be an object, e\.g\. (.+)$/, (m) => `${m[1]} doit être un objet, par exemple ${m[2]}`],
];

function french(
  en: string,
  patterns: [RegExp, (m: RegExpMatchArray) => string | undefined][],
): string | undefined {
  for (const [re, say] of patterns) {
    const m = re.exec(en);
    if (m) return say(m);
  }
  return undefined;
}

/** A settings problem in French; undefined when this file does not know it (it is then shown in English). */
export function settingsProblemInFrench(en: string): string | undefined {
  return FIXED[en] ?? french(en, PATTERNS);
}
