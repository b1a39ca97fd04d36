import type { Command } from "commander";
import { getTrackingDetails, getTrackingSummary } from "../../canada-post";
import { fields, table } from "../io";
import type { CommandRunner } from "../main";

/** A DNC (delivery notice card) number is 15 digits; anything else is taken as a PIN. */
const isDnc = (id: string) => /^\d{15}$/.test(id);

export function trackingCommands(program: Command, run: CommandRunner): void {
  program
    .command("track <pin-or-dnc>")
    .description("Tracking: every event of a parcel (or only the latest with --summary)")
    .option("--summary", "only the most recent significant event")
    .option("--lang <en|fr>", "language of Canada Post's texts")
    .option("--json", "print the typed result as JSON")
    .action((id: string, o) =>
      run(o, async (ctx) => {
        const query = isDnc(id) ? { dnc: id } : { pin: id };
        if (o.summary) {
          const summaries = await getTrackingSummary(ctx, query);
          const text = summaries
            .map((s) =>
              fields([
                ["PIN", s.pin],
                ["Service", s.serviceName],
                ["Mailed on", s.mailedOnDate],
                ["Expected", s.expectedDeliveryDate],
                ["Delivered", s.actualDeliveryDate],
                ["Latest event", s.eventDescription],
                ["At", s.eventDateTime],
                ["Where", s.eventLocation],
              ]),
            )
            .join("\n");
          return { result: summaries, text };
        }
        const d = await getTrackingDetails(ctx, query);
        const text =
          fields([
            ["PIN", d.pin],
            ["Service", d.serviceName],
            ["Expected", d.changedExpectedDate ?? d.expectedDeliveryDate],
            ["Destination", d.destinationPostalId],
          ]) +
          "\n" +
          table(
            ["Date", "Time", "Zone", "Code", "Event", "Where"],
            d.significantEvents.map((e) => [
              e.eventDate,
              e.eventTime,
              e.eventTimeZone,
              e.eventIdentifier,
              e.eventDescription,
              [e.eventSite, e.eventProvince].filter(Boolean).join(", "),
            ]),
          );
        return { result: d, text };
      }),
    );
}
