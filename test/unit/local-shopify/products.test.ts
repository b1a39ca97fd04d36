import { adminGraphql, installToken, useLocalShopify } from "./helpers";

/**
 * Products and variants as the app reads them for parcels and customs (weights, `canada_post`
 * dimensions, HS codes), and metafieldsSet with the userErrors a live shop answers (texts and codes
 * captured from Admin API 2025-01).
 */

const ls = useLocalShopify();
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const gql = async (query: string, variables?: unknown): Promise<any> =>
  (await adminGraphql(ls.running, ls.token, query, variables)).body;

const VARIANT = `query V($q: String) { productVariants(first: 5, query: $q) { nodes {
  id title displayName sku price
  inventoryItem { measurement { weight { unit value } } harmonizedSystemCode countryCodeOfOrigin requiresShipping }
  product { id title }
  length: metafield(namespace: "canada_post", key: "length") { value type jsonValue }
  metafields(first: 10, namespace: "canada_post") { nodes { key value } } } } }`;

describe("reading the catalogue", () => {
  it("finds a variant by SKU with its weight, customs data and canada_post dimensions", async () => {
    const { data } = await gql(VARIANT, { q: "sku:MG-SYRUP-540" });
    expect(data.productVariants.nodes).toEqual([
      {
        id: expect.stringMatching(/^gid:\/\/shopify\/ProductVariant\/\d+$/),
        title: "Default Title",
        displayName: "Maple syrup tin (540 ml)",
        sku: "MG-SYRUP-540",
        price: "18.00",
        inventoryItem: {
          measurement: { weight: { unit: "GRAMS", value: 540 } },
          harmonizedSystemCode: "1702.20",
          countryCodeOfOrigin: "CA",
          requiresShipping: true,
        },
        product: {
          id: expect.stringMatching(/^gid:\/\/shopify\/Product\/\d+$/),
          title: "Maple syrup tin (540 ml)",
        },
        length: { value: "10", type: "number_decimal", jsonValue: "10" },
        metafields: {
          nodes: [
            { key: "length", value: "10" },
            { key: "width", value: "10" },
            { key: "height", value: "15" },
            { key: "hs_code", value: "1702.20" },
            { key: "country_of_origin", value: "CA" },
          ],
        },
      },
    ]);
  });

  it("has no dimensions for the tuque (the app's default box), only its customs data", async () => {
    const { data } = await gql(VARIANT, { q: "sku:MG-TUQUE-KNIT" });
    const tuque = data.productVariants.nodes[0];
    expect(tuque.length).toBeNull();
    expect(tuque.metafields.nodes.map((m: { key: string }) => m.key)).toEqual([
      "hs_code",
      "country_of_origin",
    ]);
  });

  it("reads products, one by id, and their metafields", async () => {
    const { data } = await gql(
      `{ products(first: 10) { nodes { id title handle status vendor variants(first: 5) { nodes { sku } } } } }`,
    );
    expect(data.products.nodes.map((p: { title: string }) => p.title)).toEqual([
      "Maple syrup tin (540 ml)",
      "Wool blanket",
      "Ceramic mug",
      "Canoe paddle",
      "Knit tuque",
    ]);
    expect(data.products.nodes[1]).toMatchObject({
      handle: "wool-blanket",
      status: "ACTIVE",
      vendor: "Maple Goods",
      variants: { nodes: [{ sku: "MG-BLANKET-WOOL" }] },
    });
    const one = await gql(
      `query P($id: ID!) { product(id: $id) { title width: metafield(namespace: "canada_post", key: "width") { value } } }`,
      { id: data.products.nodes[3].id },
    );
    expect(one.data.product).toEqual({ title: "Canoe paddle", width: { value: "20" } });
    const variant = await gql(`query V($id: ID!) { productVariant(id: $id) { sku } }`, {
      id: "gid://shopify/ProductVariant/1",
    });
    expect(variant.data.productVariant).toBeNull();
  });
});

const SET = `mutation M($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) {
  metafields { key namespace value type compareDigest } userErrors { field message code elementIndex } } }`;

