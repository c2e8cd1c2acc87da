ALTER TABLE "registration" ADD COLUMN "resend_token_hash" text;--> statement-breakpoint
ALTER TABLE "registration" ADD COLUMN "client_key" text;--> statement-breakpoint
CREATE UNIQUE INDEX "registration_resend_token_idx" ON "registration" USING btree ("resend_token_hash");--> statement-breakpoint
CREATE INDEX "registration_client_idx" ON "registration" USING btree ("item_id","client_key");