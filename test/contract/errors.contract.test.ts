import { createClientContext, CanadaPostError, getRates, getShipments } from "../../src/canada-post";
import { requestLog, resetSimulator, useSimulator } from "./support";

/** Account errors as Canada Post answers them, reaching the caller with their codes intact. */

const h = useSimulator();
beforeEach(() => resetSimulator(h.sim));

const rates = {
  parcel: { weight: 1 },
  originPostalCode: "K2B8J6",
  destination: { country: "CA", postalCode: "J0E1X0" },
};

async function refusalWith(
  config: Record<string, string>,
  call: (ctx: ReturnType<typeof createClientContext>) => Promise<unknown>,
) {
  const ctx = createClientContext({ ...h.ctx.config, ...config });
  try {
    const e = await call(ctx).then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(CanadaPostError);
    return e as CanadaPostError;
  } finally {
    await ctx.close();
  }
}

describe("Account errors", () => {
  it("answers wrong credentials with 401 E002, and the call is not retried", async () => {
    const e = await refusalWith({ password: "wrong" }, (ctx) => getRates(ctx, rates));
    expect(e.status).toBe(401);
    expect(e.messages).toEqual([{ code: "E002", description: "AAA Authentication Failure" }]);
    expect((await requestLog(h.sim)).byOperation.GetRates).toBe(1);
  });

  it("answers another customer's number with 403 AA004, in the path and in a mailing scenario", async () => {
    const path = await refusalWith({ customerNumber: "7654321" }, (ctx) =>
      getShipments(ctx, { groupId: "g" }),
    );
    expect(path.status).toBe(403);
    expect(path.code).toBe("AA004");
    const body = await refusalWith({ customerNumber: "7654321" }, (ctx) => getRates(ctx, rates));
    expect(body.status).toBe(403);
    expect(body.messages[0]!.description).toBe("You cannot mail on behalf of the requested customer.");
  });
});
