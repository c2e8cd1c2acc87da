CREATE TABLE "export_job" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"progress" integer DEFAULT 0 NOT NULL,
	"message" text,
	"error_code" text,
	"result" "bytea",
	"content_type" text,
	"file_name" text,
	"requested_by" text,
	"created_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "export_job_status" CHECK ("export_job"."status" in ('queued', 'running', 'done', 'failed')),
	CONSTRAINT "export_job_progress" CHECK ("export_job"."progress" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "handbook" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"title" jsonb NOT NULL,
	"subtitle" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"licence" text DEFAULT 'CC-BY-4.0' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"published_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "handbook_project_id_unique" UNIQUE("project_id"),
	CONSTRAINT "handbook_licence_check" CHECK ("handbook"."licence" in ('CC-BY-4.0', 'CC-BY-SA-4.0')),
	CONSTRAINT "handbook_status_check" CHECK ("handbook"."status" in ('draft', 'in_review', 'published'))
);
--> statement-breakpoint
CREATE TABLE "handbook_chapter" (
	"id" serial PRIMARY KEY NOT NULL,
	"handbook_id" integer NOT NULL,
	"slug" text NOT NULL,
	"kind" text NOT NULL,
	"generator" text,
	"position" integer DEFAULT 0 NOT NULL,
	"hidden" boolean DEFAULT false NOT NULL,
	"title" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"body" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "handbook_chapter_kind_check" CHECK ("handbook_chapter"."kind" in ('written', 'generated'))
);
--> statement-breakpoint
CREATE TABLE "handbook_chapter_version" (
	"id" serial PRIMARY KEY NOT NULL,
	"chapter_id" integer NOT NULL,
	"number" integer NOT NULL,
	"title" jsonb NOT NULL,
	"body" jsonb NOT NULL,
	"author_id" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "handbook_image" (
	"id" serial PRIMARY KEY NOT NULL,
	"chapter_id" integer NOT NULL,
	"alt" text DEFAULT '' NOT NULL,
	"content_type" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"size" integer NOT NULL,
	"hash" text NOT NULL,
	"uploaded_by" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "organisation" ADD COLUMN "may_be_named" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "handbook" ADD CONSTRAINT "handbook_project_id_project_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."project"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handbook_chapter" ADD CONSTRAINT "handbook_chapter_handbook_id_handbook_id_fk" FOREIGN KEY ("handbook_id") REFERENCES "public"."handbook"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handbook_chapter_version" ADD CONSTRAINT "handbook_chapter_version_chapter_id_handbook_chapter_id_fk" FOREIGN KEY ("chapter_id") REFERENCES "public"."handbook_chapter"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handbook_chapter_version" ADD CONSTRAINT "handbook_chapter_version_author_id_user_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handbook_image" ADD CONSTRAINT "handbook_image_chapter_id_handbook_chapter_id_fk" FOREIGN KEY ("chapter_id") REFERENCES "public"."handbook_chapter"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handbook_image" ADD CONSTRAINT "handbook_image_uploaded_by_user_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "export_job_active" ON "export_job" USING btree ("kind","key") WHERE "export_job"."status" in ('queued', 'running');--> statement-breakpoint
CREATE INDEX "export_job_finished" ON "export_job" USING btree ("finished_at");--> statement-breakpoint
CREATE UNIQUE INDEX "handbook_chapter_slug_idx" ON "handbook_chapter" USING btree ("handbook_id","slug");--> statement-breakpoint
CREATE INDEX "handbook_chapter_position_idx" ON "handbook_chapter" USING btree ("handbook_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "handbook_chapter_version_idx" ON "handbook_chapter_version" USING btree ("chapter_id","number");--> statement-breakpoint
CREATE INDEX "handbook_image_chapter_idx" ON "handbook_image" USING btree ("chapter_id");