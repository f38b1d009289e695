CREATE TABLE "reports_cadre_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cadre_id" uuid NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"current_version" integer DEFAULT 1 NOT NULL,
	"finalised_at" timestamp with time zone,
	"finalised_by" uuid,
	"released_at" timestamp with time zone,
	"released_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "reports_cadre_reports_status_ck" CHECK ("reports_cadre_reports"."status" in ('draft', 'final')),
	CONSTRAINT "reports_cadre_reports_period_ck" CHECK ("reports_cadre_reports"."period_from" <= "reports_cadre_reports"."period_to")
);
--> statement-breakpoint
CREATE TABLE "reports_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"sections" jsonb NOT NULL,
	"note" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
ALTER TABLE "reports_cadre_reports" ADD CONSTRAINT "reports_cadre_reports_cadre_id_org_cadres_id_fk" FOREIGN KEY ("cadre_id") REFERENCES "public"."org_cadres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports_versions" ADD CONSTRAINT "reports_versions_report_id_reports_cadre_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports_cadre_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "reports_cadre_reports_cadre_idx" ON "reports_cadre_reports" USING btree ("cadre_id");--> statement-breakpoint
CREATE UNIQUE INDEX "reports_versions_uq" ON "reports_versions" USING btree ("report_id","version");