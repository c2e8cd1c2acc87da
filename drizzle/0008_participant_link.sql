CREATE TABLE "participant_link" (
	"id" serial PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"email" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "participant_link_token_idx" ON "participant_link" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "participant_link_email_idx" ON "participant_link" USING btree ("email");