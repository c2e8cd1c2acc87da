CREATE TYPE "public"."mail_status" AS ENUM('queued', 'sent', 'stored', 'failed');--> statement-breakpoint
CREATE TYPE "public"."registration_status" AS ENUM('held', 'awaiting_approval', 'confirmed', 'waitlisted', 'cancelled', 'expired');--> statement-breakpoint
CREATE TABLE "mail_outbox" (
	"id" serial PRIMARY KEY NOT NULL,
	"to" text NOT NULL,
	"subject" text NOT NULL,
	"text" text NOT NULL,
	"ics" text,
	"template" text NOT NULL,
	"language" text NOT NULL,
	"registration_id" integer,
	"status" "mail_status" DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "organisation" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"confirmed" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registration" (
	"id" serial PRIMARY KEY NOT NULL,
	"item_id" integer NOT NULL,
	"session_id" integer,
	"status" "registration_status" NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"organisation_id" integer,
	"language" text DEFAULT 'de' NOT NULL,
	"needs" text DEFAULT '' NOT NULL,
	"privacy_version" text NOT NULL,
	"privacy_accepted_at" timestamp with time zone NOT NULL,
	"photo_consent" boolean DEFAULT false NOT NULL,
	"email_confirmed_at" timestamp with time zone,
	"confirm_token_hash" text NOT NULL,
	"confirm_expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "programme_item" ADD COLUMN "registration_open" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "programme_item" ADD COLUMN "capacity" integer;--> statement-breakpoint
ALTER TABLE "programme_item" ADD COLUMN "per_session" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "programme_item" ADD COLUMN "requires_approval" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "programme_session" ADD COLUMN "capacity" integer;--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD CONSTRAINT "mail_outbox_registration_id_registration_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."registration"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration" ADD CONSTRAINT "registration_item_id_programme_item_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."programme_item"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration" ADD CONSTRAINT "registration_session_id_programme_session_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."programme_session"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration" ADD CONSTRAINT "registration_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mail_due_idx" ON "mail_outbox" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE UNIQUE INDEX "organisation_name_idx" ON "organisation" USING btree (lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "registration_active_person_idx" ON "registration" USING btree ("item_id",coalesce("session_id", 0),"email") WHERE "registration"."status" in ('held', 'awaiting_approval', 'confirmed', 'waitlisted');--> statement-breakpoint
CREATE UNIQUE INDEX "registration_token_idx" ON "registration" USING btree ("confirm_token_hash");--> statement-breakpoint
CREATE INDEX "registration_scope_idx" ON "registration" USING btree ("item_id","session_id","status");--> statement-breakpoint
CREATE INDEX "registration_email_idx" ON "registration" USING btree ("email");