DROP TABLE "handbook" CASCADE;--> statement-breakpoint
DROP TABLE "handbook_chapter" CASCADE;--> statement-breakpoint
DROP TABLE "handbook_chapter_version" CASCADE;--> statement-breakpoint
DROP TABLE "handbook_image" CASCADE;--> statement-breakpoint
ALTER TABLE "organisation" DROP COLUMN "may_be_named";