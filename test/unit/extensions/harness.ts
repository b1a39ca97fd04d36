import { resolve } from "node:path";
import { getExtension } from "@shopify/ui-extensions-tester";
import { install } from "../storefront/dom";

/**
 * An order page extension under Shopify's own test harness (@shopify/ui-extensions-tester): the `shopify`
 * global of its target mocked, its module (from its shopify.extension.toml) rendered into a DOM (happy-dom),
 * fetch answered by the test as the app's API would answer.
 */
export const EXTENSIONS = resolve(__dirname, "../../../extensions");
export const ORDER = "gid://shopify/Order/1001";

type Target = "admin.order-details.block.render" | "admin.order-details.action.render";

export interface Harness<T extends Target> {
  extension: ReturnType<typeof getExtension<T>>;
  calls: { url: string; method: string }[];
  answer: (routes: Record<string, [number, unknown]>) => void;
}

export function harness<T extends Target>(target: T, folder: string): Harness<T> {
  const extension = getExtension(target, { configSearchDir: resolve(EXTENSIONS, folder) });
  const calls: { url: string; method: string }[] = [];
  let restore: () => Promise<void>;
  beforeAll(async () => {
    ({ restore } = await install());
  });
  afterAll(() => restore());
  beforeEach(() => {
    extension.setUp();
    calls.length = 0;
    const api = extension.shopify as unknown as {
      data: { selected: { id: string }[] };
      i18n: { translate: (key: string, values?: Record<string, unknown>) => string };
    };
    api.data.selected = [{ id: ORDER }];
    // The tester's translate answers keys as they are; the values show what the extension passed in.
    api.i18n.translate = (key, values) => (values ? `${key} ${JSON.stringify(values)}` : key);
  });
  afterEach(() => extension.tearDown());

  /** The app's API, answered by `routes` ("GET /api/shipments?order_id=…" → status and JSON). */
  const answer = (routes: Record<string, [number, unknown]>) => {
    extension.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
      const url = String(input);
      const method = init?.method ?? "GET";
      calls.push({ url, method });
      const found = routes[`${method} ${url}`];
      if (!found)
        return new Response(JSON.stringify({ message: `no route ${method} ${url}` }), { status: 404 });
      return new Response(JSON.stringify(found[1]), {
        status: found[0],
        headers: { "content-type": "application/json" },
      });
    }) as typeof fetch;
  };

  return { extension, calls, answer };
}

export { until } from "../../support/until";

export const body = () => document.body;
export const all = (selector: string) => [...document.body.querySelectorAll(selector)];
