CREATE TYPE "public"."consultation_booking_state" AS ENUM('booked', 'cancelled', 'held', 'no_show');--> statement-breakpoint
CREATE TYPE "public"."consultation_room_provider" AS ENUM('bbb', 'jitsi', 'link');--> statement-breakpoint
CREATE TYPE "public"."consultation_slot_status" AS ENUM('open', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."consultation_waitlist_state" AS ENUM('waiting', 'offered', 'accepted', 'expired', 'withdrawn');--> statement-breakpoint
CREATE TABLE "consultation_booking" (
	"id" serial PRIMARY KEY NOT NULL,
	"slot_id" integer NOT NULL,
	"organisation_id" integer NOT NULL,
	"seat" integer DEFAULT 1 NOT NULL,
	"state" "consultation_booking_state" DEFAULT 'booked' NOT NULL,
	"topic" text NOT NULL,
	"dimension_key" text,
	"language" text DEFAULT 'de' NOT NULL,
	"needs" text DEFAULT '' NOT NULL,
	"attendees" jsonb NOT NULL,
	"booked_by" text,
	"by_team" boolean DEFAULT false NOT NULL,
	"sequence" integer DEFAULT 0 NOT NULL,
	"cancelled_at" timestamp with time zone,
	"attendance_recorded_at" timestamp with time zone,
	"reminded_day_at" timestamp with time zone,
	"reminded_hour_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "consultation_booking_seat" CHECK ("consultation_booking"."seat" >= 1)
);
--> statement-breakpoint
CREATE TABLE "consultation_next_step" (
	"id" serial PRIMARY KEY NOT NULL,
	"booking_id" integer NOT NULL,
	"measure_id" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "consultation_note" (
	"id" serial PRIMARY KEY NOT NULL,
	"booking_id" integer NOT NULL,
	"author_id" text,
	"text" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "consultation_offer" (
	"id" serial PRIMARY KEY NOT NULL,
	"item_id" integer NOT NULL,
	"join_opens_minutes" integer DEFAULT 30 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "consultation_slot" (
	"id" serial PRIMARY KEY NOT NULL,
	"track_id" integer NOT NULL,
	"consultant_id" text,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"capacity" integer DEFAULT 1 NOT NULL,
	"room_provider" "consultation_room_provider" DEFAULT 'jitsi' NOT NULL,
	"room_name" text DEFAULT '' NOT NULL,
	"room_url" text DEFAULT '' NOT NULL,
	"room_passcode" text DEFAULT '' NOT NULL,
	"status" "consultation_slot_status" DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "consultation_slot_times" CHECK ("consultation_slot"."ends_at" > "consultation_slot"."starts_at" and "consultation_slot"."capacity" >= 1)
);
--> statement-breakpoint
CREATE TABLE "consultation_track" (
	"id" serial PRIMARY KEY NOT NULL,
	"offer_id" integer NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"title" jsonb NOT NULL,
	"description" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"closes_hours_before" integer DEFAULT 24 NOT NULL,
	"bookable_days_ahead" integer DEFAULT 90 NOT NULL,
	"max_open_bookings" integer DEFAULT 1 NOT NULL,
	"change_until_hours_before" integer DEFAULT 48 NOT NULL,
	"offer_hours" integer DEFAULT 24 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "consultation_track_rules" CHECK ("consultation_track"."closes_hours_before" >= 0 and "consultation_track"."bookable_days_ahead" >= 1 and "consultation_track"."max_open_bookings" >= 1 and "consultation_track"."change_until_hours_before" >= 0 and "consultation_track"."offer_hours" >= 1)
);
--> statement-breakpoint
CREATE TABLE "consultation_track_consultant" (
	"id" serial PRIMARY KEY NOT NULL,
	"track_id" integer NOT NULL,
	"user_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "consultation_waitlist" (
	"id" serial PRIMARY KEY NOT NULL,
	"track_id" integer NOT NULL,
	"organisation_id" integer NOT NULL,
	"contact_name" text NOT NULL,
	"contact_email" text NOT NULL,
	"language" text DEFAULT 'de' NOT NULL,
	"state" "consultation_waitlist_state" DEFAULT 'waiting' NOT NULL,
	"offered_slot_id" integer,
	"offer_expires_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "consultation_booking" ADD CONSTRAINT "consultation_booking_slot_id_consultation_slot_id_fk" FOREIGN KEY ("slot_id") REFERENCES "public"."consultation_slot"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_booking" ADD CONSTRAINT "consultation_booking_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_booking" ADD CONSTRAINT "consultation_booking_booked_by_user_id_fk" FOREIGN KEY ("booked_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_next_step" ADD CONSTRAINT "consultation_next_step_booking_id_consultation_booking_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."consultation_booking"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_next_step" ADD CONSTRAINT "consultation_next_step_measure_id_plan_measure_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."plan_measure"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_note" ADD CONSTRAINT "consultation_note_booking_id_consultation_booking_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."consultation_booking"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_note" ADD CONSTRAINT "consultation_note_author_id_user_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_offer" ADD CONSTRAINT "consultation_offer_item_id_programme_item_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."programme_item"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_slot" ADD CONSTRAINT "consultation_slot_track_id_consultation_track_id_fk" FOREIGN KEY ("track_id") REFERENCES "public"."consultation_track"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_slot" ADD CONSTRAINT "consultation_slot_consultant_id_user_id_fk" FOREIGN KEY ("consultant_id") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_track" ADD CONSTRAINT "consultation_track_offer_id_consultation_offer_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."consultation_offer"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_track_consultant" ADD CONSTRAINT "consultation_track_consultant_track_id_consultation_track_id_fk" FOREIGN KEY ("track_id") REFERENCES "public"."consultation_track"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_track_consultant" ADD CONSTRAINT "consultation_track_consultant_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_waitlist" ADD CONSTRAINT "consultation_waitlist_track_id_consultation_track_id_fk" FOREIGN KEY ("track_id") REFERENCES "public"."consultation_track"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_waitlist" ADD CONSTRAINT "consultation_waitlist_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_waitlist" ADD CONSTRAINT "consultation_waitlist_offered_slot_id_consultation_slot_id_fk" FOREIGN KEY ("offered_slot_id") REFERENCES "public"."consultation_slot"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "consultation_booking_seat_idx" ON "consultation_booking" USING btree ("slot_id","seat") WHERE "consultation_booking"."state" <> 'cancelled';--> statement-breakpoint
CREATE UNIQUE INDEX "consultation_booking_org_idx" ON "consultation_booking" USING btree ("slot_id","organisation_id") WHERE "consultation_booking"."state" <> 'cancelled';--> statement-breakpoint
CREATE INDEX "consultation_booking_org_list_idx" ON "consultation_booking" USING btree ("organisation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "consultation_next_step_measure_idx" ON "consultation_next_step" USING btree ("measure_id");--> statement-breakpoint
CREATE INDEX "consultation_next_step_booking_idx" ON "consultation_next_step" USING btree ("booking_id");--> statement-breakpoint
CREATE UNIQUE INDEX "consultation_note_booking_idx" ON "consultation_note" USING btree ("booking_id");--> statement-breakpoint
CREATE UNIQUE INDEX "consultation_offer_item_idx" ON "consultation_offer" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "consultation_slot_track_idx" ON "consultation_slot" USING btree ("track_id","starts_at");--> statement-breakpoint
CREATE INDEX "consultation_slot_consultant_idx" ON "consultation_slot" USING btree ("consultant_id","starts_at");--> statement-breakpoint
CREATE INDEX "consultation_track_offer_idx" ON "consultation_track" USING btree ("offer_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "consultation_track_consultant_idx" ON "consultation_track_consultant" USING btree ("track_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "consultation_waitlist_live_idx" ON "consultation_waitlist" USING btree ("track_id","organisation_id") WHERE "consultation_waitlist"."state" in ('waiting', 'offered');--> statement-breakpoint
CREATE INDEX "consultation_waitlist_order_idx" ON "consultation_waitlist" USING btree ("track_id","state","created_at");