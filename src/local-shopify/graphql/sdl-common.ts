/**
 * Scalars, interfaces and shared objects (money, weights, addresses, paging, country and currency codes).
 * From Shopify's Admin GraphQL schema (2026-07), cut to what the local Shopify serves: every field kept has
 * Shopify's name, arguments and type; descriptions are left out.
 */
export const COMMON_SDL = `
scalar URL

interface Node {
  id: ID!
}

interface HasMetafields {
  metafield(namespace: String, key: String!): Metafield
  metafields(namespace: String, keys: [String!], first: Int, after: String, last: Int, before: String, reverse: Boolean = false): MetafieldConnection!
}

interface LegacyInteroperability {
  legacyResourceId: UnsignedInt64!
}

scalar UnsignedInt64

interface DisplayableError {
  field: [String!]
  message: String!
}

type PageInfo {
  endCursor: String
  hasNextPage: Boolean!
  hasPreviousPage: Boolean!
  startCursor: String
}

scalar DateTime

scalar ARN

type UserError implements DisplayableError {
  field: [String!]
  message: String!
}

type MoneyBag {
  shopMoney: MoneyV2!
  presentmentMoney: MoneyV2!
}

type MoneyV2 {
  amount: Decimal!
  currencyCode: CurrencyCode!
}

scalar Decimal

type MailingAddress implements Node {
  id: ID!
  name: String
  firstName: String
  lastName: String
  company: String
  address1: String
  address2: String
  city: String
  province: String
  provinceCode: String
  zip: String
  country: String
  countryCodeV2: CountryCode
  phone: String
  formatted(withName: Boolean = false, withCompany: Boolean = true): [String!]!
  formattedArea: String
}

type Weight {
  unit: WeightUnit!
  value: Float!
}

enum WeightUnit {
  KILOGRAMS
  GRAMS
  POUNDS
  OUNCES
}

scalar Money

type Count {
  count: Int!
  precision: CountPrecision!
}

enum CountPrecision {
  EXACT
  AT_LEAST
}

scalar JSON

enum CurrencyCode {
  USD EUR GBP CAD AFN ALL DZD AOA ARS AMD AWG AUD BBD AZN BDT BSD BHD BIF BYN BZD BMD BTN BAM BRL
  BOB BWP BND BGN MMK KHR CVE KYD XAF CLP CNY COP KMF CDF CRC HRK CZK DKK DJF DOP XCD EGP ERN ETB
  FKP XPF FJD GIP GMD GHS GTQ GYD GEL GNF HTG HNL HKD HUF ISK INR IDR ILS IRR IQD JMD JPY JEP JOD
  KZT KES KID KWD KGS LAK LVL LBP LSL LRD LYD LTL MGA MKD MOP MWK MVR MRU MXN MYR MUR MDL MAD MNT
  MZN NAD NPR ANG NZD NIO NGN NOK OMR PAB PKR PGK PYG PEN PHP PLN QAR RON RUB RWF WST SHP SAR RSD
  SCR SLL SGD SDG SOS SYP ZAR KRW SSP SBD LKR SRD SZL SEK CHF TWD THB TJS TZS TOP TTD TND TRY TMT
  UGX UAH AED UYU UZS VUV VES VND XOF YER ZMW USDC STN VED XXX
  BYR @deprecated(reason: "Use \`BYN\` instead.")
  STD @deprecated(reason: "Use \`STN\` instead.")
  VEF @deprecated(reason: "Use \`VES\` instead.")
}

enum CountryCode {
  AF AX AL DZ AD AO AI AG AR AM AW AC AU AT AZ BS BH BD BB BY BE BZ BJ BM BT BO BA BW BV BR IO BN
  BG BF BI KH CA CV BQ KY CF TD CL CN CX CC CO KM CG CD CK CR HR CU CW CY CZ CI DK DJ DM DO EC EG
  SV GQ ER EE SZ ET FK FO FJ FI FR GF PF TF GA GM GE DE GH GI GR GL GD GP GT GG GN GW GY HT HM VA
  HN HK HU IS IN ID IR IQ IE IM IL IT JM JP JE JO KZ KE KI KP XK KW KG LA LV LB LS LR LY LI LT LU
  MO MG MW MY MV ML MT MQ MR MU YT MX MD MC MN ME MS MA MZ MM NA NR NP NL AN NC NZ NI NE NG NU NF
  MK NO OM PK PS PA PG PY PE PH PN PL PT QA CM RE RO RU RW BL SH KN LC MF PM WS SM ST SA SN RS SC
  SL SG SX SK SI SB SO ZA GS KR SS ES LK VC SD SR SJ SE CH SY TW TJ TZ TH TL TG TK TO TT TA TN TR
  TM TC TV UG UA AE GB US UM UY UZ VU VE VN VG WF EH YE ZM ZW ZZ
}
`;
