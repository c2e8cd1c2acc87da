CREATE TABLE "cohort_member" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"organisation_id" integer NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "cohort_member" ADD CONSTRAINT "cohort_member_project_id_project_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."project"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cohort_member" ADD CONSTRAINT "cohort_member_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "cohort_member_idx" ON "cohort_member" USING btree ("project_id","organisation_id");--> statement-breakpoint
-- Installations that already hold the demo: its five fictional associations form Digit-Ready II's cohort.
INSERT INTO "cohort_member" ("project_id", "organisation_id") SELECT p."id", o."id" FROM "project" p, "organisation" o WHERE p."slug" = 'digit-ready-ii' AND o."name" LIKE '%(fiktiv)' ON CONFLICT DO NOTHING;
