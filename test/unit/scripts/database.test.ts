import { Client } from "pg";
import {
  DatabaseUnavailableError,
  databaseNameOf,
  demoDatabaseUrl,
  ensureDatabase,
  redact,
} from "../../../scripts/database";

/** The local PostgreSQL the repository's Medusa suites use; these tests create and drop their own database. */
const LOCAL = `postgres://${process.env.DB_USERNAME || "postgres"}@localhost:5432`;

describe("the demo store's database", () => {
  it("uses DATABASE_URL when set, else canada_post_demo on localhost as $PGUSER or postgres", () => {
    expect(demoDatabaseUrl({ DATABASE_URL: "postgres://u:p@db:5433/shop" })).toBe(
      "postgres://u:p@db:5433/shop",
    );
    expect(demoDatabaseUrl({})).toBe("postgres://postgres@localhost:5432/canada_post_demo");
    expect(demoDatabaseUrl({ PGUSER: "maple", PGPASSWORD: "s3cret/1" })).toBe(
      "postgres://maple:s3cret%2F1@localhost:5432/canada_post_demo",
    );
  });

  it("refuses a database name that could not be quoted safely, saying how to write one", () => {
    expect(databaseNameOf("postgres://localhost/m3_demo")).toBe("m3_demo");
    expect(() => databaseNameOf('postgres://localhost/a"b')).toThrow(/letters, digits, _ or -/);
    expect(() => databaseNameOf("postgres://localhost/")).toThrow(DatabaseUnavailableError);
  });

  it("hides the password in messages", () => {
    expect(redact("postgres://u:secret@localhost:5432/x")).toBe("postgres://u:***@localhost:5432/x");
  });

  it("says clearly that no PostgreSQL answers instead of crashing", async () => {
    // Port 1 on loopback: nothing listens there.
    const err = await ensureDatabase("postgres://postgres@127.0.0.1:1/nothing").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseUnavailableError);
    expect((err as Error).message).toMatch(/^No PostgreSQL at postgres:\/\/postgres@127\.0\.0\.1:1\/nothing/);
  });

  it("creates the database once, then finds it", async () => {
    const name = `m3_scripts_test_${process.pid}`;
    const url = `${LOCAL}/${name}`;
    const admin = new Client({ connectionString: `${LOCAL}/postgres` });
    await admin.connect();
    try {
      await admin.query(`drop database if exists "${name}"`);
      expect(await ensureDatabase(url)).toBe(true);
      expect(await ensureDatabase(url)).toBe(false);
      const found = await admin.query("select 1 from pg_database where datname = $1", [name]);
      expect(found.rowCount).toBe(1);
    } finally {
      await admin.query(`drop database if exists "${name}"`);
      await admin.end();
    }
  });
});
