CREATE TABLE "development_goals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"title" text NOT NULL,
	"measure" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "development_mentor_scopes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"mentor_cadre_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"granted_by" uuid,
	"withdrawn_at" timestamp with time zone,
	"withdrawn_by" uuid
);
--> statement-breakpoint
CREATE TABLE "development_milestones" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"goal_id" uuid,
	"title" text NOT NULL,
	"target" text NOT NULL,
	"due_on" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"result" text,
	"evidence" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "development_milestones_status_chk" CHECK ("development_milestones"."status" in ('open','met','missed'))
);
--> statement-breakpoint
CREATE TABLE "development_notes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"text" text NOT NULL,
	"internal" boolean DEFAULT false NOT NULL,
	"author_role" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "development_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cadre_id" uuid NOT NULL,
	"unit_id" uuid,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"reason" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"mentor_cadre_id" uuid,
	"assignments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"study_topic" text,
	"keywork_task_id" uuid,
	"post_kind" text,
	"post_name" text,
	"evidence" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"outcome" text,
	"outcome_note" text,
	"outcome_review_id" uuid,
	"outcome_at" timestamp with time zone,
	"outcome_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "development_plans_kind_chk" CHECK ("development_plans"."kind" in ('guidance','study','pressure')),
	CONSTRAINT "development_plans_status_chk" CHECK ("development_plans"."status" in ('active','ended')),
	CONSTRAINT "development_plans_outcome_chk" CHECK ("development_plans"."outcome" is null or "development_plans"."outcome" in ('met','extended','reassigned')),
	CONSTRAINT "development_plans_dates_chk" CHECK ("development_plans"."starts_on" < "development_plans"."ends_on"),
	CONSTRAINT "development_plans_mentor_chk" CHECK ("development_plans"."mentor_cadre_id" is null or "development_plans"."mentor_cadre_id" <> "development_plans"."cadre_id")
);
--> statement-breakpoint
CREATE TABLE "development_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"period" text NOT NULL,
	"progress" text NOT NULL,
	"summary" text NOT NULL,
	"evidence" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"author_role" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "development_reviews_kind_chk" CHECK ("development_reviews"."kind" in ('monthly','mid','end')),
	CONSTRAINT "development_reviews_progress_chk" CHECK ("development_reviews"."progress" in ('good','fair','behind'))
);
--> statement-breakpoint
ALTER TABLE "development_goals" ADD CONSTRAINT "development_goals_plan_id_development_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."development_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "development_mentor_scopes" ADD CONSTRAINT "development_mentor_scopes_plan_id_development_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."development_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "development_mentor_scopes" ADD CONSTRAINT "development_mentor_scopes_mentor_cadre_id_org_cadres_id_fk" FOREIGN KEY ("mentor_cadre_id") REFERENCES "public"."org_cadres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "development_milestones" ADD CONSTRAINT "development_milestones_plan_id_development_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."development_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "development_milestones" ADD CONSTRAINT "development_milestones_goal_id_development_goals_id_fk" FOREIGN KEY ("goal_id") REFERENCES "public"."development_goals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "development_notes" ADD CONSTRAINT "development_notes_plan_id_development_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."development_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "development_plans" ADD CONSTRAINT "development_plans_cadre_id_org_cadres_id_fk" FOREIGN KEY ("cadre_id") REFERENCES "public"."org_cadres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "development_plans" ADD CONSTRAINT "development_plans_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "development_plans" ADD CONSTRAINT "development_plans_mentor_cadre_id_org_cadres_id_fk" FOREIGN KEY ("mentor_cadre_id") REFERENCES "public"."org_cadres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "development_plans" ADD CONSTRAINT "development_plans_keywork_task_id_keywork_tasks_id_fk" FOREIGN KEY ("keywork_task_id") REFERENCES "public"."keywork_tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "development_reviews" ADD CONSTRAINT "development_reviews_plan_id_development_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."development_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "development_goals_uq" ON "development_goals" USING btree ("plan_id","seq");--> statement-breakpoint
CREATE INDEX "development_mentor_scopes_mentor_idx" ON "development_mentor_scopes" USING btree ("mentor_cadre_id");--> statement-breakpoint
CREATE UNIQUE INDEX "development_mentor_scopes_active_uq" ON "development_mentor_scopes" USING btree ("plan_id") WHERE "development_mentor_scopes"."withdrawn_at" is null;--> statement-breakpoint
CREATE INDEX "development_milestones_plan_idx" ON "development_milestones" USING btree ("plan_id");--> statement-breakpoint
CREATE INDEX "development_notes_plan_idx" ON "development_notes" USING btree ("plan_id");--> statement-breakpoint
CREATE INDEX "development_plans_cadre_idx" ON "development_plans" USING btree ("cadre_id");--> statement-breakpoint
CREATE INDEX "development_plans_mentor_idx" ON "development_plans" USING btree ("mentor_cadre_id");--> statement-breakpoint
CREATE UNIQUE INDEX "development_plans_active_uq" ON "development_plans" USING btree ("cadre_id") WHERE "development_plans"."status" = 'active';--> statement-breakpoint
CREATE UNIQUE INDEX "development_reviews_uq" ON "development_reviews" USING btree ("plan_id","kind","period");