CREATE TABLE "growth_measures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cadre_id" uuid NOT NULL,
	"unit_id" uuid,
	"quarter" text NOT NULL,
	"measure" text NOT NULL,
	"value" numeric(8, 3) NOT NULL,
	"source" text NOT NULL,
	"trace" jsonb NOT NULL,
	"import_batch_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "growth_outstanding" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"year" integer NOT NULL,
	"cadre_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"rule_version" integer NOT NULL,
	"probability" numeric(5, 4) NOT NULL,
	"reasons" jsonb NOT NULL,
	"status" text DEFAULT 'proposed' NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"decision_note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "growth_outstanding_status_chk" CHECK ("growth_outstanding"."status" in ('proposed','confirmed','declined'))
);
--> statement-breakpoint
CREATE TABLE "growth_releases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"quarter" text NOT NULL,
	"run_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "growth_resources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"posts_budgeted" integer NOT NULL,
	"posts_filled" integer NOT NULL,
	"budget" numeric(14, 2) NOT NULL,
	"investment" numeric(14, 2) NOT NULL,
	"economic_base" numeric(8, 2) NOT NULL,
	"import_batch_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "growth_results" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"run_id" uuid NOT NULL,
	"cadre_id" uuid NOT NULL,
	"unit_id" uuid,
	"identified" boolean NOT NULL,
	"composite" numeric(10, 4),
	"composite_se" numeric(10, 4),
	"within_unit" numeric(10, 4),
	"parts" jsonb NOT NULL,
	"growth" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "growth_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"quarter" text NOT NULL,
	"versions" jsonb NOT NULL,
	"models" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "growth_scope_amendments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"lock_id" uuid NOT NULL,
	"cadre_id" uuid NOT NULL,
	"effective_on" date NOT NULL,
	"source_key" text NOT NULL,
	"added" jsonb NOT NULL,
	"removed" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "growth_scope_locks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cadre_id" uuid NOT NULL,
	"quarter" text NOT NULL,
	"locked_on" date NOT NULL,
	"snapshot" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "growth_settings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"version" integer NOT NULL,
	"params" jsonb NOT NULL,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "growth_share_declarations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"unit_id" uuid,
	"status" text DEFAULT 'declared' NOT NULL,
	"declared_at" timestamp with time zone NOT NULL,
	"declared_by" uuid,
	"verified_at" timestamp with time zone,
	"verified_by" uuid,
	"verify_note" text,
	CONSTRAINT "growth_share_declarations_status_chk" CHECK ("growth_share_declarations"."status" in ('declared','verified'))
);
--> statement-breakpoint
CREATE TABLE "growth_shares" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"declaration_id" uuid NOT NULL,
	"cadre_id" uuid NOT NULL,
	"role" text NOT NULL,
	"declared_pct" numeric(5, 2) NOT NULL,
	"verified_pct" numeric(5, 2),
	"correction" text,
	"objection" text,
	"objected_at" timestamp with time zone,
	"objected_by" uuid,
	CONSTRAINT "growth_shares_pct_chk" CHECK ("growth_shares"."declared_pct" between 0 and 100)
);
--> statement-breakpoint
ALTER TABLE "growth_measures" ADD CONSTRAINT "growth_measures_cadre_id_org_cadres_id_fk" FOREIGN KEY ("cadre_id") REFERENCES "public"."org_cadres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "growth_measures" ADD CONSTRAINT "growth_measures_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "growth_outstanding" ADD CONSTRAINT "growth_outstanding_cadre_id_org_cadres_id_fk" FOREIGN KEY ("cadre_id") REFERENCES "public"."org_cadres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "growth_outstanding" ADD CONSTRAINT "growth_outstanding_run_id_growth_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."growth_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "growth_releases" ADD CONSTRAINT "growth_releases_run_id_growth_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."growth_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "growth_resources" ADD CONSTRAINT "growth_resources_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "growth_results" ADD CONSTRAINT "growth_results_run_id_growth_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."growth_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "growth_results" ADD CONSTRAINT "growth_results_cadre_id_org_cadres_id_fk" FOREIGN KEY ("cadre_id") REFERENCES "public"."org_cadres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "growth_results" ADD CONSTRAINT "growth_results_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "growth_scope_amendments" ADD CONSTRAINT "growth_scope_amendments_lock_id_growth_scope_locks_id_fk" FOREIGN KEY ("lock_id") REFERENCES "public"."growth_scope_locks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "growth_scope_amendments" ADD CONSTRAINT "growth_scope_amendments_cadre_id_org_cadres_id_fk" FOREIGN KEY ("cadre_id") REFERENCES "public"."org_cadres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "growth_scope_locks" ADD CONSTRAINT "growth_scope_locks_cadre_id_org_cadres_id_fk" FOREIGN KEY ("cadre_id") REFERENCES "public"."org_cadres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "growth_share_declarations" ADD CONSTRAINT "growth_share_declarations_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "growth_shares" ADD CONSTRAINT "growth_shares_declaration_id_growth_share_declarations_id_fk" FOREIGN KEY ("declaration_id") REFERENCES "public"."growth_share_declarations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "growth_shares" ADD CONSTRAINT "growth_shares_cadre_id_org_cadres_id_fk" FOREIGN KEY ("cadre_id") REFERENCES "public"."org_cadres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "growth_measures_uq" ON "growth_measures" USING btree ("cadre_id","quarter","measure");--> statement-breakpoint
CREATE INDEX "growth_measures_quarter_idx" ON "growth_measures" USING btree ("quarter","measure");--> statement-breakpoint
CREATE UNIQUE INDEX "growth_outstanding_uq" ON "growth_outstanding" USING btree ("year","cadre_id");--> statement-breakpoint
CREATE UNIQUE INDEX "growth_releases_uq" ON "growth_releases" USING btree ("quarter");--> statement-breakpoint
CREATE UNIQUE INDEX "growth_resources_uq" ON "growth_resources" USING btree ("unit_id","year");--> statement-breakpoint
CREATE UNIQUE INDEX "growth_results_uq" ON "growth_results" USING btree ("run_id","cadre_id");--> statement-breakpoint
CREATE INDEX "growth_results_cadre_idx" ON "growth_results" USING btree ("cadre_id");--> statement-breakpoint
CREATE UNIQUE INDEX "growth_scope_amendments_uq" ON "growth_scope_amendments" USING btree ("lock_id","source_key");--> statement-breakpoint
CREATE UNIQUE INDEX "growth_scope_locks_uq" ON "growth_scope_locks" USING btree ("cadre_id","quarter");--> statement-breakpoint
CREATE UNIQUE INDEX "growth_settings_uq" ON "growth_settings" USING btree ("kind","version");--> statement-breakpoint
CREATE UNIQUE INDEX "growth_share_declarations_subject_uq" ON "growth_share_declarations" USING btree ("subject_type","subject_id");--> statement-breakpoint
CREATE UNIQUE INDEX "growth_shares_uq" ON "growth_shares" USING btree ("declaration_id","cadre_id");