CREATE TABLE "delivery_amendments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"list_id" uuid NOT NULL,
	"item_id" uuid,
	"reason" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "delivery_checks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"cadre_id" uuid NOT NULL,
	"reported_value" numeric(18, 4),
	"verified_value" numeric(18, 4),
	"verdict" text NOT NULL,
	"notes" text,
	"checked_at" timestamp with time zone NOT NULL,
	"checked_by" uuid,
	CONSTRAINT "delivery_checks_verdict_chk" CHECK ("delivery_checks"."verdict" in ('true','lagging','ineffective','false_report'))
);
--> statement-breakpoint
CREATE TABLE "delivery_findings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"check_id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"cadre_id" uuid NOT NULL,
	"unit_id" uuid,
	"kind" text NOT NULL,
	"description" text NOT NULL,
	"status" text DEFAULT 'explaining' NOT NULL,
	"explanation_due" date NOT NULL,
	"explanation" text,
	"explained_at" timestamp with time zone,
	"explained_by" uuid,
	"response" text,
	"final_at" timestamp with time zone,
	"final_by" uuid,
	"appeal" text,
	"appealed_at" timestamp with time zone,
	"appealed_by" uuid,
	"appeal_decision" text,
	"appeal_reason" text,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "delivery_findings_status_chk" CHECK ("delivery_findings"."status" in ('explaining','explained','final','appealed','withdrawn'))
);
--> statement-breakpoint
CREATE TABLE "delivery_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"list_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"domain_code" text,
	"target_kind" text DEFAULT 'value' NOT NULL,
	"target_value" numeric(18, 4),
	"measure_unit" text,
	"milestones" jsonb,
	"weight" numeric(6, 2) DEFAULT '1' NOT NULL,
	"monthly_plan" jsonb NOT NULL,
	"in_scope" boolean DEFAULT true NOT NULL,
	"withdrawn_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "delivery_items_kind_chk" CHECK ("delivery_items"."kind" in ('indicator','project','reform')),
	CONSTRAINT "delivery_items_target_chk" CHECK ("delivery_items"."target_kind" in ('value','milestones'))
);
--> statement-breakpoint
CREATE TABLE "delivery_lists" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cadre_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"unit_id" uuid,
	"status" text DEFAULT 'draft' NOT NULL,
	"submitted_at" timestamp with time zone,
	"submitted_by" uuid,
	"confirmed_at" timestamp with time zone,
	"confirmed_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "delivery_lists_status_chk" CHECK ("delivery_lists"."status" in ('draft','submitted','confirmed'))
);
--> statement-breakpoint
CREATE TABLE "delivery_plan_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"cadre_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "delivery_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"year" integer NOT NULL,
	"month" integer NOT NULL,
	"status" text DEFAULT 'secret' NOT NULL,
	"selection" jsonb NOT NULL,
	"planned_on" date,
	"started_at" timestamp with time zone,
	"started_by" uuid,
	"completed_at" timestamp with time zone,
	"completed_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "delivery_plans_status_chk" CHECK ("delivery_plans"."status" in ('secret','started','completed'))
);
--> statement-breakpoint
CREATE TABLE "delivery_rectifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"finding_id" uuid NOT NULL,
	"unit_id" uuid,
	"cadre_id" uuid NOT NULL,
	"requirement" text NOT NULL,
	"deadline" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"reply" text,
	"replied_at" timestamp with time zone,
	"replied_by" uuid,
	"recheck_note" text,
	"rechecked_at" timestamp with time zone,
	"rechecked_by" uuid,
	"closed_at" timestamp with time zone,
	"reopen_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "delivery_rectifications_status_chk" CHECK ("delivery_rectifications"."status" in ('open','replied','closed','cancelled')),
	CONSTRAINT "delivery_rectifications_closed_chk" CHECK ("delivery_rectifications"."status" <> 'closed' or ("delivery_rectifications"."rechecked_by" is not null and "delivery_rectifications"."closed_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "delivery_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"item_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"month" integer NOT NULL,
	"progress" numeric(18, 4) NOT NULL,
	"account" text,
	"deadline" date NOT NULL,
	"late" boolean DEFAULT false NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"submitted_by" uuid,
	CONSTRAINT "delivery_reports_month_chk" CHECK ("delivery_reports"."month" between 1 and 12)
);
--> statement-breakpoint
ALTER TABLE "delivery_amendments" ADD CONSTRAINT "delivery_amendments_list_id_delivery_lists_id_fk" FOREIGN KEY ("list_id") REFERENCES "public"."delivery_lists"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_amendments" ADD CONSTRAINT "delivery_amendments_item_id_delivery_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."delivery_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_checks" ADD CONSTRAINT "delivery_checks_plan_id_delivery_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."delivery_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_checks" ADD CONSTRAINT "delivery_checks_item_id_delivery_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."delivery_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_checks" ADD CONSTRAINT "delivery_checks_cadre_id_org_cadres_id_fk" FOREIGN KEY ("cadre_id") REFERENCES "public"."org_cadres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_findings" ADD CONSTRAINT "delivery_findings_check_id_delivery_checks_id_fk" FOREIGN KEY ("check_id") REFERENCES "public"."delivery_checks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_findings" ADD CONSTRAINT "delivery_findings_plan_id_delivery_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."delivery_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_findings" ADD CONSTRAINT "delivery_findings_cadre_id_org_cadres_id_fk" FOREIGN KEY ("cadre_id") REFERENCES "public"."org_cadres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_findings" ADD CONSTRAINT "delivery_findings_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_items" ADD CONSTRAINT "delivery_items_list_id_delivery_lists_id_fk" FOREIGN KEY ("list_id") REFERENCES "public"."delivery_lists"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_lists" ADD CONSTRAINT "delivery_lists_cadre_id_org_cadres_id_fk" FOREIGN KEY ("cadre_id") REFERENCES "public"."org_cadres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_lists" ADD CONSTRAINT "delivery_lists_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_plan_items" ADD CONSTRAINT "delivery_plan_items_plan_id_delivery_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."delivery_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_plan_items" ADD CONSTRAINT "delivery_plan_items_item_id_delivery_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."delivery_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_plan_items" ADD CONSTRAINT "delivery_plan_items_cadre_id_org_cadres_id_fk" FOREIGN KEY ("cadre_id") REFERENCES "public"."org_cadres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_rectifications" ADD CONSTRAINT "delivery_rectifications_finding_id_delivery_findings_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."delivery_findings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_rectifications" ADD CONSTRAINT "delivery_rectifications_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_rectifications" ADD CONSTRAINT "delivery_rectifications_cadre_id_org_cadres_id_fk" FOREIGN KEY ("cadre_id") REFERENCES "public"."org_cadres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_reports" ADD CONSTRAINT "delivery_reports_item_id_delivery_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."delivery_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "delivery_amendments_list_idx" ON "delivery_amendments" USING btree ("list_id");--> statement-breakpoint
CREATE UNIQUE INDEX "delivery_checks_plan_item_uq" ON "delivery_checks" USING btree ("plan_id","item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "delivery_findings_check_uq" ON "delivery_findings" USING btree ("check_id");--> statement-breakpoint
CREATE INDEX "delivery_findings_cadre_idx" ON "delivery_findings" USING btree ("cadre_id");--> statement-breakpoint
CREATE UNIQUE INDEX "delivery_items_list_seq_uq" ON "delivery_items" USING btree ("list_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "delivery_lists_cadre_year_uq" ON "delivery_lists" USING btree ("cadre_id","year");--> statement-breakpoint
CREATE UNIQUE INDEX "delivery_plan_items_uq" ON "delivery_plan_items" USING btree ("plan_id","item_id");--> statement-breakpoint
CREATE INDEX "delivery_plan_items_cadre_idx" ON "delivery_plan_items" USING btree ("cadre_id");--> statement-breakpoint
CREATE UNIQUE INDEX "delivery_rectifications_finding_uq" ON "delivery_rectifications" USING btree ("finding_id");--> statement-breakpoint
CREATE INDEX "delivery_rectifications_unit_idx" ON "delivery_rectifications" USING btree ("unit_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "delivery_reports_item_month_uq" ON "delivery_reports" USING btree ("item_id","year","month");