CREATE TABLE "economy_alert_cadres" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"alert_id" uuid NOT NULL,
	"cadre_id" uuid NOT NULL,
	"unit_id" uuid,
	"basis" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "economy_alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"rule_id" uuid NOT NULL,
	"hit_key" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"region_id" uuid,
	"department" text,
	"period_from" text NOT NULL,
	"period_to" text NOT NULL,
	"figures" jsonb NOT NULL,
	"p_value" double precision,
	"q_value" double precision,
	"status" text DEFAULT 'open' NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"decision_note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "economy_alerts_status_chk" CHECK ("economy_alerts"."status" in ('open','dismissed','escalated'))
);
--> statement-breakpoint
CREATE TABLE "economy_api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"department" text NOT NULL,
	"label" text NOT NULL,
	"key_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid
);
--> statement-breakpoint
CREATE TABLE "economy_indicators" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"definition" text DEFAULT '' NOT NULL,
	"unit" text NOT NULL,
	"frequency" text NOT NULL,
	"direction" text NOT NULL,
	"kind" text NOT NULL,
	"department" text NOT NULL,
	"domain" text,
	"core" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "economy_indicators_frequency_chk" CHECK ("economy_indicators"."frequency" in ('month','quarter','year')),
	CONSTRAINT "economy_indicators_direction_chk" CHECK ("economy_indicators"."direction" in ('up','down')),
	CONSTRAINT "economy_indicators_kind_chk" CHECK ("economy_indicators"."kind" in ('amount','count','rate','index'))
);
--> statement-breakpoint
CREATE TABLE "economy_interviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"alert_id" uuid,
	"cadre_id" uuid NOT NULL,
	"unit_id" uuid,
	"interviewed_on" date NOT NULL,
	"interviewers" text NOT NULL,
	"issue" text NOT NULL,
	"cadre_account" text DEFAULT '' NOT NULL,
	"follow_up" text NOT NULL,
	"follow_up_due" date NOT NULL,
	"check_result" text,
	"check_note" text,
	"checked_at" timestamp with time zone,
	"checked_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "economy_interviews_check_chk" CHECK ("economy_interviews"."check_result" is null or "economy_interviews"."check_result" in ('done','not_done'))
);
--> statement-breakpoint
CREATE TABLE "economy_kpis" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"version" integer NOT NULL,
	"role_type" text NOT NULL,
	"name" text NOT NULL,
	"formula" text NOT NULL,
	"numerator_id" uuid NOT NULL,
	"denominator_id" uuid,
	"window" integer DEFAULT 1 NOT NULL,
	"lag" integer DEFAULT 0 NOT NULL,
	"percent" boolean DEFAULT false NOT NULL,
	"direction" text NOT NULL,
	"target" double precision NOT NULL,
	"weight" double precision NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"superseded_at" timestamp with time zone,
	"superseded_by" uuid,
	CONSTRAINT "economy_kpis_formula_chk" CHECK ("economy_kpis"."formula" in ('ratio','change','level'))
);
--> statement-breakpoint
CREATE TABLE "economy_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"version" integer NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"primary_id" uuid,
	"secondary_id" uuid,
	"department" text,
	"periods" integer NOT NULL,
	"min_rise" double precision DEFAULT 0 NOT NULL,
	"min_fall" double precision DEFAULT 0 NOT NULL,
	"threshold" double precision DEFAULT 0 NOT NULL,
	"fdr" double precision DEFAULT 0.05 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"superseded_at" timestamp with time zone,
	"superseded_by" uuid,
	CONSTRAINT "economy_rules_kind_chk" CHECK ("economy_rules"."kind" in ('quantity_quality','growth_efficiency','crosscheck','jump','benford'))
);
--> statement-breakpoint
CREATE TABLE "economy_targets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"indicator_id" uuid NOT NULL,
	"region_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"value" numeric(20, 6) NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "economy_value_revisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"value_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"value" numeric(20, 6) NOT NULL,
	"previous_value" numeric(20, 6),
	"via" text NOT NULL,
	"sent_by" uuid,
	"api_key_id" uuid,
	"import_batch_id" uuid,
	"department" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "economy_value_revisions_via_chk" CHECK ("economy_value_revisions"."via" in ('upload','api','seed'))
);
--> statement-breakpoint
CREATE TABLE "economy_values" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"indicator_id" uuid NOT NULL,
	"region_id" uuid,
	"unit_id" uuid,
	"scope_key" text NOT NULL,
	"period" text NOT NULL,
	"period_index" integer NOT NULL,
	"value" numeric(20, 6) NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "economy_values_scope_chk" CHECK (("economy_values"."region_id" is null) <> ("economy_values"."unit_id" is null))
);
--> statement-breakpoint
ALTER TABLE "economy_alert_cadres" ADD CONSTRAINT "economy_alert_cadres_alert_id_economy_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."economy_alerts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "economy_alert_cadres" ADD CONSTRAINT "economy_alert_cadres_cadre_id_org_cadres_id_fk" FOREIGN KEY ("cadre_id") REFERENCES "public"."org_cadres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "economy_alert_cadres" ADD CONSTRAINT "economy_alert_cadres_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "economy_alerts" ADD CONSTRAINT "economy_alerts_rule_id_economy_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."economy_rules"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "economy_alerts" ADD CONSTRAINT "economy_alerts_region_id_org_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."org_regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "economy_interviews" ADD CONSTRAINT "economy_interviews_alert_id_economy_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."economy_alerts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "economy_interviews" ADD CONSTRAINT "economy_interviews_cadre_id_org_cadres_id_fk" FOREIGN KEY ("cadre_id") REFERENCES "public"."org_cadres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "economy_interviews" ADD CONSTRAINT "economy_interviews_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "economy_kpis" ADD CONSTRAINT "economy_kpis_numerator_id_economy_indicators_id_fk" FOREIGN KEY ("numerator_id") REFERENCES "public"."economy_indicators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "economy_kpis" ADD CONSTRAINT "economy_kpis_denominator_id_economy_indicators_id_fk" FOREIGN KEY ("denominator_id") REFERENCES "public"."economy_indicators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "economy_rules" ADD CONSTRAINT "economy_rules_primary_id_economy_indicators_id_fk" FOREIGN KEY ("primary_id") REFERENCES "public"."economy_indicators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "economy_rules" ADD CONSTRAINT "economy_rules_secondary_id_economy_indicators_id_fk" FOREIGN KEY ("secondary_id") REFERENCES "public"."economy_indicators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "economy_targets" ADD CONSTRAINT "economy_targets_indicator_id_economy_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."economy_indicators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "economy_targets" ADD CONSTRAINT "economy_targets_region_id_org_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."org_regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "economy_value_revisions" ADD CONSTRAINT "economy_value_revisions_value_id_economy_values_id_fk" FOREIGN KEY ("value_id") REFERENCES "public"."economy_values"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "economy_value_revisions" ADD CONSTRAINT "economy_value_revisions_api_key_id_economy_api_keys_id_fk" FOREIGN KEY ("api_key_id") REFERENCES "public"."economy_api_keys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "economy_value_revisions" ADD CONSTRAINT "economy_value_revisions_import_batch_id_import_batches_id_fk" FOREIGN KEY ("import_batch_id") REFERENCES "public"."import_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "economy_values" ADD CONSTRAINT "economy_values_indicator_id_economy_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."economy_indicators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "economy_values" ADD CONSTRAINT "economy_values_region_id_org_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."org_regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "economy_values" ADD CONSTRAINT "economy_values_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "economy_alert_cadres_uq" ON "economy_alert_cadres" USING btree ("alert_id","cadre_id");--> statement-breakpoint
CREATE UNIQUE INDEX "economy_alerts_hit_uq" ON "economy_alerts" USING btree ("hit_key");--> statement-breakpoint
CREATE INDEX "economy_alerts_status_idx" ON "economy_alerts" USING btree ("status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "economy_api_keys_hash_uq" ON "economy_api_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "economy_indicators_code_uq" ON "economy_indicators" USING btree ("code");--> statement-breakpoint
CREATE INDEX "economy_indicators_department_idx" ON "economy_indicators" USING btree ("department");--> statement-breakpoint
CREATE INDEX "economy_interviews_cadre_idx" ON "economy_interviews" USING btree ("cadre_id");--> statement-breakpoint
CREATE INDEX "economy_interviews_alert_idx" ON "economy_interviews" USING btree ("alert_id");--> statement-breakpoint
CREATE UNIQUE INDEX "economy_kpis_key_version_uq" ON "economy_kpis" USING btree ("key","version");--> statement-breakpoint
CREATE UNIQUE INDEX "economy_rules_key_version_uq" ON "economy_rules" USING btree ("key","version");--> statement-breakpoint
CREATE UNIQUE INDEX "economy_targets_uq" ON "economy_targets" USING btree ("indicator_id","region_id","year");--> statement-breakpoint
CREATE UNIQUE INDEX "economy_value_revisions_uq" ON "economy_value_revisions" USING btree ("value_id","revision");--> statement-breakpoint
CREATE UNIQUE INDEX "economy_values_uq" ON "economy_values" USING btree ("indicator_id","scope_key","period");--> statement-breakpoint
CREATE INDEX "economy_values_scope_idx" ON "economy_values" USING btree ("scope_key","indicator_id","period_index");