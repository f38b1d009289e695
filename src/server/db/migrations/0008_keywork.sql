CREATE TABLE "keywork_assessments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"task_ids" jsonb NOT NULL,
	"findings" text NOT NULL,
	"measures" text,
	"status" text DEFAULT 'draft' NOT NULL,
	"conclusion_kind" text,
	"conclusion" text,
	"concluded_at" timestamp with time zone,
	"concluded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "keywork_assessments_status_chk" CHECK ("keywork_assessments"."status" in ('draft','concluded'))
);
--> statement-breakpoint
CREATE TABLE "keywork_attendances" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"attendees" text NOT NULL,
	"anomalies" text NOT NULL,
	"task_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "keywork_findings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"inspection_id" uuid NOT NULL,
	"cadre_id" uuid NOT NULL,
	"unit_id" uuid,
	"milestone_id" uuid,
	"effect" text NOT NULL,
	"tags" jsonb NOT NULL,
	"cause" text NOT NULL,
	"evidence" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "keywork_findings_effect_chk" CHECK ("keywork_findings"."effect" in ('held_up','moved','neutral'))
);
--> statement-breakpoint
CREATE TABLE "keywork_hits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"rule_version_id" uuid NOT NULL,
	"rule_code" text NOT NULL,
	"task_id" uuid NOT NULL,
	"hit_key" text NOT NULL,
	"detail" jsonb NOT NULL,
	"message" text NOT NULL,
	"inspection_id" uuid,
	"hit_on" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "keywork_inspections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_id" uuid NOT NULL,
	"origin" text NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"assignee_user_id" uuid,
	"deadline" timestamp with time zone NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"conclusion_kind" text,
	"conclusion" text,
	"concluded_at" timestamp with time zone,
	"concluded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "keywork_inspections_status_chk" CHECK ("keywork_inspections"."status" in ('open','concluded')),
	CONSTRAINT "keywork_inspections_origin_chk" CHECK ("keywork_inspections"."origin" in ('trigger','manual'))
);
--> statement-breakpoint
CREATE TABLE "keywork_meetings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"held_on" date NOT NULL,
	"host" text,
	"summary" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "keywork_meetings_kind_chk" CHECK ("keywork_meetings"."kind" in ('study','dispatch'))
);
--> statement-breakpoint
CREATE TABLE "keywork_milestone_slips" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"milestone_id" uuid NOT NULL,
	"from_on" date NOT NULL,
	"to_on" date NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "keywork_milestones" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"title" text NOT NULL,
	"baseline_on" date NOT NULL,
	"planned_on" date NOT NULL,
	"planned_progress" numeric(5, 1) NOT NULL,
	"responsible_cadre_id" uuid,
	"done_on" date,
	"done_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "keywork_milestones_progress_chk" CHECK ("keywork_milestones"."planned_progress" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "keywork_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_id" uuid NOT NULL,
	"period_end" date NOT NULL,
	"due_on" date NOT NULL,
	"progress" numeric(5, 1) NOT NULL,
	"planned_progress" numeric(5, 1) NOT NULL,
	"summary" text NOT NULL,
	"problems" text,
	"submitted_at" timestamp with time zone NOT NULL,
	"submitted_by" uuid,
	CONSTRAINT "keywork_reports_progress_chk" CHECK ("keywork_reports"."progress" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "keywork_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_id" uuid NOT NULL,
	"task_id" uuid NOT NULL,
	"to_unit_id" uuid NOT NULL,
	"content" text NOT NULL,
	"due_on" date NOT NULL,
	"answer" text,
	"answered_at" timestamp with time zone,
	"answered_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "keywork_rule_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"version" integer NOT NULL,
	"threshold" numeric(6, 1) NOT NULL,
	"inspection_days" integer NOT NULL,
	"enabled" boolean NOT NULL,
	"note" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "keywork_rule_versions_code_chk" CHECK ("keywork_rule_versions"."code" in ('lag','milestone_overdue','missed_reports','repeated_slips','coordination_unanswered'))
);
--> statement-breakpoint
CREATE TABLE "keywork_task_cadres" (
	"task_id" uuid NOT NULL,
	"cadre_id" uuid NOT NULL,
	"unit_id" uuid,
	"role" text NOT NULL,
	"part" text,
	CONSTRAINT "keywork_task_cadres_role_chk" CHECK ("keywork_task_cadres"."role" in ('responsible','taskforce'))
);
--> statement-breakpoint
CREATE TABLE "keywork_task_units" (
	"task_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "keywork_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"meeting_id" uuid NOT NULL,
	"domain" text,
	"description" text,
	"lead_unit_id" uuid NOT NULL,
	"cadence" text NOT NULL,
	"starts_on" date NOT NULL,
	"due_on" date NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "keywork_tasks_cadence_chk" CHECK ("keywork_tasks"."cadence" in ('weekly','biweekly','monthly')),
	CONSTRAINT "keywork_tasks_status_chk" CHECK ("keywork_tasks"."status" in ('active','done','suspended')),
	CONSTRAINT "keywork_tasks_dates_chk" CHECK ("keywork_tasks"."starts_on" < "keywork_tasks"."due_on")
);
--> statement-breakpoint
ALTER TABLE "keywork_assessments" ADD CONSTRAINT "keywork_assessments_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "keywork_attendances" ADD CONSTRAINT "keywork_attendances_meeting_id_keywork_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."keywork_meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "keywork_findings" ADD CONSTRAINT "keywork_findings_inspection_id_keywork_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."keywork_inspections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "keywork_findings" ADD CONSTRAINT "keywork_findings_cadre_id_org_cadres_id_fk" FOREIGN KEY ("cadre_id") REFERENCES "public"."org_cadres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "keywork_findings" ADD CONSTRAINT "keywork_findings_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "keywork_findings" ADD CONSTRAINT "keywork_findings_milestone_id_keywork_milestones_id_fk" FOREIGN KEY ("milestone_id") REFERENCES "public"."keywork_milestones"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "keywork_hits" ADD CONSTRAINT "keywork_hits_rule_version_id_keywork_rule_versions_id_fk" FOREIGN KEY ("rule_version_id") REFERENCES "public"."keywork_rule_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "keywork_hits" ADD CONSTRAINT "keywork_hits_task_id_keywork_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."keywork_tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "keywork_hits" ADD CONSTRAINT "keywork_hits_inspection_id_keywork_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."keywork_inspections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "keywork_inspections" ADD CONSTRAINT "keywork_inspections_task_id_keywork_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."keywork_tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "keywork_milestone_slips" ADD CONSTRAINT "keywork_milestone_slips_milestone_id_keywork_milestones_id_fk" FOREIGN KEY ("milestone_id") REFERENCES "public"."keywork_milestones"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "keywork_milestones" ADD CONSTRAINT "keywork_milestones_task_id_keywork_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."keywork_tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "keywork_milestones" ADD CONSTRAINT "keywork_milestones_responsible_cadre_id_org_cadres_id_fk" FOREIGN KEY ("responsible_cadre_id") REFERENCES "public"."org_cadres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "keywork_reports" ADD CONSTRAINT "keywork_reports_task_id_keywork_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."keywork_tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "keywork_requests" ADD CONSTRAINT "keywork_requests_report_id_keywork_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."keywork_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "keywork_requests" ADD CONSTRAINT "keywork_requests_task_id_keywork_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."keywork_tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "keywork_requests" ADD CONSTRAINT "keywork_requests_to_unit_id_org_units_id_fk" FOREIGN KEY ("to_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "keywork_task_cadres" ADD CONSTRAINT "keywork_task_cadres_task_id_keywork_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."keywork_tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "keywork_task_cadres" ADD CONSTRAINT "keywork_task_cadres_cadre_id_org_cadres_id_fk" FOREIGN KEY ("cadre_id") REFERENCES "public"."org_cadres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "keywork_task_cadres" ADD CONSTRAINT "keywork_task_cadres_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "keywork_task_units" ADD CONSTRAINT "keywork_task_units_task_id_keywork_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."keywork_tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "keywork_task_units" ADD CONSTRAINT "keywork_task_units_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "keywork_tasks" ADD CONSTRAINT "keywork_tasks_meeting_id_keywork_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."keywork_meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "keywork_tasks" ADD CONSTRAINT "keywork_tasks_lead_unit_id_org_units_id_fk" FOREIGN KEY ("lead_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "keywork_assessments_unit_year_uq" ON "keywork_assessments" USING btree ("unit_id","year");--> statement-breakpoint
CREATE UNIQUE INDEX "keywork_attendances_meeting_uq" ON "keywork_attendances" USING btree ("meeting_id");--> statement-breakpoint
CREATE UNIQUE INDEX "keywork_findings_inspection_cadre_uq" ON "keywork_findings" USING btree ("inspection_id","cadre_id");--> statement-breakpoint
CREATE INDEX "keywork_findings_cadre_idx" ON "keywork_findings" USING btree ("cadre_id");--> statement-breakpoint
CREATE UNIQUE INDEX "keywork_hits_uq" ON "keywork_hits" USING btree ("rule_version_id","task_id","hit_key");--> statement-breakpoint
CREATE INDEX "keywork_hits_task_idx" ON "keywork_hits" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "keywork_hits_code_key_idx" ON "keywork_hits" USING btree ("rule_code","task_id","hit_key");--> statement-breakpoint
CREATE INDEX "keywork_inspections_task_idx" ON "keywork_inspections" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "keywork_meetings_held_idx" ON "keywork_meetings" USING btree ("held_on");--> statement-breakpoint
CREATE INDEX "keywork_milestone_slips_ms_idx" ON "keywork_milestone_slips" USING btree ("milestone_id");--> statement-breakpoint
CREATE UNIQUE INDEX "keywork_milestones_task_seq_uq" ON "keywork_milestones" USING btree ("task_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "keywork_reports_task_period_uq" ON "keywork_reports" USING btree ("task_id","period_end");--> statement-breakpoint
CREATE INDEX "keywork_requests_task_idx" ON "keywork_requests" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "keywork_requests_unit_idx" ON "keywork_requests" USING btree ("to_unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "keywork_rule_versions_code_version_uq" ON "keywork_rule_versions" USING btree ("code","version");--> statement-breakpoint
CREATE UNIQUE INDEX "keywork_task_cadres_uq" ON "keywork_task_cadres" USING btree ("task_id","cadre_id");--> statement-breakpoint
CREATE INDEX "keywork_task_cadres_cadre_idx" ON "keywork_task_cadres" USING btree ("cadre_id");--> statement-breakpoint
CREATE UNIQUE INDEX "keywork_task_units_uq" ON "keywork_task_units" USING btree ("task_id","unit_id");--> statement-breakpoint
CREATE INDEX "keywork_task_units_unit_idx" ON "keywork_task_units" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "keywork_tasks_lead_idx" ON "keywork_tasks" USING btree ("lead_unit_id");