import Medusa from "@medusajs/js-sdk";
import { useEffect, useState, type FormEvent } from "react";
import { createRoot } from "react-dom/client";
import {
  DeliveryProblem,
  formatShippingPrice,
  GuestTrackingLookup,
  OrderTrackingLoader,
  storefrontLanguage,
  type StorefrontLanguage,
} from "../../src/storefront";

/**
 * The demo's storefront (served by scripts/start.ts beside Medusa): a customer logs in, lists their orders
 * and opens one to see its Canada Post parcels; a guest tracks an order by number and email. Everything
 * Canada Post on these pages is canada-post-commerce/storefront; the rest is the least a store needs.
 */
interface Config {
  backendUrl: string;
  publishableKey: string;
  demoCustomer: { email: string; password: string };
}
const config = JSON.parse(document.getElementById("storefront-config")!.textContent!) as Config;
const sdk = new Medusa({
  baseUrl: config.backendUrl,
  publishableKey: config.publishableKey,
  auth: { type: "jwt", jwtTokenStorageMethod: "local" },
});

const TEXT = {
  en: {
    store: "Maple Goods",
    account: "My account",
    track: "Track an order",
    logIn: "Log in",
    logOut: "Log out",
    email: "Email",
    password: "Password",
    demoLogin: "Demo customer: {email} / {password}",
    wrongLogin: "Wrong email or password.",
    orders: "Your orders",
    noOrders: "No order yet. Run npm run demo to place one.",
    order: "Order #{n}",
    placed: "Placed {date}",
    items: "Items",
    shipping: "Shipping",
    taxes: "Taxes",
    total: "Total",
    back: "Back to your orders",
    shippingNav: "Shipping rates",
    shippingHeading: "What does shipping cost?",
    shippingIntro: "One {product} to your postal code in Canada, priced by Canada Post as checkout does.",
    postalCode: "Postal code",
    seeShipping: "See the options",
    noPrice: "no price",
  },
  fr: {
    store: "Maple Goods",
    account: "Mon compte",
    track: "Suivre une commande",
    logIn: "Se connecter",
    logOut: "Se déconnecter",
    email: "Courriel",
    password: "Mot de passe",
    demoLogin: "Client de démonstration : {email} / {password}",
    wrongLogin: "Courriel ou mot de passe incorrect.",
    orders: "Vos commandes",
    noOrders: "Aucune commande. Lancez npm run demo pour en passer une.",
    order: "Commande no {n}",
    placed: "Passée le {date}",
    items: "Articles",
    shipping: "Livraison",
    taxes: "Taxes",
    total: "Total",
    back: "Retour à vos commandes",
    shippingNav: "Frais de livraison",
    shippingHeading: "Combien coûte la livraison ?",
    shippingIntro:
      "Un article {product} à votre code postal au Canada, tarifé par Postes Canada comme au paiement.",
    postalCode: "Code postal",
    seeShipping: "Voir les options",
    noPrice: "aucun prix",
  },
};
type Key = keyof (typeof TEXT)["en"];
const say = (lang: StorefrontLanguage, key: Key, vars: Record<string, string | number> = {}) =>
  TEXT[lang][key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? ""));
const money = (lang: StorefrontLanguage, amount: number, currency: string) =>
  new Intl.NumberFormat(lang === "fr" ? "fr-CA" : "en-CA", { style: "currency", currency }).format(amount);

function navigate(path: string) {
  history.pushState(null, "", path);
  dispatchEvent(new PopStateEvent("popstate"));
}

