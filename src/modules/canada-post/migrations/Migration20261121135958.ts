import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261121135958 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table if not exists "canada_post_manifest" ("id" text not null, "manifest_id" text not null, "po_number" text null, "group_ids" jsonb not null, "shipment_count" integer not null, "document_location" text null, "document_media_type" text null, "links" jsonb null, "problem" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "canada_post_manifest_pkey" primary key ("id"));`,
    );
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_canada_post_manifest_manifest_id" ON "canada_post_manifest" ("manifest_id") WHERE deleted_at IS NULL;`,
    );
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_canada_post_manifest_deleted_at" ON "canada_post_manifest" ("deleted_at") WHERE deleted_at IS NULL;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "canada_post_manifest" cascade;`);
  }
}
