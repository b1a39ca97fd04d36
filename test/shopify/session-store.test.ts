/**
 * The app's session store on a real PostgreSQL: sessions read back as they were stored (offline and online,
 * with their expiry, refresh token and staff member), tokens sealed at rest, a stored session replaces the
 * old one whole, and a database that @shopify/shopify-app-session-storage-postgresql set up keeps its sessions.
 */
import { Session } from "@shopify/shopify-api";
import { PostgreSQLSessionStorage } from "@shopify/shopify-app-session-storage-postgresql";
import { ensureDatabase, migrate, openPool } from "../../src/shopify/database";
import { SecretBoxError } from "../../src/shopify/secret-box";
import { PgSessionStorage } from "../../src/shopify/session-store";
import { dropDatabase, testDatabaseUrl } from "./support";

const SHOP = "maple-goods.myshopify.com";
const KEY = Buffer.alloc(32, 7);
const OTHER_KEY = Buffer.alloc(32, 9);

const offline = () =>
  new Session({
    id: `offline_${SHOP}`,
    shop: SHOP,
    state: "state-1",
    isOnline: false,
    scope: "read_orders,write_shipping",
    accessToken: "shpat_offline",
    expires: new Date("2027-01-15T12:30:45.000Z"),
    refreshToken: "shprt_refresh",
    refreshTokenExpires: new Date("2027-06-01T00:00:00.000Z"),
  });

const online = () =>
  new Session({
    id: `${SHOP}_902541635`,
    shop: SHOP,
    state: "state-2",
    isOnline: true,
    scope: "read_orders",
    accessToken: "shpua_online",
    expires: new Date("2026-12-02T08:00:00.000Z"),
    onlineAccessInfo: {
      expires_in: 86_400,
      associated_user_scope: "read_orders",
      associated_user: {
        id: 902541635,
        first_name: "Émilie",
        last_name: "Tremblay",
        email: "emilie@maple-goods.ca",
        email_verified: true,
        account_owner: false,
        locale: "fr-CA",
        collaborator: false,
      },
    } as Session["onlineAccessInfo"],
  });

describe("on the app's migrations", () => {
  const url = testDatabaseUrl();
  let pool: ReturnType<typeof openPool>;
  let store: PgSessionStorage;

  beforeAll(async () => {
    await ensureDatabase(url);
    await migrate(url);
    pool = openPool(url);
    store = new PgSessionStorage(pool, KEY);
  }, 60_000);
  afterAll(async () => {
    await pool.end();
    await dropDatabase(url);
  });

  test("offline and online sessions read back as stored, and by shop", async () => {
    await store.storeSession(offline());
    await store.storeSession(online());
    const read = await store.loadSession(`offline_${SHOP}`);
    expect(read?.equals(offline())).toBe(true);
    expect(read?.expires?.toISOString()).toBe("2027-01-15T12:30:45.000Z");
    expect(read?.refreshTokenExpires?.toISOString()).toBe("2027-06-01T00:00:00.000Z");
    const staff = await store.loadSession(`${SHOP}_902541635`);
    expect(staff?.onlineAccessInfo?.associated_user).toEqual(online().onlineAccessInfo?.associated_user);
    expect((await store.findSessionsByShop(SHOP)).map((s) => s.id).sort()).toEqual(
      [`${SHOP}_902541635`, `offline_${SHOP}`].sort(),
    );
    expect(await store.loadSession("offline_other.myshopify.com")).toBeUndefined();
  });

  test("tokens are sealed at rest; another key cannot open them, and the shop's sessions still go", async () => {
    await store.storeSession(offline());
    const { rows } = await pool.query(
      `select "accessToken", "refreshToken" from shopify_sessions where id = $1`,
      [`offline_${SHOP}`],
    );
    for (const token of [rows[0].accessToken, rows[0].refreshToken]) {
      expect(token).toMatch(/^v1:/);
      expect(token).not.toContain("shpat_offline");
      expect(token).not.toContain("shprt_refresh");
    }
    const read = await store.loadSession(`offline_${SHOP}`);
    expect([read?.accessToken, read?.refreshToken]).toEqual(["shpat_offline", "shprt_refresh"]);

    const otherKey = new PgSessionStorage(pool, OTHER_KEY);
    const refused = otherKey.loadSession(`offline_${SHOP}`);
    await expect(refused).rejects.toThrow(SecretBoxError);
    await expect(refused).rejects.toThrow(
      /access token of maple-goods\.myshopify\.com.*SHOPIFY_APP_ENCRYPTION_KEY/,
    );
    await otherKey.deleteShop(SHOP);
    expect(await store.findSessionsByShop(SHOP)).toEqual([]);
  });

  test("a session stored again replaces the old one whole: no stale refresh token survives", async () => {
    await store.storeSession(offline());
    const reinstalled = new Session({
      id: `offline_${SHOP}`,
      shop: SHOP,
      state: "state-3",
      isOnline: false,
      scope: "write_shipping",
      accessToken: "shpat_new",
    });
    await store.storeSession(reinstalled);
    const read = await store.loadSession(`offline_${SHOP}`);
    expect(read?.accessToken).toBe("shpat_new");
    expect(read?.refreshToken).toBeUndefined();
    expect(read?.expires).toBeUndefined();
  });

  test("deleteSessions removes exactly the ids it is given", async () => {
    await store.storeSession(offline());
    await store.storeSession(online());
    await store.deleteSessions([`${SHOP}_902541635`, "not-there"]);
    expect((await store.findSessionsByShop(SHOP)).map((s) => s.id)).toEqual([`offline_${SHOP}`]);
    await store.deleteSession(`offline_${SHOP}`);
    expect(await store.findSessionsByShop(SHOP)).toEqual([]);
  });
});

test("a database the Shopify package set up keeps its sessions: tokens it wrote in clear are read, then sealed", async () => {
  const url = testDatabaseUrl();
  await ensureDatabase(url);
  const theirs = new PostgreSQLSessionStorage(url, { sessionTableName: "shopify_sessions" });
  const pool = openPool(url);
  try {
    await theirs.ready;
    await theirs.storeSession(online());
    await theirs.storeSession(offline());
    await migrate(url);
    const ours = new PgSessionStorage(pool, KEY);
    expect((await ours.loadSession(`${SHOP}_902541635`))?.equals(online())).toBe(true);
    const kept = await ours.loadSession(`offline_${SHOP}`);
    expect(kept?.equals(offline())).toBe(true);

    await ours.storeSession(kept!);
    const { rows } = await pool.query(`select "accessToken" from shopify_sessions where id = $1`, [
      `offline_${SHOP}`,
    ]);
    expect(rows[0].accessToken).toMatch(/^v1:/);
    expect((await ours.loadSession(`offline_${SHOP}`))?.accessToken).toBe("shpat_offline");
  } finally {
    await theirs.disconnect();
    await pool.end();
    await dropDatabase(url);
  }
}, 60_000);
