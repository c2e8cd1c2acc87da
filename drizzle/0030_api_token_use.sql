CREATE TABLE "api_token_use" (
	"id" serial PRIMARY KEY NOT NULL,
	"token_id" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"method" text NOT NULL,
	"path" text NOT NULL,
	"status" smallint NOT NULL,
	"client_key" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_token_use" ADD CONSTRAINT "api_token_use_token_id_api_token_id_fk" FOREIGN KEY ("token_id") REFERENCES "public"."api_token"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_token_use_token_at_idx" ON "api_token_use" USING btree ("token_id","at" DESC NULLS LAST);