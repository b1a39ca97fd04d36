import type { CreateTaxRegionDTO, MedusaContainer } from "@medusajs/framework/types";
import { ContainerRegistrationKeys } from "@medusajs/framework/utils";
import { createTaxRatesWorkflow, createTaxRegionsWorkflow } from "@medusajs/medusa/core-flows";

/**
 * Canada's sales taxes in Medusa's tax module, for the demo store: the GST on the country's tax region and
 * one province tax region per province and territory under it. Medusa matches an address's province to
 * a province region exactly (lower-cased), and its admin writes ISO 3166-2 codes ("ca-qc"): that is the
 * code a storefront must send as the address's province (canada-post-commerce/storefront's
 * CANADIAN_PROVINCES lists them). A combinable provincial rate (QST, PST, RST) is charged on top of the
 * country's GST; an HST replaces it.
 *
 * Rates as of November 2026, each from the government that sets it:
 * - GST 5 % and HST 13 % (ON), 15 % (NB, NL, PE): Canada Revenue Agency, "GST/HST calculator (and rates)",
 *   https://www.canada.ca/en/revenue-agency/services/tax/businesses/topics/gst-hst-businesses/charge-collect-which-rate/calculator.html
 * - HST 14 % (NS) since April 1, 2025 (provincial part cut from 10 % to 9 %): CRA GST/HST Notice 342
 *   (March 2025) and the Canada Gazette, SOR/2025-77 (prescribed rate for Nova Scotia: 9 %)
 * - QST 9.975 % on the price before GST: Revenu Québec, "Basic Rules for Applying the GST/HST and QST",
 *   https://www.revenuquebec.ca/en/businesses/consumption-taxes/gsthst-and-qst/basic-rules-for-applying-the-gsthst-and-qst/
 * - PST 7 % (BC): https://www2.gov.bc.ca/gov/content/taxes/sales-taxes/pst
 * - RST 7 % (MB): https://manitoba.ca/finance/taxation/taxes/retail.html
 * - PST 6 % (SK): https://www.saskatchewan.ca/business/taxes-licensing-and-reporting/provincial-taxes-policies-and-bulletins/provincial-sales-tax
 * - AB, NT, NU, YT: no provincial sales tax, the GST alone (CRA's table above).
 * Rates change by provincial budget: check these before relying on them (the seed never overwrites a
 * rate that exists, so a corrected rate in the admin stays).
 */

export interface SalesTax {
  /** Lower-case ISO 3166-2, as Medusa's admin writes it. */
  province: string;
  name: string;
  code: string;
  /** Percent. */
  rate: number;
  /** Charged on top of the GST (QST, PST, RST); an HST or the GST itself replaces it. */
  combinable: boolean;
}

export const CANADA_GST = { name: "GST", code: "CA-GST", rate: 5 } as const;

const gst = (province: string): SalesTax => ({ province, ...CANADA_GST, combinable: false });
const hst = (province: string, rate: number): SalesTax => ({
  province,
  name: "HST",
  code: `CA-${province.slice(3).toUpperCase()}-HST`,
  rate,
  combinable: false,
});
const provincial = (province: string, name: string, rate: number): SalesTax => ({
  province,
  name,
  code: `CA-${province.slice(3).toUpperCase()}-${name}`,
  rate,
  combinable: true,
});

export const CANADIAN_SALES_TAXES: readonly SalesTax[] = [
  gst("ca-ab"),
  provincial("ca-bc", "PST", 7),
  provincial("ca-mb", "RST", 7),
  hst("ca-nb", 15),
  hst("ca-nl", 15),
  hst("ca-ns", 14),
  gst("ca-nt"),
  gst("ca-nu"),
  hst("ca-on", 13),
  hst("ca-pe", 15),
  provincial("ca-qc", "QST", 9.975),
  provincial("ca-sk", "PST", 6),
  gst("ca-yt"),
];

interface RegionRow {
  id: string;
  province_code: string | null;
  tax_rates?: { id: string; is_default: boolean }[];
}

type DefaultRate = NonNullable<CreateTaxRegionDTO["default_tax_rate"]> & { is_combinable?: boolean };

const rateOf = (t: Pick<SalesTax, "name" | "code" | "rate"> & { combinable?: boolean }): DefaultRate => ({
  name: t.name,
  code: t.code,
  rate: t.rate,
  is_combinable: t.combinable ?? false,
});

/**
 * Finds or creates Canada's tax region (provider tp_system) with the GST as its default rate, and a
 * province region with its default rate for each province and territory. Seeding twice adds nothing;
 * a region or rate that exists is left as it is.
 */
export async function ensureCanadianTaxRates(
  container: MedusaContainer,
  log: (message: string) => void = () => undefined,
): Promise<void> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY);
  const regions = async (filters: Record<string, unknown>) =>
    (
      await query.graph({
        entity: "tax_region",
        fields: ["id", "province_code", "tax_rates.id", "tax_rates.is_default"],
        filters,
      })
    ).data as RegionRow[];
  const hasDefault = (r: RegionRow) => (r.tax_rates ?? []).some((t) => t.is_default);

  let [country] = await regions({ country_code: "ca", parent_id: null });
  if (!country) {
    log("Creating the tax region Canada (GST 5 %)");
    await createTaxRegionsWorkflow(container).run({
      input: [{ country_code: "ca", provider_id: "tp_system", default_tax_rate: rateOf(CANADA_GST) }],
    });
    [country] = await regions({ country_code: "ca", parent_id: null });
  } else if (!hasDefault(country)) {
    log("Adding the GST (5 %) to the tax region Canada");
    await createTaxRatesWorkflow(container).run({
      input: [{ tax_region_id: country.id, ...rateOf(CANADA_GST), is_default: true }],
    });
  }
  const parentId = country!.id;

  const provinces = await regions({ parent_id: parentId });
  const byCode = new Map(provinces.map((p) => [p.province_code, p]));
  const missing = CANADIAN_SALES_TAXES.filter((t) => !byCode.has(t.province));
  if (missing.length > 0) {
    log(`Creating the province tax regions ${missing.map((t) => t.province).join(", ")}`);
    await createTaxRegionsWorkflow(container).run({
      input: missing.map((t) => ({
        country_code: "ca",
        province_code: t.province,
        parent_id: parentId,
        default_tax_rate: rateOf(t),
      })),
    });
  }
  const withoutRate = CANADIAN_SALES_TAXES.flatMap((t) => {
    const region = byCode.get(t.province);
    return region && !hasDefault(region)
      ? [{ tax_region_id: region.id, ...rateOf(t), is_default: true }]
      : [];
  });
  if (withoutRate.length > 0) await createTaxRatesWorkflow(container).run({ input: withoutRate });
}
