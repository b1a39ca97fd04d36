import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261201120000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table if not exists "canada_post_connection" ("id" text not null, "customer_number" text not null, "contract_id" text null, "sealed_credentials" text not null, "has_credit_card" boolean not null, "has_supplier_account" boolean not null, "platform_id" text not null, "connected_at" timestamptz not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "canada_post_connection_pkey" primary key ("id"));`,
    );
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_canada_post_connection_deleted_at" ON "canada_post_connection" ("deleted_at") WHERE deleted_at IS NULL;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "canada_post_connection" cascade;`);
  }
}
