import { zodValidator } from "@medusajs/framework";
import { GuestTrackingLookupBody } from "../../../src/api/validators";

/** The guest lookup's body, checked as Medusa checks it (strict: unknown fields refused, a 400 that says why). */
const check = (body: unknown) => zodValidator(GuestTrackingLookupBody, body);

describe("GuestTrackingLookupBody", () => {
  it("takes the order number as shoppers write it and the email as given, trimmed", async () => {
    await expect(check({ order_number: 1001, email: "Camille@Example.com" })).resolves.toEqual({
      order_number: 1001,
      email: "Camille@Example.com",
    });
    await expect(
      check({ order_number: " #1001 ", email: " camille@example.com ", lang: "fr" }),
    ).resolves.toEqual({ order_number: 1001, email: "camille@example.com", lang: "fr" });
    await expect(check({ order_number: "# 7", email: "a@b.ca" })).resolves.toMatchObject({ order_number: 7 });
  });

  it.each([
    ["no order number", { email: "a@b.ca" }, "'order_number'"],
    ["letters", { order_number: "abc", email: "a@b.ca" }, "field 'order_number', got: 'abc'"],
    ["zero", { order_number: 0, email: "a@b.ca" }, "'order_number' too small"],
    ["a fraction", { order_number: 10.5, email: "a@b.ca" }, "Expected type: 'int' for field 'order_number'"],
    // Past Postgres' integer column: refused here, never an SQL error.
    [
      "a number past display_id's column",
      { order_number: 99_999_999_999, email: "a@b.ca" },
      "'order_number' too big",
    ],
    ["eleven digits", { order_number: "99999999999", email: "a@b.ca" }, "'order_number', got: '99999999999'"],
    ["no email", { order_number: 1001 }, "'email'"],
    ["a malformed email", { order_number: 1001, email: "not-an-email" }, "email"],
    [
      "an email of 255 characters",
      { order_number: 1001, email: `${"x".repeat(250)}@b.ca` },
      "'email' too big",
    ],
    [
      "another language",
      { order_number: 1001, email: "a@b.ca", lang: "de" },
      "Expected: 'en, fr' for field 'lang'",
    ],
    ["an unknown field", { order_number: 1001, email: "a@b.ca", order_id: "order_1" }, "order_id"],
  ])("refuses %s", async (_what, body, says) => {
    await expect(check(body)).rejects.toMatchObject({
      type: "invalid_data",
      message: expect.stringContaining(says),
    });
  });
});
