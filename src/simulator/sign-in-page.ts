import type { Business, Registration } from "./accounts";
import type { SimContext } from "./types";

/**
 * The stand-in for Canada Post's merchant sign-up and approval pages (www.canadapost-postescanada.ca/
 * information/app/drc/merchant, drc/testMerchant for development; formerly www.canadapost.ca/cpotools/apps/
 * drc/merchant). The platform sends the merchant here with return-url, token-id and platform-id (query or
 * posted form); the merchant picks or creates a simulated business account, approves or cancels, and is sent
 * back to return-url with token-id and registration-status added (SUCCESS, CANCELLED, BAD_REQUEST,
 * UNAUTHORIZED: the statuses X-Cart's Canada Post module reads).
 */

const PAGES = [
  "/information/app/drc/merchant",
  "/information/app/drc/testMerchant",
  "/cpotools/apps/drc/merchant",
];
const DECISION = "/information/app/drc/decision";

export const isSignInPath = (path: string) => PAGES.includes(path) || path === DECISION;

export interface Page {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export function handleSignIn(method: string, url: URL, body: string, ctx: SimContext): Page {
  const form = new URLSearchParams(method === "POST" ? body : "");
  const param = (name: string) => form.get(name) ?? url.searchParams.get(name) ?? "";
  const returnUrl = safeReturnUrl(param("return-url"));
  if (!returnUrl)
    return html(
      400,
      "Registration cannot start",
      "<p>The platform sent no valid <code>return-url</code>.</p>",
    );
  const tokenId = param("token-id");
  const back = (status: string) => redirect(returnUrl, tokenId, status);
  const r = ctx.accounts.registrations.get(tokenId);
  if (!r || r.state !== "issued" || ctx.accounts.isExpired(r)) return back("BAD_REQUEST");
  if (param("platform-id") !== r.platformId) return back("UNAUTHORIZED");

  if (url.pathname !== DECISION)
    return html(200, "Canada Post — Connect your business", chooser(r, returnUrl, ctx));
  if (method !== "POST") return back("BAD_REQUEST");
  if (form.get("decision") !== "approve") {
    r.state = "cancelled";
    return back("CANCELLED");
  }
  const business = chosenBusiness(form, r, ctx);
  if (!business)
    return html(
      400,
      "Choose a business",
      chooser(r, returnUrl, ctx, "Pick a business account or name a new one."),
    );
  ctx.accounts.approve(r, business);
  return back("SUCCESS");
}

function chosenBusiness(form: URLSearchParams, r: Registration, ctx: SimContext): Business | undefined {
  const choice = form.get("business");
  if (choice && choice !== "new") return ctx.accounts.businesses.get(choice);
  const name = form.get("name")?.trim();
  if (!name) return undefined;
  const supplier = form.get("supplier");
  return ctx.accounts.addBusiness({
    name: name.slice(0, 80),
    contractId: form.get("contract") === "on" ? String(42708517 + ctx.accounts.businesses.size) : undefined,
    creditCard: form.get("card") === "on",
    supplierAccountIssuer: supplier === "this" ? r.platformId : supplier === "other" ? "7777777" : undefined,
  });
}

/** Only absolute http(s) URLs: the merchant's browser is sent there. */
function safeReturnUrl(value: string): URL | undefined {
  try {
    const u = new URL(value);
    return u.protocol === "https:" || u.protocol === "http:" ? u : undefined;
  } catch {
    return undefined;
  }
}

function redirect(returnUrl: URL, tokenId: string, status: string): Page {
  const to = new URL(returnUrl);
  to.searchParams.set("token-id", tokenId);
  to.searchParams.set("registration-status", status);
  return { status: 303, headers: { location: to.toString() } };
}

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

function chooser(r: Registration, returnUrl: URL, ctx: SimContext, problem?: string): string {
  const businesses = [...ctx.accounts.businesses.values()]
    .map(
      (
        b,
        i,
      ) => `<label class="row"><input type="radio" name="business" value="${esc(b.customerNumber)}"${i === 0 ? " checked" : ""}>
        <span><strong>${esc(b.name)}</strong><br>Customer number ${esc(b.customerNumber)} ·
        ${b.contractId ? `contract ${esc(b.contractId)}` : "no contract"} ·
        ${b.creditCard ? "credit card on file" : "no credit card on file"}${b.supplierAccountIssuer ? " · supplier account" : ""}</span></label>`,
    )
    .join("\n");
  return `${problem ? `<p class="problem" role="alert">${esc(problem)}</p>` : ""}
  <p>A shipping platform (platform ${esc(r.platformId)}) asks to ship with Canada Post on your behalf.
  Sign in with your business account and approve: the platform receives your customer number and an API key
  of its own for your account.</p>
  <form method="post" action="${DECISION}">
    <input type="hidden" name="token-id" value="${esc(r.tokenId)}">
    <input type="hidden" name="platform-id" value="${esc(r.platformId)}">
    <input type="hidden" name="return-url" value="${esc(returnUrl.toString())}">
    <fieldset><legend>Your business account</legend>
    ${businesses}
    <label class="row"><input type="radio" name="business" value="new"><span><strong>Create a new business account</strong></span></label>
    <div class="new">
      <label>Business name <input name="name" autocomplete="organization"></label>
      <label><input type="checkbox" name="contract"> Commercial contract</label>
      <label><input type="checkbox" name="card" checked> Credit card on file</label>
      <label>Supplier account <select name="supplier"><option value="">none</option>
        <option value="this">issued by this platform</option><option value="other">issued by another platform</option></select></label>
    </div></fieldset>
    <p><button type="submit" name="decision" value="approve">Approve</button>
    <button type="submit" name="decision" value="cancel">Cancel</button></p>
  </form>`;
}

function html(status: number, title: string, content: string): Page {
  return {
    status,
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font:15px system-ui,sans-serif;max-width:720px;margin:2rem auto;padding:0 1rem;color:#222}
header{border-bottom:4px solid #d52b1e;margin-bottom:1rem}.row{display:flex;gap:.6rem;padding:.5rem 0}
.new{display:grid;gap:.4rem;margin:.3rem 0 0 1.6rem}.problem{color:#b00020}button{padding:.5rem 1rem;margin-right:.5rem}</style>
</head><body><header><h1>${esc(title)}</h1><p>Local Canada Post simulator — no real account is involved.</p></header>
${content}</body></html>`,
  };
}
