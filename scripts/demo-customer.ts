import { CUSTOMER_EMAIL, CUSTOMER_PASSWORD } from "./demo-config";
import { api, HttpError } from "./http";

/**
 * The demo customer (a known login, for the storefront page and npm run demo), made over the store API as
 * a storefront registers a shopper: log in; if there is no such login, register it and create the
 * customer. Safe to run on every start. Gives the customer's token.
 */
export async function ensureDemoCustomer(
  publishableKey: string,
): Promise<{ token: string; created: boolean }> {
  // npm start and npm run demo may both make it at once: the one that finds it made meanwhile logs in again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await ensureOnce(publishableKey);
    } catch (e) {
      if (attempt >= 3 || !(e instanceof HttpError && /already exists/i.test(e.body))) throw e;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

async function ensureOnce(publishableKey: string): Promise<{ token: string; created: boolean }> {
  const credentials = { email: CUSTOMER_EMAIL, password: CUSTOMER_PASSWORD };
  const logIn = async () =>
    (await api<{ token: string }>("POST", "/auth/customer/emailpass", {}, credentials)).token;
  const createCustomer = (token: string) =>
    api(
      "POST",
      "/store/customers",
      { publishableKey, token },
      {
        email: CUSTOMER_EMAIL,
        first_name: "Camille",
        last_name: "Tremblay",
      },
    );

  let token: string;
  try {
    token = await logIn();
  } catch (e) {
    if (!(e instanceof HttpError) || e.status !== 401) throw e;
    const { token: registration } = await api<{ token: string }>(
      "POST",
      "/auth/customer/emailpass/register",
      {},
      credentials,
    );
    await createCustomer(registration);
    return { token: await logIn(), created: true };
  }
  // A login without its customer (a start stopped half way): the login's token creates it.
  try {
    await api("GET", "/store/customers/me", { publishableKey, token });
    return { token, created: false };
  } catch (e) {
    if (!(e instanceof HttpError) || (e.status !== 401 && e.status !== 404)) throw e;
    await createCustomer(token);
    return { token: await logIn(), created: true };
  }
}
