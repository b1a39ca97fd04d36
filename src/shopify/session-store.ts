/**
 * Shopify's sessions in the app's database, through the app's own pool (table shopify_sessions, made by
 * migrations/1764800000000_shopify_sessions.sql in the layout @shopify/shopify-app-session-storage-postgresql
 * used). That package's pool listened for no error, so PostgreSQL ending an idle connection (a restart, a
 * failover, a proxy's idle timeout) crashed the app, and it connected with the URL's host, user, password and
 * database alone, leaving out `sslmode` and the rest. The app's pool has neither fault.
 */
import { Session } from "@shopify/shopify-api";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";
import type { Pool } from "pg";

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

export class PgSessionStorage implements SessionStorage {
  constructor(private readonly pool: Pool) {}

  async storeSession(session: Session): Promise<boolean> {
    const props = new Map<string, unknown>(session.toPropertyArray(true));
    // The column holds seconds (as the package stored it); the session says milliseconds.
    const expires = props.get("expires");
    if (typeof expires === "number") props.set("expires", Math.floor(expires / 1000));
    await this.pool.query(
      UPSERT,
      COLUMNS.map((c) => props.get(c) ?? null),
    );
    return true;
  }

  async loadSession(id: string): Promise<Session | undefined> {
    const { rows } = await this.pool.query<Row>(`select * from shopify_sessions where "id" = $1`, [id]);
    return rows[0] ? toSession(rows[0]) : undefined;
  }

  async deleteSession(id: string): Promise<boolean> {
    await this.pool.query(`delete from shopify_sessions where "id" = $1`, [id]);
    return true;
  }

  async deleteSessions(ids: string[]): Promise<boolean> {
    await this.pool.query(`delete from shopify_sessions where "id" = any($1::varchar[])`, [ids]);
    return true;
  }

  async findSessionsByShop(shop: string): Promise<Session[]> {
    const { rows } = await this.pool.query<Row>(`select * from shopify_sessions where "shop" = $1`, [shop]);
    return rows.map(toSession);
  }
}

function toSession(row: Row): Session {
  // Seconds in the column, milliseconds in the session; fromPropertyArray reads bigints given as strings.
  const expires = typeof row.expires === "number" ? row.expires * 1000 : row.expires;
  const entries = Object.entries({ ...row, expires }) as [string, string | number | boolean][];
  return Session.fromPropertyArray(entries, true);
}
