import { changeOf } from "../../../admin/src/pages/SettingsPage";
import { getAt, setAt } from "../../../admin/src/settings/form";

/** The settings form: fields by the paths the server names, and only what the merchant changed is sent. */
const original = {
  merchant: {
    origin: { postalCode: "K2B 8J6" },
    services: [{ code: "DOM.EP", enabled: true }],
    pricing: { markup: { percent: 0, flat: 0 } },
    rates: "contract",
    canadaPost: { env: "sandbox" },
  },
  app: { autoLabelOnFulfill: false, notifyCustomer: true },
  credentials: { username: "", password: "" },
};

test("a field is read and written by its dotted path, copying on the way", () => {
  const next = setAt(original, "merchant.services.0.name", "Expédié");
  expect(getAt(next, "merchant.services.0.name")).toBe("Expédié");
  expect(getAt(original, "merchant.services.0.name")).toBeUndefined();
  expect(
    getAt(setAt(original, "merchant.pricing.freeShippingOver.*", 100), "merchant.pricing.freeShippingOver"),
  ).toEqual({
    "*": 100,
  });
});

test("only the sections changed, the app's settings if changed, the key only when typed or removed", () => {
  expect(changeOf(original, original)).toEqual({});
  const edited = setAt(
    setAt(original, "merchant.origin.postalCode", "12345"),
    "app.autoLabelOnFulfill",
    true,
  );
  expect(changeOf(original, edited)).toEqual({
    merchant: { origin: { postalCode: "12345" } },
    app: { autoLabelOnFulfill: true, notifyCustomer: true },
  });
  const key = setAt(setAt(original, "credentials.username", "u"), "credentials.password", "p");
  expect(changeOf(original, key)).toEqual({ credentials: { username: "u", password: "p" } });
  expect(changeOf(original, setAt(key, "removeCredentials", true))).toEqual({ credentials: null });
});