function Link({ to, children }: { to: string; children: string }) {
  return (
    <a
      href={to}
      onClick={(e) => {
        e.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </a>
  );
}

function LogIn({ lang, onDone }: { lang: StorefrontLanguage; onDone: () => void }) {
  const [failed, setFailed] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    try {
      await sdk.auth.login("customer", "emailpass", {
        email: form.get("email"),
        password: form.get("password"),
      });
      onDone();
    } catch {
      setFailed(true);
    }
  };
  return (
    <form className="login" onSubmit={submit}>
      <h1>{say(lang, "logIn")}</h1>
      <p className="hint">{say(lang, "demoLogin", config.demoCustomer)}</p>
      <label>
        {say(lang, "email")} <input name="email" type="email" autoComplete="email" required />
      </label>
      <label>
        {say(lang, "password")}{" "}
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      <button type="submit">{say(lang, "logIn")}</button>
      {failed ? <p role="alert">{say(lang, "wrongLogin")}</p> : null}
    </form>
  );
}

type Order = Awaited<ReturnType<typeof sdk.store.order.retrieve>>["order"];

function Orders({ lang }: { lang: StorefrontLanguage }) {
  const [orders, setOrders] = useState<Order[] | undefined>();
  useEffect(() => {
    sdk.store.order
      .list({ fields: "id,display_id,created_at,total,currency_code", order: "-created_at" })
      .then((r) => setOrders(r.orders as Order[]));
  }, []);
  if (!orders) return null;
  return (
    <section>
      <h1>{say(lang, "orders")}</h1>
      {orders.length === 0 ? <p>{say(lang, "noOrders")}</p> : null}
      <ul className="orders">
        {orders.map((o) => (
          <li key={o.id}>
            <Link to={`/account/orders/${o.id}`}>{say(lang, "order", { n: o.display_id ?? "" })}</Link> ·{" "}
            {new Date(o.created_at as string).toLocaleDateString(lang === "fr" ? "fr-CA" : "en-CA")} ·{" "}
            {money(lang, Number(o.total), o.currency_code)}
          </li>
        ))}
      </ul>
    </section>
  );
}

function OrderPage({ id, lang }: { id: string; lang: StorefrontLanguage }) {
  const [order, setOrder] = useState<Order | undefined>();
  useEffect(() => {
    sdk.store.order
      .retrieve(id, {
        fields: "id,display_id,created_at,currency_code,total,tax_total,shipping_total,*items",
      })
      .then((r) => setOrder(r.order));
  }, [id]);
  if (!order) return null;
  const currency = order.currency_code;
  return (
    <article className="order">
      <p>
        <Link to="/account">{say(lang, "back")}</Link>
      </p>
      <h1>{say(lang, "order", { n: order.display_id ?? "" })}</h1>
      <p>
        {say(lang, "placed", {
          date: new Date(order.created_at as string).toLocaleDateString(lang === "fr" ? "fr-CA" : "en-CA"),
        })}
      </p>
      <h2>{say(lang, "items")}</h2>
      <ul>
        {(order.items ?? []).map((i) => (
          <li key={i.id}>
            {i.quantity} × {i.title} · {money(lang, Number(i.total), currency)}
          </li>
        ))}
      </ul>
      <dl className="totals">
        <dt>{say(lang, "shipping")}</dt>
        {/* 0 reads "Free", not "-" (the starters' truthiness test). */}
        <dd>
          {formatShippingPrice(order.shipping_total, { currencyCode: currency, locale: `${lang}-CA` }) ?? "-"}
        </dd>
        <dt>{say(lang, "taxes")}</dt>
        <dd>{money(lang, Number(order.tax_total), currency)}</dd>
        <dt>{say(lang, "total")}</dt>
        <dd>{money(lang, Number(order.total), currency)}</dd>
      </dl>
      <OrderTrackingLoader sdk={sdk} orderId={order.id} lang={lang} />
    </article>
  );
}

/**
 * The delivery step of a checkout, reduced to what matters here: a cart of one product to the shopper's
 * postal code, each Canada Post option priced as the starter does (one calculate call per option), and
 * under them, when there is no price, why (the plugin's DeliveryProblem).
 */
function ShippingCheck({ lang }: { lang: StorefrontLanguage }) {
  const [product, setProduct] = useState<{ title: string; variantId: string } | undefined>();
  const [cartId, setCartId] = useState<string | undefined>();
  const [postal, setPostal] = useState("");
  const [options, setOptions] = useState<{ id: string; name: string; amount?: number; currency: string }[]>(
    [],
  );
  useEffect(() => {
    sdk.store.product.list({ fields: "id,title,*variants", limit: 1 }).then((r) => {
      const p = r.products[0]!;
      setProduct({ title: p.title, variantId: p.variants![0]!.id });
    });
  }, []);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const postalCode = String(new FormData(e.currentTarget).get("postal_code") ?? "");
    let id = cartId;
    if (!id) {
      const { regions } = await sdk.store.region.list();
      const { cart } = await sdk.store.cart.create({
        region_id: regions[0]!.id,
        items: [{ variant_id: product!.variantId, quantity: 1 }],
      });
      id = cart.id;
      setCartId(id);
    }
    const address = { address_1: "1 Main St", city: "Anytown", country_code: "ca", postal_code: postalCode };
    const { cart } = await sdk.store.cart.update(id, { shipping_address: address });
    const { shipping_options } = await sdk.store.fulfillment.listCartOptions({ cart_id: id });
    const priced = await Promise.all(
      shipping_options.map((o) =>
        sdk.store.fulfillment.calculate(o.id, { cart_id: id! }).then(
          (r) => ({
            id: o.id,
            name: o.name,
            amount: r.shipping_option.amount ?? undefined,
            currency: cart.currency_code,
          }),
          () => ({ id: o.id, name: o.name, amount: undefined, currency: cart.currency_code }),
        ),
      ),
    );
    setOptions(priced);
    setPostal(postalCode);
  };
  if (!product) return null;
  return (
    <section className="shipping-check">
      <h1>{say(lang, "shippingHeading")}</h1>
      <p>{say(lang, "shippingIntro", { product: product.title })}</p>
      <form onSubmit={submit}>
        <label>
          {say(lang, "postalCode")} <input name="postal_code" autoComplete="postal-code" required />
        </label>
        <button type="submit">{say(lang, "seeShipping")}</button>
      </form>
      {cartId && postal ? (
        <>
          <ul className="shipping-options">
            {options.map((o) => (
              <li key={o.id} data-priced={o.amount !== undefined}>
                {o.name} ·{" "}
                {formatShippingPrice(o.amount, { currencyCode: o.currency, locale: `${lang}-CA` }) ??
                  say(lang, "noPrice")}
              </li>
            ))}
          </ul>
          <DeliveryProblem sdk={sdk} cartId={cartId} lang={lang} refreshKey={postal} />
        </>
      ) : null}
    </section>
  );
}

