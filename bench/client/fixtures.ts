import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { CreateShipmentInput, GetRatesInput } from "../../src/canada-post";

/**
 * What the client benchmark sends and is answered: Canada Post's own sample answers from the seeds (the
 * specification) and the captured samples, in the namespaces of the versions the client speaks.
 */

const SHARED = resolve(__dirname, "../../../shared");

/** A sample printed in a seed, as Canada Post printed it (the first one whose line starts with `<root`). */
function seedSample(seed: string, root: string): string {
  const dir = join(SHARED, "seeds");
  const file = readdirSync(dir).find((f) => f.startsWith(`${seed}_`));
  if (!file) throw new Error(`no seed ${seed} in ${dir}`);
  const m = new RegExp(`^<${root}(?: xmlns="[^"]+")?>[\\s\\S]*?</${root}>`, "m").exec(
    readFileSync(join(dir, file), "utf8"),
  );
  if (!m) throw new Error(`no <${root}> in seed ${file}`);
  return m[0];
}

const declared = (root: string, namespace: string, sample: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n${sample.replace(/^<[^>]+>/, `<${root} xmlns="${namespace}">`)}`;

/** The seed's Get Rates answer (four services), as the rate-v4 service sends it: 5.2 KB. */
export const GET_RATES_ANSWER = declared(
  "price-quotes",
  "http://www.canadapost.ca/ws/ship/rate-v4",
  seedSample("004", "price-quotes"),
);

/** The captured Get Tracking Details answer (13 events), in the track-v2 namespace. */
export const TRACKING_DETAILS_ANSWER = readFileSync(
  join(SHARED, "canada-post/samples/tracking_details_en.xml"),
  "utf8",
).replace("http://www.canadapost.ca/ws/track", "http://www.canadapost.ca/ws/track-v2");

/** The seed's Create Shipment answer (shipment-info with its five links), in the shipment-v8 namespace. */
export const CREATE_SHIPMENT_ANSWER = declared(
  "shipment-info",
  "http://www.canadapost.ca/ws/shipment-v8",
  seedSample("003", "shipment-info"),
);

/** One parcel, Ottawa to Quebec: what every Get Rates mode asks. */
export const RATES_INPUT: GetRatesInput = {
  parcel: { weight: 1.234, dimensions: { length: 30, width: 20, height: 10 } },
  originPostalCode: "K2B 8J6",
  destination: { country: "CA", postalCode: "J0E 1X0" },
};

/** The PIN of the captured tracking answer. */
export const TRACKING_PIN = /<pin>(\d+)<\/pin>/.exec(TRACKING_DETAILS_ANSWER)![1]!;

/** One parcel, Montreal to Ottawa, in a manifest group: a label as the core buys one. */
export const CREATE_SHIPMENT_INPUT: CreateShipmentInput = {
  groupId: "bench",
  shippingPointId: "0123",
  deliverySpec: {
    serviceCode: "DOM.EP",
    sender: {
      company: "Bench Goods",
      contactPhone: "555-0100",
      addressDetails: {
        addressLine1: "502 MAIN ST N",
        city: "MONTREAL",
        provState: "QC",
        postalZipCode: "H2B1A0",
      },
    },
    destination: {
      name: "Jain",
      addressDetails: {
        addressLine1: "23 jardin private",
        city: "Ottawa",
        provState: "ON",
        countryCode: "CA",
        postalZipCode: "K1K4T3",
      },
    },
    parcelCharacteristics: { weight: 1.5, dimensions: { length: 30, width: 20, height: 10 } },
  },
};

export const ACCOUNT = {
  username: "bench-user",
  password: "bench-password",
  customerNumber: "1234567",
  contractId: "42708517",
};

const LETTERS = "ABCEGHJKLMNPRSTVXY";
const ANY = "ABCEGHJKLMNPRSTVWXYZ";

/** The n-th of 7.2 million valid Canadian postal codes: a fresh destination per call. */
export function postalCode(n: number): string {
  const digit = (k: number) => String(Math.floor(n / k) % 10);
  const letter = (set: string, k: number) => set[Math.floor(n / k) % set.length]!;
  return `${letter(LETTERS, 1)}${digit(18)}${letter(ANY, 180)} ${digit(3600)}${letter(ANY, 36000)}${digit(720000)}`;
}
