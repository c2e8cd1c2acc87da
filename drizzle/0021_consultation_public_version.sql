-- Public item pages show a consultation series' tracks, slot dates and free places (never who
-- booked): raise the public version (0017) when any of that changes.
CREATE CONSTRAINT TRIGGER "consultation_offer_public_version" AFTER INSERT OR UPDATE OR DELETE ON "consultation_offer" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_public_version"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "consultation_track_public_version" AFTER INSERT OR UPDATE OR DELETE ON "consultation_track" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_public_version"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "consultation_slot_public_version" AFTER INSERT OR UPDATE OR DELETE ON "consultation_slot" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_public_version"();
--> statement-breakpoint
-- Places taken: a booking appearing, going, or changing state or slot (not its intake or attendance).
CREATE CONSTRAINT TRIGGER "consultation_booking_public_version" AFTER INSERT OR DELETE ON "consultation_booking" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_public_version"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "consultation_booking_change_public_version" AFTER UPDATE ON "consultation_booking" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
	WHEN ((OLD."state" = 'cancelled') IS DISTINCT FROM (NEW."state" = 'cancelled') OR OLD."slot_id" IS DISTINCT FROM NEW."slot_id")
	EXECUTE FUNCTION "bump_public_version"();
--> statement-breakpoint
-- A waitlist offer keeps a place: its start and its end change the free places.
CREATE CONSTRAINT TRIGGER "consultation_waitlist_public_version" AFTER UPDATE ON "consultation_waitlist" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
	WHEN (OLD."state" IS DISTINCT FROM NEW."state" OR OLD."offered_slot_id" IS DISTINCT FROM NEW."offered_slot_id")
	EXECUTE FUNCTION "bump_public_version"();
