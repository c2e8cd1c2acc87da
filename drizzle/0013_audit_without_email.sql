ALTER TABLE "audit_entry" DROP COLUMN "actor_email";--> statement-breakpoint
-- Entries written before: no addresses in details, and exports referenced the person by address.
UPDATE "audit_entry" SET "details" = "details" - 'email' WHERE "details" ? 'email';--> statement-breakpoint
UPDATE "audit_entry" SET "entity_id" = 'redacted' WHERE "entity_type" = 'person';
