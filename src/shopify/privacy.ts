/**
 * The mandatory privacy webhooks. The app holds, per order: the service chosen at checkout, the labels
 * (PIN, service, status, price, the parcel's contents as order line ids) and Canada Post's scans (which may
 * name who signed). It keeps no name, address, email or phone: those stay in Shopify and reach Canada Post
 * inside the label itself, kept as its PDF or ZPL. customers/data_request is answered with what it holds for the orders named
 * (kept in data_requests for the merchant to hand over); customers/redact deletes it; shop/redact deletes
 * everything of the shop.
 */
import type { Pool } from "pg";
import { inTransaction } from "./database";

const gidOf = (id: unknown) =>
  typeof id === "string" && id.startsWith("gid://") ? id : `gid://shopify/Order/${String(id)}`;

export async function customerData(pool: Pool, shop: string, orderIds: readonly unknown[]) {
  const ids = orderIds.map(gidOf);
  const choices = await pool.query(
    "select order_id, order_name, service_code, title, price_cents, currency, created_at from order_choices where shop = $1 and order_id = any($2::text[])",
    [shop, ids],
  );
  const shipments = await pool.query(
    `select s.order_id, s.tracking_pin, s.service_code, s.status, s.price_due, s.created_at, s.tracking_status,
       coalesce(json_agg(json_build_object('code', e.code, 'occurred_at', e.occurred_at, 'description', e.description,
         'site', e.site, 'signatory_name', e.signatory_name)) filter (where e.code is not null), '[]') as events
     from shipments s left join tracking_events e on e.shipment = s.id
     where s.shop = $1 and s.order_id = any($2::text[]) group by s.id order by s.id`,
    [shop, ids],
  );
  return { orders: ids, checkout_choices: choices.rows, shipments: shipments.rows };
}

export async function answerDataRequest(pool: Pool, shop: string, body: Record<string, unknown>) {
  const customer = body.customer as { id?: unknown } | undefined;
  const payload = {
    data_request: body.data_request ?? null,
    customer_id: customer?.id ?? null,
    ...(await customerData(pool, shop, (body.orders_requested as unknown[]) ?? [])),
  };
  // Only a shop that installed the app has a row to file it under.
  await pool.query(
    "insert into data_requests (shop, customer_id, payload) select $1, $2, $3 where exists (select 1 from shops where shop = $1)",
    [
      shop,
      customer?.id === undefined || customer.id === null ? null : String(customer.id),
      JSON.stringify(payload),
    ],
  );
  return payload;
}

export async function redactCustomer(pool: Pool, shop: string, body: Record<string, unknown>) {
  const ids = ((body.orders_to_redact as unknown[]) ?? []).map(gidOf);
  await inTransaction(pool, async (client) => {
    // The labels themselves print the customer's name and address.
    await client.query(
      `delete from documents where shop = $1 and 'db:' || key in
         (select label_location from shipments where shop = $1 and order_id = any($2::text[]))`,
      [shop, ids],
    );
    await client.query("delete from shipments where shop = $1 and order_id = any($2::text[])", [shop, ids]);
    await client.query("delete from order_choices where shop = $1 and order_id = any($2::text[])", [
      shop,
      ids,
    ]);
    const customerId = (body.customer as { id?: unknown } | undefined)?.id;
    if (customerId !== undefined && customerId !== null)
      await client.query("delete from data_requests where shop = $1 and customer_id = $2", [
        shop,
        String(customerId),
      ]);
  });
}
