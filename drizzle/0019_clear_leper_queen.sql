ALTER TABLE "site_settings" ADD COLUMN "branding" jsonb;--> statement-breakpoint
ALTER TABLE "site_settings" ADD COLUMN "logo" "bytea";--> statement-breakpoint
ALTER TABLE "site_settings" ADD COLUMN "logo_type" text;--> statement-breakpoint
ALTER TABLE "site_settings" ADD COLUMN "logo_hash" text;