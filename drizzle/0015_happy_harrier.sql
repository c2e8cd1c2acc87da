CREATE TYPE "public"."programme_change_kind" AS ENUM('session_changed', 'session_cancelled', 'item_cancelled');--> statement-breakpoint
CREATE TABLE "programme_change" (
	"id" serial PRIMARY KEY NOT NULL,
	"item_id" integer NOT NULL,
	"session_id" integer,
	"kind" "programme_change_kind" NOT NULL,
	"before" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"notified_at" timestamp with time zone,
	"recipients" integer
);
--> statement-breakpoint
ALTER TABLE "programme_change" ADD CONSTRAINT "programme_change_item_id_programme_item_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."programme_item"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "programme_change_pending_idx" ON "programme_change" USING btree ("created_at") WHERE "programme_change"."notified_at" is null;