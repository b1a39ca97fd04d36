import type { Command } from "commander";
import { CanadaPostInputError, discoverServices, getOption, getRates, getService } from "../../canada-post";
import { fields, money, table } from "../io";
import type { CommandRunner } from "../main";

const collect = (value: string, previous: string[] = []) => [...previous, value];
const num = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0)
    throw new CanadaPostInputError("GetRates", `--${name} must be a positive number, got "${v}"`);
  return n;
};

export function ratingCommands(program: Command, run: CommandRunner): void {
  program
    .command("rates")
    .description("Get Rates: services, prices and transit times for one parcel")
    .requiredOption("--from <postal>", "origin postal code, e.g. K2B8J6")
    .requiredOption("--to <postal>", "destination postal or ZIP code (optional for international)")
    .option("--country <code>", "destination country", "CA")
    .requiredOption("--weight <kg>", "weight in kilograms", num("weight"))
    .option("--length <cm>", "length in centimetres", num("length"))
    .option("--width <cm>", "width in centimetres", num("width"))
    .option("--height <cm>", "height in centimetres", num("height"))
    .option("--service <code>", "only this service (repeatable)", collect)
    .option("--option <code>", "an option such as SO, or COV=100 (repeatable)", collect)
    .option("--counter", "counter (consumer) rates instead of commercial ones")
    .option("--date <YYYY-MM-DD>", "expected mailing date")
    .option("--json", "print the typed result as JSON")
    .action((o) =>
      run(o, async (ctx) => {
        const dims = [o.length, o.width, o.height];
        if (dims.some((d) => d !== undefined) && dims.some((d) => d === undefined)) {
          throw new CanadaPostInputError(
            "GetRates",
            "give --length, --width and --height together, or none of them",
          );
        }
        const quotes = await getRates(ctx, {
          quoteType: o.counter ? "counter" : "commercial",
          parcel: {
            weight: o.weight,
            dimensions: o.length ? { length: o.length, width: o.width, height: o.height } : undefined,
          },
          originPostalCode: o.from,
          destination: { country: o.country, postalCode: o.to },
          services: o.service,
          expectedMailingDate: o.date,
          options: (o.option as string[] | undefined)?.map((s) => {
            const [code, amount] = s.split("=");
            return { code: code!, amount: amount ? Number(amount) : undefined };
          }),
        });
        const text = table(
          ["Service", "Code", "Due", "Base", "Days", "Expected", "Guaranteed"],
          [...quotes]
            .sort((a, b) => a.priceDetails.due - b.priceDetails.due)
            .map((q) => [
              q.serviceName,
              q.serviceCode,
              money(q.priceDetails.due),
              money(q.priceDetails.base),
              q.serviceStandard?.expectedTransitTime,
              q.serviceStandard?.expectedDeliveryDate,
              q.serviceStandard?.guaranteedDelivery ? "yes" : "no",
            ]),
        );
        return { result: quotes, text };
      }),
    );

  program
    .command("services")
    .description("Discover Services: the services available to a country")
    .option("--country <code>", "destination country")
    .option("--from <postal>", "origin postal code")
    .option("--to <postal>", "destination postal code")
    .option("--json", "print the typed result as JSON")
    .action((o) =>
      run(o, async (ctx) => {
        const services = await discoverServices(ctx, {
          country: o.country,
          originPostalCode: o.from,
          destinationPostalCode: o.to,
        });
        return {
          result: services,
          text: table(
            ["Code", "Service"],
            services.map((s) => [s.serviceCode, s.serviceName]),
          ),
        };
      }),
    );

  program
    .command("service <code>")
    .description("Get Service: limits, density factor and options of one service")
    .option("--country <code>", "destination country")
    .option("--json", "print the typed result as JSON")
    .action((code: string, o) =>
      run(o, async (ctx) => {
        const s = await getService(ctx, code, o.country);
        const r = s.restrictions;
        const d = r?.dimensionalRestrictions;
        const text =
          fields([
            ["Service", `${s.serviceName} (${s.serviceCode})`],
            ["Comment", s.comment],
            [
              "Weight",
              r?.weightRestriction && `${r.weightRestriction.min ?? 0}-${r.weightRestriction.max} g`,
            ],
            ["Length", d?.length && `${d.length.min ?? 0}-${d.length.max} cm`],
            ["Width", d?.width && `${d.width.min ?? 0}-${d.width.max} cm`],
            ["Height", d?.height && `${d.height.min ?? 0}-${d.height.max} cm`],
            ["Length + girth", d?.lengthPlusGirthMax && `${d.lengthPlusGirthMax} cm`],
            ["Density factor", r?.densityFactor],
          ]) +
          (s.options.length
            ? "\n" +
              table(
                ["Option", "Name", "Mandatory", "Qualifier"],
                s.options.map((x) => [
                  x.optionCode,
                  x.optionName,
                  x.mandatory ? "yes" : "no",
                  x.qualifierRequired ? "required" : "",
                ]),
              )
            : "");
        return { result: s, text };
      }),
    );

  program
    .command("option <code>")
    .description("Get Option: what an option is, requires and conflicts with")
    .option("--json", "print the typed result as JSON")
    .action((code: string, o) =>
      run(o, async (ctx) => {
        const x = await getOption(ctx, code);
        const text = fields([
          ["Option", `${x.optionName} (${x.optionCode})`],
          ["Class", x.optionClass],
          ["Prints on label", x.printsOnLabel === undefined ? undefined : x.printsOnLabel ? "yes" : "no"],
          [
            "Qualifier required",
            x.qualifierRequired === undefined ? undefined : x.qualifierRequired ? "yes" : "no",
          ],
          ["Requires", x.prerequisiteOptions.join(", ")],
          ["Conflicts with", x.conflictingOptions.join(", ")],
        ]);
        return { result: x, text };
      }),
    );
}
