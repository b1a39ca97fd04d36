import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261121132758 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table if exists "canada_post_shipment" drop constraint if exists "canada_post_shipment_fulfillment_id_parcel_index_unique";`,
    );
    this.addSql(
      `create table if not exists "canada_post_shipment" ("id" text not null, "order_id" text not null, "fulfillment_id" text not null, "shipment_id" text not null, "customer_request_id" text null, "tracking_pin" text not null, "service_code" text not null, "mode" text check ("mode" in ('transmit', 'manifest', 'noncontract')) not null, "group_id" text null, "status" text not null, "parcel_index" integer not null, "parcel" jsonb not null, "price" jsonb null, "label_location" text null, "label_media_type" text null, "links" jsonb null, "refund" jsonb null, "tracking_status" text null, "tracking_events" jsonb null, "expected_delivery_date" text null, "actual_delivery_date" text null, "tracked_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "canada_post_shipment_pkey" primary key ("id"));`,
    );
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_canada_post_shipment_order_id" ON "canada_post_shipment" ("order_id") WHERE deleted_at IS NULL;`,
    );
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_canada_post_shipment_fulfillment_id" ON "canada_post_shipment" ("fulfillment_id") WHERE deleted_at IS NULL;`,
    );
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_canada_post_shipment_tracking_pin" ON "canada_post_shipment" ("tracking_pin") WHERE deleted_at IS NULL;`,
    );
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_canada_post_shipment_deleted_at" ON "canada_post_shipment" ("deleted_at") WHERE deleted_at IS NULL;`,
    );
    this.addSql(
      `CREATE UNIQUE INDEX IF NOT EXISTS "IDX_canada_post_shipment_fulfillment_id_parcel_index_unique" ON "canada_post_shipment" ("fulfillment_id", "parcel_index") WHERE deleted_at IS NULL;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "canada_post_shipment" cascade;`);
  }
}
