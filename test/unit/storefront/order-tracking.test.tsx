import { renderToStaticMarkup } from "react-dom/server";
import { OrderTracking } from "../../../src/storefront";
import { parse, text } from "./dom";
import { DELIVERED, IN_TRANSIT, NOT_SCANNED } from "./fixtures";

/** The parcels as a server renders them (no browser): what the shopper reads, in English and French. */
const render = (element: React.ReactElement) => parse(renderToStaticMarkup(element));

describe("OrderTracking", () => {
  it("links each PIN to Canada Post's tracking page, with its status, expected delivery and events", async () => {
    const doc = await render(<OrderTracking shipments={[IN_TRANSIT, DELIVERED]} />);
    expect(text(doc.querySelector("h2"))).toBe("Shipping and tracking");
    const parcels = doc.querySelectorAll(".cp-tracking__parcel");
    expect(parcels).toHaveLength(2);

    const first = parcels[0]!;
    expect(text(first.querySelector("h3"))).toBe("Parcel 1 · Canada Post Expedited Parcel");
    const link = first.querySelector(".cp-tracking__pin a")!;
    expect(link.getAttribute("href")).toBe(IN_TRANSIT.tracking_url);
    expect(link.getAttribute("target")).toBe("_blank");
    expect(link.getAttribute("rel")).toBe("noopener noreferrer");
    expect(text(link)).toBe("7023210039414604");
    expect(link.getAttribute("aria-label")).toContain("7023210039414604");
    expect(text(first.querySelector(".cp-tracking__status"))).toBe("In transit");
    expect(first.querySelector(".cp-tracking__status--in_transit")).not.toBeNull();
    expect(text(first.querySelector(".cp-tracking__expected"))).toBe("November 24, 2026");
    expect(first.querySelector(".cp-tracking__expected time")!.getAttribute("datetime")).toBe("2026-11-24");

    // Newest first, at the time where the scan happened (not the server's time zone).
    const events = [...first.querySelectorAll(".cp-tracking__event")].map(text);
    expect(events).toEqual([
      "Nov 23, 2026, 7:41 a.m. Out for delivery (MONTREAL, QC)",
      "Nov 22, 2026, 2:05 p.m. Item processed (OTTAWA, ON)",
    ]);

    const second = parcels[1]!;
    expect(text(second.querySelector(".cp-tracking__status"))).toBe("Delivered");
    expect(text(second.querySelector(".cp-tracking__delivered"))).toBe("November 23, 2026");
    expect(second.querySelector(".cp-tracking__expected")).toBeNull();
  });

  it("speaks French", async () => {
    const doc = await render(
      <OrderTracking
        shipments={[{ ...IN_TRANSIT, service_name: "Postes Canada Colis accélérés" }]}
        lang="fr"
      />,
    );
    expect(doc.querySelector("section")!.getAttribute("lang")).toBe("fr");
    expect(text(doc.querySelector("h2"))).toBe("Expédition et suivi");
    expect(text(doc.querySelector("h3"))).toBe("Colis 1 · Postes Canada Colis accélérés");
    expect(text(doc.querySelector(".cp-tracking__status"))).toBe("En transit");
    expect(text(doc.querySelector(".cp-tracking__expected"))).toBe("24 novembre 2026");
    expect([...doc.querySelectorAll("dt")].map(text)).toEqual([
      "Numéro de suivi",
      "Statut",
      "Livraison prévue",
    ]);
    expect(text(doc.querySelector(".cp-tracking__event-time"))).toMatch(/^23 nov\. 2026, 07 h 41$/);
  });

  it("says a label is created before Canada Post scans the parcel, and when nothing has shipped", async () => {
    const doc = await render(<OrderTracking shipments={[NOT_SCANNED]} />);
    expect(text(doc.querySelector("h3"))).toBe("Parcel 1");
    expect(text(doc.querySelector(".cp-tracking__status"))).toBe("Label created");
    expect(text(doc.querySelector(".cp-tracking__no-events"))).toBe(
      "Canada Post has not scanned this parcel yet.",
    );
    expect(doc.querySelector(".cp-tracking__events")).toBeNull();

    const empty = await render(<OrderTracking shipments={[]} lang="fr" />);
    expect(text(empty.querySelector(".cp-tracking__not-shipped"))).toMatch(
      /^Votre commande n'est pas encore expédiée/,
    );
    expect(empty.querySelector(".cp-tracking__parcels")).toBeNull();
  });

  it("fits the page's outline: heading level, hidden heading, extra class", async () => {
    const doc = await render(
      <OrderTracking shipments={[IN_TRANSIT]} headingLevel={3} className="order-page__tracking" />,
    );
    expect(doc.querySelector("section")!.className).toBe("cp-tracking order-page__tracking");
    expect(text(doc.querySelector("h3"))).toBe("Shipping and tracking");
    expect(text(doc.querySelector("h4"))).toBe("Parcel 1 · Canada Post Expedited Parcel");

    const hidden = await render(<OrderTracking shipments={[IN_TRANSIT]} hideHeading />);
    expect(hidden.querySelector("section")!.getAttribute("aria-label")).toBe("Shipping and tracking");
    expect(text(hidden.querySelector("h2"))).toBe("Parcel 1 · Canada Post Expedited Parcel");
  });

  it("shows a cancelled label as cancelled (its label-created scan aside), and a PIN without a link as plain text", async () => {
    const doc = await render(
      <OrderTracking
        shipments={[
          { ...NOT_SCANNED, status: "refund_requested", tracking_status: "pre_transit", tracking_url: null },
        ]}
      />,
    );
    expect(text(doc.querySelector(".cp-tracking__status"))).toBe("Cancelled");
    expect(doc.querySelector(".cp-tracking__parcel--cancelled")).not.toBeNull();
    expect(doc.querySelector(".cp-tracking__pin a")).toBeNull();
    expect(text(doc.querySelector(".cp-tracking__pin"))).toBe("1234567890123456");
  });
});
