CREATE TABLE "public_version" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL,
	"bumped_in" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "public_version_single_row" CHECK ("public_version"."id" = 1)
);
--> statement-breakpoint
INSERT INTO "public_version" ("id") VALUES (1) ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- Raises the public version once per transaction, at its commit (deferred constraint triggers):
-- the row is the last lock a transaction takes, so no two writers can deadlock on it, and readers
-- see the new version exactly when they see the change. Listeners on `public_version` hear of it.
CREATE OR REPLACE FUNCTION "bump_public_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE "public_version" SET "version" = "version" + 1, "bumped_in" = txid_current() WHERE "id" = 1 AND "bumped_in" <> txid_current();
	IF FOUND THEN PERFORM pg_notify('public_version', ''); END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "project_public_version" AFTER INSERT OR UPDATE OR DELETE ON "project" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_public_version"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "programme_item_public_version" AFTER INSERT OR UPDATE OR DELETE ON "programme_item" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_public_version"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "programme_session_public_version" AFTER INSERT OR UPDATE OR DELETE ON "programme_session" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_public_version"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "online_meeting_public_version" AFTER INSERT OR UPDATE OR DELETE ON "online_meeting" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_public_version"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "site_settings_public_version" AFTER INSERT OR UPDATE OR DELETE ON "site_settings" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_public_version"();
--> statement-breakpoint
-- Places taken: a registration appearing, going, or changing status or scope (not a name or an address).
CREATE CONSTRAINT TRIGGER "registration_public_version" AFTER INSERT OR DELETE ON "registration" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_public_version"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "registration_change_public_version" AFTER UPDATE ON "registration" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
	WHEN (OLD."status" IS DISTINCT FROM NEW."status" OR OLD."item_id" IS DISTINCT FROM NEW."item_id" OR OLD."session_id" IS DISTINCT FROM NEW."session_id")
	EXECUTE FUNCTION "bump_public_version"();
--> statement-breakpoint
-- The registration form lists confirmed organisations by name.
CREATE CONSTRAINT TRIGGER "organisation_public_version" AFTER INSERT OR DELETE ON "organisation" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_public_version"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "organisation_change_public_version" AFTER UPDATE ON "organisation" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
	WHEN (OLD."name" IS DISTINCT FROM NEW."name" OR OLD."confirmed" IS DISTINCT FROM NEW."confirmed")
	EXECUTE FUNCTION "bump_public_version"();
