CREATE TABLE "project_check" (
	"project_id" integer PRIMARY KEY NOT NULL,
	"revision" integer DEFAULT 0 NOT NULL,
	"checked_revision" integer,
	"findings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"valid_until" timestamp with time zone,
	"checked_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "project_check" ADD CONSTRAINT "project_check_project_id_project_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."project"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "consultation_booking_identified_idx" ON "consultation_booking" USING btree ("slot_id") WHERE jsonb_path_exists("consultation_booking"."attendees", '$[*] ? (@.email != "")');--> statement-breakpoint
CREATE INDEX "consultation_waitlist_contact_idx" ON "consultation_waitlist" USING btree ("updated_at") WHERE "consultation_waitlist"."contact_email" <> '' and "consultation_waitlist"."state" not in ('waiting', 'offered');--> statement-breakpoint
CREATE INDEX "registration_lapse_idx" ON "registration" USING btree ("confirm_expires_at") WHERE "registration"."status" in ('held', 'waitlisted') and "registration"."email_confirmed_at" is null;--> statement-breakpoint
CREATE INDEX "registration_identified_idx" ON "registration" USING btree ("item_id") WHERE "registration"."anonymised_at" is null;--> statement-breakpoint
-- The stored publish-check findings go stale with every change of the programme, whoever makes it:
-- the project's row in project_check gets its revision raised (only an existing row; a missing one
-- is computed on read anyway). Not deferred: a write that stores fresh findings in the same
-- transaction does so after its changes, and then sets checked_revision to the raised revision.
CREATE OR REPLACE FUNCTION "project_check_stale"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	ids integer[];
BEGIN
	IF TG_TABLE_NAME = 'project' THEN
		ids := ARRAY[NEW."id"];
	ELSIF TG_TABLE_NAME = 'programme_item' THEN
		IF TG_OP = 'INSERT' THEN ids := ARRAY[NEW."project_id"];
		ELSIF TG_OP = 'DELETE' THEN ids := ARRAY[OLD."project_id"];
		ELSE ids := ARRAY[OLD."project_id", NEW."project_id"];
		END IF;
	ELSE
		-- programme_session and online_meeting belong to a project through their item.
		IF TG_OP = 'INSERT' THEN ids := ARRAY(SELECT "project_id" FROM "programme_item" WHERE "id" = NEW."item_id");
		ELSIF TG_OP = 'DELETE' THEN ids := ARRAY(SELECT "project_id" FROM "programme_item" WHERE "id" = OLD."item_id");
		ELSE ids := ARRAY(SELECT "project_id" FROM "programme_item" WHERE "id" IN (OLD."item_id", NEW."item_id"));
		END IF;
	END IF;
	UPDATE "project_check" SET "revision" = "revision" + 1 WHERE "project_id" = ANY(ids);
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "project_check_stale" AFTER UPDATE ON "project" FOR EACH ROW EXECUTE FUNCTION "project_check_stale"();
--> statement-breakpoint
CREATE TRIGGER "programme_item_check_stale" AFTER INSERT OR UPDATE OR DELETE ON "programme_item" FOR EACH ROW EXECUTE FUNCTION "project_check_stale"();
--> statement-breakpoint
CREATE TRIGGER "programme_session_check_stale" AFTER INSERT OR UPDATE OR DELETE ON "programme_session" FOR EACH ROW EXECUTE FUNCTION "project_check_stale"();
--> statement-breakpoint
CREATE TRIGGER "online_meeting_check_stale" AFTER INSERT OR UPDATE OR DELETE ON "online_meeting" FOR EACH ROW EXECUTE FUNCTION "project_check_stale"();