function Account({ lang, path }: { lang: StorefrontLanguage; path: string }) {
  const [customer, setCustomer] = useState<string | null | undefined>();
  const load = () =>
    sdk.store.customer.retrieve().then(
      (r) => setCustomer(r.customer.email),
      () => setCustomer(null),
    );
  useEffect(() => void load(), []);
  if (customer === undefined) return null;
  if (customer === null) return <LogIn lang={lang} onDone={() => void load()} />;
  const orderId = /^\/account\/orders\/([^/]+)$/.exec(path)?.[1];
  return orderId ? <OrderPage id={decodeURIComponent(orderId)} lang={lang} /> : <Orders lang={lang} />;
}

function App() {
  const [path, setPath] = useState(location.pathname);
  const [lang, setLang] = useState<StorefrontLanguage>(
    storefrontLanguage(localStorage.getItem("lang") ?? navigator.language),
  );
  useEffect(() => {
    const onPop = () => setPath(location.pathname);
    addEventListener("popstate", onPop);
    return () => removeEventListener("popstate", onPop);
  }, []);
  useEffect(() => {
    localStorage.setItem("lang", lang);
    document.documentElement.lang = lang;
  }, [lang]);
  // Logging out starts the account page again, wherever the shopper was.
  const [session, setSession] = useState(0);
  const query = new URLSearchParams(location.search);
  const logOut = async () => {
    await sdk.auth.logout();
    setSession((n) => n + 1);
    navigate("/account");
  };
  return (
    <>
      <header>
        <strong>{say(lang, "store")}</strong>
        <nav>
          <Link to="/account">{say(lang, "account")}</Link>
          <Link to="/track">{say(lang, "track")}</Link>
          <Link to="/shipping">{say(lang, "shippingNav")}</Link>
          <button
            type="button"
            onClick={() => setLang(lang === "en" ? "fr" : "en")}
            lang={lang === "en" ? "fr" : "en"}
          >
            {lang === "en" ? "Français" : "English"}
          </button>
          <button type="button" onClick={() => void logOut()}>
            {say(lang, "logOut")}
          </button>
        </nav>
      </header>
      <main key={`${path}#${session}`}>
        {path.startsWith("/shipping") ? (
          <ShippingCheck lang={lang} />
        ) : path.startsWith("/track") ? (
          <GuestTrackingLookup
            sdk={sdk}
            lang={lang}
            headingLevel={1}
            defaultOrderNumber={query.get("order") ?? ""}
            defaultEmail={query.get("email") ?? ""}
          />
        ) : (
          <Account lang={lang} path={path} />
        )}
      </main>
    </>
  );
}

createRoot(document.getElementById("root")!).render(<App />);
