-- The state note becomes translatable like the title: an existing note is the German text.
ALTER TABLE "programme_item" ALTER COLUMN "state_note" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "programme_item" ALTER COLUMN "state_note" SET DATA TYPE jsonb USING (CASE WHEN "state_note" = '' THEN '{}'::jsonb ELSE jsonb_build_object('de', "state_note") END);--> statement-breakpoint
ALTER TABLE "programme_item" ALTER COLUMN "state_note" SET DEFAULT '{}'::jsonb;
