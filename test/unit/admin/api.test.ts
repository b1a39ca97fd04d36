import { ApiError, apiClient } from "../../../admin/src/api";
import { describeError } from "../../../admin/src/errors";
import { makeI18n } from "../../../admin/src/i18n";
import { createLabels } from "../../../admin/src/pages/create-labels";

/** The embedded admin's calls: a fresh App Bridge session token as a Bearer header, never in a URL or cookie. */
function recorder(answers: Response[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetchImpl = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return answers.shift() ?? new Response("{}", { status: 200 });
  }) as unknown as typeof fetch;
  let n = 0;
  const bridge = { idToken: async () => `token-${++n}` };
  return { api: apiClient(bridge, fetchImpl), calls };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

describe("the admin API client", () => {
  it("sends each call with its own session token in Authorization, nothing in the URL, no cookies", async () => {
    const { api, calls } = recorder([json(200, { orders: [] }), json(201, { fulfillments: [] })]);
    await api.json("/api/orders");
    await api.json("/api/orders/1/labels", { method: "POST", body: { serviceCode: "DOM.EP" } });
    expect(calls.map((c) => c.url)).toEqual(["/api/orders", "/api/orders/1/labels"]);
    expect(calls.map((c) => (c.init.headers as Record<string, string>).authorization)).toEqual([
      "Bearer token-1",
      "Bearer token-2",
    ]);
    expect(calls.every((c) => c.init.credentials === "omit")).toBe(true);
    expect(calls[1]!.init).toMatchObject({ method: "POST", body: '{"serviceCode":"DOM.EP"}' });
  });

  it("asks once more with a new token when Shopify's header says the token was refused", async () => {
    const { api, calls } = recorder([
      json(401, { error: "expired" }, { "x-shopify-retry-invalid-session-request": "1" }),
      json(200, { ok: true }),
    ]);
    await expect(api.json("/api/settings")).resolves.toEqual({ ok: true });
    expect(calls).toHaveLength(2);
    const again = recorder([json(401, { error: "no" })]);
    await expect(again.api.json("/api/settings")).rejects.toBeInstanceOf(ApiError);
    expect(again.calls).toHaveLength(1);
  });

  it("keeps the server's refusal, and calls nothing but the admin API", async () => {
    const { api } = recorder([
      json(400, { type: "canada_post_error", code: "9111", message: "Bad postal code." }),
    ]);
    const e = (await api.json("/api/orders/1/labels", { body: {} }).catch((x) => x)) as ApiError;
    expect(e).toMatchObject({
      status: 400,
      type: "canada_post_error",
      code: "9111",
      message: "Bad postal code.",
    });
    await expect(api.json("https://elsewhere.example/api/x")).rejects.toThrow("not an admin API path");
  });
});

describe("refusals in the merchant's words", () => {
  const en = makeI18n("en");
  const fr = makeI18n("fr");
  it("Canada Post's code and its own text, in either language", () => {
    const e = new ApiError(400, {
      type: "canada_post_error",
      code: "9111",
      message: "The postal code is not valid.",
    });
    expect(describeError(e, en)).toEqual({
      text: "Canada Post 9111: The postal code is not valid.",
      code: "9111",
    });
    expect(describeError(e, fr).text).toBe("Postes Canada 9111 : The postal code is not valid.");
  });

  it("a purchase that stopped half way: what was bought, which parcel Canada Post refused and why", () => {
    const e = new ApiError(502, {
      type: "purchase_incomplete",
      message: "1 of 2 parcels bought",
      bought: [{ shipment_id: "s1", tracking_pin: "111" }],
      failed: [{ parcel_index: 1, code: "7312", message: "No default supplier account." }],
    });
    expect(describeError(e, en)).toEqual({
      text: "Bought: 111. Not bought: parcel 2: Canada Post 7312: No default supplier account.. Ask again to finish.",
      code: "7312",
    });
  });

  it("a refused connection in the admin's language; Shopify's userErrors with their texts", () => {
    const refused = new ApiError(400, {
      type: "connection_refused",
      message: "You cancelled",
      messages: { en: "You cancelled at Canada Post.", fr: "Vous avez annulé chez Postes Canada." },
    });
    expect(describeError(refused, fr).text).toBe("Vous avez annulé chez Postes Canada.");
    const shopify = new ApiError(422, {
      type: "shopify_user_errors",
      user_errors: [{ message: "Order is closed" }],
    });
    expect(describeError(shopify, en).text).toBe("Shopify: Order is closed");
  });

  it("each refused setting in the admin's language, in English where the server has no French", () => {
    const e = new ApiError(400, {
      type: "invalid_settings",
      message: "Invalid merchant settings",
      issues: [
        {
          path: "quotes.deadlineMs",
          message: "must be at least 200 ms: Canada Post rarely answers faster (got 5)",
          messageFr: "doit être d'au moins 200 ms : Postes Canada répond rarement plus vite (reçu 5)",
        },
        { path: "labels.encoding", message: "must be one of PDF, ZPL" },
      ],
    });
    expect(describeError(e, fr).issues).toEqual([
      {
        path: "quotes.deadlineMs",
        message: "doit être d'au moins 200 ms : Postes Canada répond rarement plus vite (reçu 5)",
      },
      { path: "labels.encoding", message: "must be one of PDF, ZPL" },
    ]);
    expect(describeError(e, en).issues![0]!.message).toBe(
      "must be at least 200 ms: Canada Post rarely answers faster (got 5)",
    );
  });
});

describe("labels for several orders", () => {
  it("goes on after a refusal, reports progress after each order, and keeps each refusal with its order", async () => {
    const { api } = recorder([
      json(201, { fulfillments: [{ shipments: [{ tracking_pin: "111", shipment_id: "a" }] }] }),
      json(400, { type: "canada_post_error", code: "9111", message: "Bad postal code." }),
      json(201, { fulfillments: [{ shipments: [{ tracking_pin: "333", shipment_id: "c" }] }] }),
    ]);
    const progress: number[] = [];
    const out = await createLabels(
      api,
      [
        { id: "gid://shopify/Order/1", name: "#1001" },
        { id: "gid://shopify/Order/2", name: "#1002" },
        { id: "gid://shopify/Order/3", name: "#1003" },
      ],
      (done) => progress.push(done),
    );
    expect(progress).toEqual([1, 2, 3]);
    expect(out.map((o) => o.pins)).toEqual([["111"], [], ["333"]]);
    expect((out[1]!.error as ApiError).code).toBe("9111");
  });
});
