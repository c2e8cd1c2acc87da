CREATE TABLE "attendance" (
	"registration_id" integer NOT NULL,
	"session_id" integer NOT NULL,
	"present" boolean NOT NULL,
	"marked_at" timestamp with time zone NOT NULL,
	"marked_by" text
);
--> statement-breakpoint
CREATE TABLE "certificate" (
	"id" serial PRIMARY KEY NOT NULL,
	"registration_id" integer NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"item_title" text NOT NULL,
	"attended" integer NOT NULL,
	"total" integer NOT NULL,
	"issued_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reminder_sent" (
	"registration_id" integer NOT NULL,
	"session_id" integer NOT NULL,
	"kind" text NOT NULL,
	"sent_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "attendance" ADD CONSTRAINT "attendance_registration_id_registration_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."registration"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance" ADD CONSTRAINT "attendance_session_id_programme_session_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."programme_session"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate" ADD CONSTRAINT "certificate_registration_id_registration_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."registration"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_sent" ADD CONSTRAINT "reminder_sent_registration_id_registration_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."registration"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_sent" ADD CONSTRAINT "reminder_sent_session_id_programme_session_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."programme_session"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "attendance_pk" ON "attendance" USING btree ("registration_id","session_id");--> statement-breakpoint
CREATE UNIQUE INDEX "certificate_code_idx" ON "certificate" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "certificate_registration_idx" ON "certificate" USING btree ("registration_id");--> statement-breakpoint
CREATE UNIQUE INDEX "reminder_once_idx" ON "reminder_sent" USING btree ("registration_id","session_id","kind");