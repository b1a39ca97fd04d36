import type { MedusaContainer } from "@medusajs/framework/types";
import { Modules } from "@medusajs/framework/utils";
import type { AxiosInstance, AxiosRequestConfig } from "axios";

/**
 * The people of a Medusa journey, through Medusa's own HTTP API: an admin user (made in the user and auth
 * modules, then logged in like the dashboard does) and registered, logged-in customers.
 */

type Headers = Record<string, string>;

/** Answers of every status, so a test can assert refusals instead of catching axios errors. */
export const anyStatus: AxiosRequestConfig = { validateStatus: () => true };

export async function createAdmin(
  container: MedusaContainer,
  api: AxiosInstance,
  email = "admin@maple-goods.example",
): Promise<{ headers: Headers }> {
  const password = "admin-password-1";
  const users = container.resolve(Modules.USER);
  const auth = container.resolve(Modules.AUTH);
  const user = await users.createUsers({ email, first_name: "Ada", last_name: "Admin" });
  const registered = await auth.register("emailpass", { body: { email, password } });
  if (!registered.success || !registered.authIdentity)
    throw new Error(`admin auth identity not created: ${registered.error}`);
  await auth.updateAuthIdentities({ id: registered.authIdentity.id, app_metadata: { user_id: user.id } });
  const { data } = await api.post("/auth/user/emailpass", { email, password });
  return { headers: { authorization: `Bearer ${data.token}` } };
}

export interface Customer {
  id: string;
  email: string;
  headers: Headers;
}

/** Registers a customer as a storefront does, then logs in: the token then names the customer. */
export async function registerCustomer(
  api: AxiosInstance,
  publishableKey: string,
  email: string,
): Promise<Customer> {
  const password = "customer-password-1";
  const pk = { "x-publishable-api-key": publishableKey };
  const registration = await api.post("/auth/customer/emailpass/register", { email, password });
  const { data } = await api.post(
    "/store/customers",
    { email, first_name: "Camille", last_name: "Client" },
    { headers: { ...pk, authorization: `Bearer ${registration.data.token}` } },
  );
  const login = await api.post("/auth/customer/emailpass", { email, password });
  return { id: data.customer.id, email, headers: { ...pk, authorization: `Bearer ${login.data.token}` } };
}

export const OTTAWA_CUSTOMER_ADDRESS = {
  first_name: "Camille",
  last_name: "Client",
  address_1: "2701 Riverside Dr",
  city: "Ottawa",
  province: "ON",
  postal_code: "K1A 0B1",
  country_code: "ca",
  phone: "613-555-0199",
};

/** A cart of `items` for the customer (or a guest with only the publishable key). */
export async function createCart(
  api: AxiosInstance,
  headers: Headers,
  input: {
    regionId: string;
    salesChannelId: string;
    email: string;
    items: { variant_id: string; quantity: number }[];
    shippingAddress?: Record<string, string>;
  },
): Promise<{ id: string }> {
  const { data } = await api.post(
    "/store/carts",
    {
      region_id: input.regionId,
      sales_channel_id: input.salesChannelId,
      email: input.email,
      shipping_address: input.shippingAddress ?? OTTAWA_CUSTOMER_ADDRESS,
      items: input.items,
    },
    { headers },
  );
  return data.cart;
}

/** Adds the shipping method, pays with the system provider and completes: the order. */
export async function checkout(
  api: AxiosInstance,
  headers: Headers,
  cartId: string,
  optionId: string,
): Promise<{ id: string; items: { id: string; quantity: number }[]; customer_id: string | null }> {
  await api.post(`/store/carts/${cartId}/shipping-methods`, { option_id: optionId }, { headers });
  const { data: pc } = await api.post("/store/payment-collections", { cart_id: cartId }, { headers });
  await api.post(
    `/store/payment-collections/${pc.payment_collection.id}/payment-sessions`,
    { provider_id: "pp_system_default" },
    { headers },
  );
  const { data } = await api.post(`/store/carts/${cartId}/complete`, {}, { headers });
  if (data.type !== "order") throw new Error(`cart not completed: ${JSON.stringify(data.error ?? data)}`);
  return data.order;
}
