/**
 * Shopify's sessions in the app's database, through the app's own pool (table shopify_sessions, made by
 * migrations/1764800000000_shopify_sessions.sql in the layout @shopify/shopify-app-session-storage-postgresql
 * used). That package's pool listened for no error, so PostgreSQL ending an idle connection (a restart, a
 * failover, a proxy's idle timeout) crashed the app, and it connected with the URL's host, user, password and
 * database alone, leaving out `sslmode` and the rest. The app's pool has neither fault.
 *
 * The access and refresh tokens are sealed with the app's key (SHOPIFY_APP_ENCRYPTION_KEY), as the Canada Post
 * credentials are: a copy of the database does not give its holder the shops' Admin API. A token that
 * package wrote in clear is still read, and sealed when the session is next stored.
 */
import { Session } from "@shopify/shopify-api";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";
import type { Pool } from "pg";
import { isSealed, open, seal } from "./secret-box";

/** The table's columns, in the order of the insert; a session's absent properties are written as null. */
const COLUMNS = [
  "id",
  "shop",
  "state",
  "isOnline",
  "scope",
  "expires",
  "accessToken",
  "refreshToken",
  "refreshTokenExpires",
  "userId",
  "firstName",
  "lastName",
  "email",
  "accountOwner",
  "locale",
  "collaborator",
  "emailVerified",
] as const;

const QUOTED = COLUMNS.map((c) => `"${c}"`);
const UPSERT = `insert into shopify_sessions (${QUOTED.join(", ")})
  values (${COLUMNS.map((_, i) => `$${i + 1}`).join(", ")})
  on conflict ("id") do update set ${QUOTED.slice(1)
    .map((c) => `${c} = excluded.${c}`)
    .join(", ")}`;

type Row = Record<(typeof COLUMNS)[number], unknown>;

/** The columns sealed at rest, and how an error names them. */
const TOKENS = { accessToken: "access token", refreshToken: "refresh token" } as const;
const TOKEN_COLUMNS = Object.keys(TOKENS) as (keyof typeof TOKENS)[];

export class PgSessionStorage implements SessionStorage {
  constructor(
    private readonly pool: Pool,
    private readonly key: Buffer,
  ) {}

  async storeSession(session: Session): Promise<boolean> {
    const props = new Map<string, unknown>(session.toPropertyArray(true));
    // The column holds seconds (as the package stored it); the session says milliseconds.
    const expires = props.get("expires");
    if (typeof expires === "number") props.set("expires", Math.floor(expires / 1000));
    for (const name of TOKEN_COLUMNS) {
      const token = props.get(name);
      if (typeof token === "string") props.set(name, seal(token, this.key));
    }
    await this.pool.query(
      UPSERT,
      COLUMNS.map((c) => props.get(c) ?? null),
    );
    return true;
  }

  async loadSession(id: string): Promise<Session | undefined> {
    const { rows } = await this.pool.query<Row>(`select * from shopify_sessions where "id" = $1`, [id]);
    return rows[0] ? this.toSession(rows[0]) : undefined;
  }

  async deleteSession(id: string): Promise<boolean> {
    await this.pool.query(`delete from shopify_sessions where "id" = $1`, [id]);
    return true;
  }

  async deleteSessions(ids: string[]): Promise<boolean> {
    await this.pool.query(`delete from shopify_sessions where "id" = any($1::varchar[])`, [ids]);
    return true;
  }

  /** Every session of the shop, whether or not its tokens can still be opened (app/uninstalled). */
  async deleteShop(shop: string): Promise<void> {
    await this.pool.query(`delete from shopify_sessions where "shop" = $1`, [shop]);
  }

  async findSessionsByShop(shop: string): Promise<Session[]> {
    const { rows } = await this.pool.query<Row>(`select * from shopify_sessions where "shop" = $1`, [shop]);
    return rows.map((row) => this.toSession(row));
  }

  private toSession(row: Row): Session {
    const values: Record<string, unknown> = { ...row };
    // Seconds in the column, milliseconds in the session; fromPropertyArray reads bigints given as strings.
    if (typeof row.expires === "number") values.expires = row.expires * 1000;
    for (const name of TOKEN_COLUMNS) {
      const token = row[name];
      if (typeof token === "string" && isSealed(token))
        values[name] = open(token, this.key, `the stored Shopify ${TOKENS[name]} of ${String(row.shop)}`);
    }
    return Session.fromPropertyArray(Object.entries(values) as [string, string | number | boolean][], true);
  }
}