describe("metafieldsSet", () => {
  async function tuqueId() {
    const { data } = await gql(VARIANT, { q: "sku:MG-TUQUE-KNIT" });
    return data.productVariants.nodes[0].id as string;
  }

  it("sets the tuque's dimensions, which the variant then answers", async () => {
    const ownerId = await tuqueId();
    const dims = ["length", "width", "height"].map((key, i) => ({
      ownerId,
      namespace: "canada_post",
      key,
      type: "number_decimal",
      value: ["25", "20", "3"][i],
    }));
    const { data } = await gql(SET, { m: dims });
    expect(data.metafieldsSet.userErrors).toEqual([]);
    expect(
      data.metafieldsSet.metafields.map((m: { key: string; value: string }) => [m.key, m.value]),
    ).toEqual([
      ["length", "25"],
      ["width", "20"],
      ["height", "3"],
    ]);
    const after = await gql(VARIANT, { q: "sku:MG-TUQUE-KNIT" });
    expect(after.data.productVariants.nodes[0].length).toEqual({
      value: "25",
      type: "number_decimal",
      jsonValue: "25",
    });
  });

  it("answers Shopify's userErrors, and sets nothing when one input is wrong", async () => {
    const ownerId = await tuqueId();
    const errors = async (m: object[]) => (await gql(SET, { m })).data.metafieldsSet;
    const ok = { ownerId, namespace: "canada_post", key: "length", type: "number_decimal", value: "25" };
    expect(await errors([ok, { ...ok, ownerId: "gid://shopify/Product/1" }])).toEqual({
      metafields: [],
      userErrors: [
        {
          field: ["metafields", "1", "ownerId"],
          message: "Owner does not exist.",
          code: "INVALID_VALUE",
          elementIndex: null,
        },
      ],
    });
    expect((await errors([{ ...ok, key: "new_key", type: undefined }])).userErrors).toEqual([
      {
        field: ["metafields", "0", "type"],
        message: "Type can't be blank",
        code: "BLANK",
        elementIndex: null,
      },
    ]);
    expect((await errors([{ ...ok, type: "number_integer", value: "2.5" }])).userErrors).toEqual([
      {
        field: ["metafields", "0", "value"],
        message: "Value must be an integer.",
        code: "INVALID_VALUE",
        elementIndex: null,
      },
    ]);
    expect((await errors([{ ...ok, namespace: "cp" }])).userErrors[0].message).toBe(
      "Namespace is too short (minimum is 3 characters)",
    );
    expect((await errors(Array.from({ length: 26 }, () => ok))).userErrors).toEqual([
      {
        field: ["metafields"],
        message: "Exceeded the maximum metafields input limit of 25.",
        code: "LESS_THAN_OR_EQUAL_TO",
        elementIndex: null,
      },
    ]);
    const after = await gql(VARIANT, { q: "sku:MG-TUQUE-KNIT" });
    expect(after.data.productVariants.nodes[0].length).toBeNull();
  });

  it("compares and sets with compareDigest", async () => {
    const ownerId = await tuqueId();
    const first = (
      await gql(SET, {
        m: [{ ownerId, namespace: "canada_post", key: "length", type: "number_decimal", value: "25" }],
      })
    ).data.metafieldsSet;
    const digest = first.metafields[0].compareDigest as string;
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    const second = await gql(SET, {
      m: [{ ownerId, namespace: "canada_post", key: "length", value: "26", compareDigest: digest }],
    });
    expect(second.data.metafieldsSet.userErrors).toEqual([]);
    const stale = await gql(SET, {
      m: [{ ownerId, namespace: "canada_post", key: "length", value: "27", compareDigest: digest }],
    });
    expect(stale.data.metafieldsSet.userErrors).toEqual([
      {
        field: ["metafields", "0"],
        message:
          "The resource has been updated since it was loaded. Try again with an updated `compareDigest` value.",
        code: "STALE_OBJECT",
        elementIndex: null,
      },
    ]);
  });

  it("needs write_products to change a product", async () => {
    ls.token = await installToken(ls.running, ["read_products"]);
    const r = await gql(SET, {
      m: [
        {
          ownerId: await tuqueId(),
          namespace: "canada_post",
          key: "length",
          type: "number_decimal",
          value: "1",
        },
      ],
    });
    expect(r.errors[0].extensions).toMatchObject({
      code: "ACCESS_DENIED",
      requiredAccess: "`write_products` access scope.",
    });
  });
});
