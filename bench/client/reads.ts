import { XMLParser } from "fast-xml-parser";
import { performance } from "node:perf_hooks";
import {
  parseCreateShipmentResponse,
  parseGetRatesResponse,
  parseGetTrackingDetailsResponse,
} from "../../src/canada-post";
import { CREATE_SHIPMENT_ANSWER, GET_RATES_ANSWER, TRACKING_DETAILS_ANSWER } from "./fixtures";

/**
 * The hot reads on their own: the client's parse of an answer (result or error, typed) against one
 * fast-xml-parser parse of the same text with its default options. Interleaved batches, medians.
 */

export interface ReadRun {
  answer: string;
  bytes: number;
  clientUs: number;
  fastXmlParserUs: number;
  /** One fast-xml-parser parse that reads attributes too (Canada Post's links are attributes). */
  fastXmlParserWithAttributesUs: number;
  clientCpuUs: number;
  fastXmlParserCpuUs: number;
}

const READS: [string, string, (xml: string) => unknown][] = [
  ["Get Rates (seed)", GET_RATES_ANSWER, parseGetRatesResponse],
  ["Get Tracking Details (captured)", TRACKING_DETAILS_ANSWER, parseGetTrackingDetailsResponse],
  ["Create Shipment (seed)", CREATE_SHIPMENT_ANSWER, parseCreateShipmentResponse],
];

function batch(fn: () => unknown, n: number): { us: number; cpuUs: number } {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) fn();
  const cpu = process.cpuUsage(cpu0);
  return { us: ((performance.now() - t0) * 1000) / n, cpuUs: (cpu.user + cpu.system) / n };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const r1 = (x: number) => Math.round(x * 10) / 10;

export async function measureReads(o: { runs?: number } = {}): Promise<ReadRun[]> {
  const runs = o.runs ?? 15;
  const fxp = new XMLParser();
  const fxpAttributes = new XMLParser({ ignoreAttributes: false });
  return READS.map(([answer, xml, parse]) => {
    const client = () => parse(xml);
    const floor = () => fxp.parse(xml);
    const withAttributes = () => fxpAttributes.parse(xml);
    // Enough parses per batch for a few milliseconds of work, after a warm-up of both.
    const n = Math.max(50, Math.round(200_000 / xml.length));
    batch(client, n * 5);
    batch(floor, n * 5);
    batch(withAttributes, n * 5);
    const c: { us: number; cpuUs: number }[] = [];
    const f: { us: number; cpuUs: number }[] = [];
    const a: { us: number; cpuUs: number }[] = [];
    for (let r = 0; r < runs; r++) {
      c.push(batch(client, n));
      f.push(batch(floor, n));
      a.push(batch(withAttributes, n));
    }
    return {
      answer,
      bytes: Buffer.byteLength(xml),
      clientUs: r1(median(c.map((x) => x.us))),
      fastXmlParserUs: r1(median(f.map((x) => x.us))),
      fastXmlParserWithAttributesUs: r1(median(a.map((x) => x.us))),
      clientCpuUs: r1(median(c.map((x) => x.cpuUs))),
      fastXmlParserCpuUs: r1(median(f.map((x) => x.cpuUs))),
    };
  });
}
