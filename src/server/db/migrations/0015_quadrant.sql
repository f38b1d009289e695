CREATE TABLE "quadrant_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"recommendation_id" uuid,
	"cadre_id" uuid NOT NULL,
	"quarter" text NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"target" jsonb NOT NULL,
	"reasons" text NOT NULL,
	"evidence" jsonb NOT NULL,
	"checks" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"petition_raised" boolean DEFAULT false NOT NULL,
	"publicity_from" date,
	"publicity_until" date,
	"objections" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"talk_on" date,
	"talk_by" text,
	"talk_note" text,
	"statement" text,
	"answer" text,
	"drafted_at" timestamp with time zone NOT NULL,
	"drafted_by" uuid,
	"adopted_at" timestamp with time zone,
	"adopted_by" uuid,
	"meeting" text,
	"body" text,
	"doc_no" text,
	"effective_on" date,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"appointment_id" uuid,
	"withdrawn_reason" text,
	CONSTRAINT "quadrant_decisions_kind_chk" CHECK ("quadrant_decisions"."kind" in ('promote','rank_up','prioritize','transfer','dismiss','demote','non_leading')),
	CONSTRAINT "quadrant_decisions_status_chk" CHECK ("quadrant_decisions"."status" in ('draft','adopted','publicity','effective','withdrawn')),
	CONSTRAINT "quadrant_decisions_effective_chk" CHECK ("quadrant_decisions"."status" <> 'effective' or ("quadrant_decisions"."body" is not null and "quadrant_decisions"."doc_no" is not null and "quadrant_decisions"."effective_on" is not null and "quadrant_decisions"."decided_by" is not null))
);
--> statement-breakpoint
CREATE TABLE "quadrant_placements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"quarter" text NOT NULL,
	"cadre_id" uuid NOT NULL,
	"unit_id" uuid,
	"run_id" uuid NOT NULL,
	"settings_version" integer NOT NULL,
	"identified" boolean NOT NULL,
	"contribution" numeric(10, 4) NOT NULL,
	"contribution_se" numeric(10, 4) NOT NULL,
	"view" numeric(10, 4) NOT NULL,
	"view_se" numeric(10, 4) NOT NULL,
	"deviations" integer NOT NULL,
	"probabilities" jsonb NOT NULL,
	"zone" text NOT NULL,
	"evidence" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "quadrant_placements_zone_chk" CHECK ("quadrant_placements"."zone" in ('high','mixedView','mixedContribution','low'))
);
--> statement-breakpoint
CREATE TABLE "quadrant_recommendations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"quarter" text NOT NULL,
	"cadre_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"run" integer NOT NULL,
	"probability" numeric(5, 4) NOT NULL,
	"reasons" jsonb NOT NULL,
	"unsure" jsonb NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "quadrant_recommendations_kind_chk" CHECK ("quadrant_recommendations"."kind" in ('promote','adjust')),
	CONSTRAINT "quadrant_recommendations_status_chk" CHECK ("quadrant_recommendations"."status" in ('open','drafted','dismissed'))
);
--> statement-breakpoint
CREATE TABLE "quadrant_releases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"quarter" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "quadrant_settings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer NOT NULL,
	"params" jsonb NOT NULL,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
ALTER TABLE "quadrant_decisions" ADD CONSTRAINT "quadrant_decisions_recommendation_id_quadrant_recommendations_id_fk" FOREIGN KEY ("recommendation_id") REFERENCES "public"."quadrant_recommendations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quadrant_decisions" ADD CONSTRAINT "quadrant_decisions_cadre_id_org_cadres_id_fk" FOREIGN KEY ("cadre_id") REFERENCES "public"."org_cadres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quadrant_decisions" ADD CONSTRAINT "quadrant_decisions_appointment_id_org_appointments_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."org_appointments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quadrant_placements" ADD CONSTRAINT "quadrant_placements_cadre_id_org_cadres_id_fk" FOREIGN KEY ("cadre_id") REFERENCES "public"."org_cadres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quadrant_placements" ADD CONSTRAINT "quadrant_placements_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quadrant_placements" ADD CONSTRAINT "quadrant_placements_run_id_growth_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."growth_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quadrant_recommendations" ADD CONSTRAINT "quadrant_recommendations_cadre_id_org_cadres_id_fk" FOREIGN KEY ("cadre_id") REFERENCES "public"."org_cadres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "quadrant_decisions_cadre_idx" ON "quadrant_decisions" USING btree ("cadre_id");--> statement-breakpoint
CREATE INDEX "quadrant_decisions_quarter_idx" ON "quadrant_decisions" USING btree ("quarter");--> statement-breakpoint
CREATE UNIQUE INDEX "quadrant_placements_uq" ON "quadrant_placements" USING btree ("quarter","cadre_id");--> statement-breakpoint
CREATE INDEX "quadrant_placements_cadre_idx" ON "quadrant_placements" USING btree ("cadre_id");--> statement-breakpoint
CREATE UNIQUE INDEX "quadrant_recommendations_uq" ON "quadrant_recommendations" USING btree ("quarter","cadre_id","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "quadrant_releases_uq" ON "quadrant_releases" USING btree ("quarter");--> statement-breakpoint
CREATE UNIQUE INDEX "quadrant_settings_uq" ON "quadrant_settings" USING btree ("version");