-- The public handbook page (/projekte/<slug>/handbuch) is stored by the page cache: raise the public
-- version (0017) when a handbook, a chapter or an image changes, when an organisation's consent to
-- be named changes, and when the cohort or its check answers change (the anonymous cohort picture).
-- (0025 was left empty by mistake; these triggers live here.)
CREATE CONSTRAINT TRIGGER "handbook_public_version" AFTER INSERT OR UPDATE OR DELETE ON "handbook" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_public_version"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "handbook_chapter_public_version" AFTER INSERT OR UPDATE OR DELETE ON "handbook_chapter" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_public_version"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "handbook_image_public_version" AFTER INSERT OR UPDATE OR DELETE ON "handbook_image" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_public_version"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "organisation_named_public_version" AFTER UPDATE ON "organisation" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
	WHEN (OLD."may_be_named" IS DISTINCT FROM NEW."may_be_named")
	EXECUTE FUNCTION "bump_public_version"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "cohort_member_public_version" AFTER INSERT OR DELETE ON "cohort_member" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_public_version"();
--> statement-breakpoint
-- A response counts in the cohort picture from its first answer: its appearing, going and being
-- completed change the picture; later answer edits show at the next daily drop of all pages.
CREATE CONSTRAINT TRIGGER "assessment_response_public_version" AFTER INSERT OR DELETE ON "assessment_response" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_public_version"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "assessment_response_done_public_version" AFTER UPDATE ON "assessment_response" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
	WHEN (OLD."completed_at" IS DISTINCT FROM NEW."completed_at")
	EXECUTE FUNCTION "bump_public_version"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "assessment_instrument_public_version" AFTER INSERT OR UPDATE OR DELETE ON "assessment_instrument" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_public_version"();
