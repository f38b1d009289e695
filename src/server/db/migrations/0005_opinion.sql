CREATE TABLE "opinion_ballots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"cadre_id" uuid NOT NULL,
	"rater_group" text NOT NULL,
	"submission_key" uuid NOT NULL,
	"answers" jsonb NOT NULL,
	"submitted_on" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "opinion_campaign_cadres" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"cadre_id" uuid NOT NULL,
	"unit_id" uuid
);
--> statement-breakpoint
CREATE TABLE "opinion_campaigns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"year" integer NOT NULL,
	"round" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"questionnaire" jsonb NOT NULL,
	"groups" jsonb NOT NULL,
	"opened_at" timestamp with time zone,
	"opened_by" uuid,
	"closed_at" timestamp with time zone,
	"closed_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "opinion_campaigns_status_chk" CHECK ("opinion_campaigns"."status" in ('draft','open','closed'))
);
--> statement-breakpoint
CREATE TABLE "opinion_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ballot_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"cadre_id" uuid NOT NULL,
	"rater_group" text NOT NULL,
	"text" text NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"tagged_at" timestamp with time zone,
	"tagged_by" uuid
);
--> statement-breakpoint
CREATE TABLE "opinion_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"rater_group" text NOT NULL,
	"token_hash" text,
	"public_code" text,
	"rater_label" text,
	"rater_cadre_id" uuid,
	"unit_id" uuid,
	"region_id" uuid,
	"cadre_ids" uuid[] NOT NULL,
	"issued_at" timestamp with time zone,
	"issued_by" uuid,
	"issue_count" integer DEFAULT 0 NOT NULL,
	"used_on" date,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "opinion_links_kind_chk" CHECK ("opinion_links"."kind" in ('personal','public')),
	CONSTRAINT "opinion_links_group_chk" CHECK ("opinion_links"."rater_group" in ('superior','peer','subordinate','public','service'))
);
--> statement-breakpoint
CREATE TABLE "opinion_profiles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"cadre_id" uuid NOT NULL,
	"data" jsonb NOT NULL,
	"overall" numeric(6, 2),
	"ballots" integer NOT NULL,
	"shown" boolean NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "opinion_public_marks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"link_id" uuid NOT NULL,
	"mark_hash" text NOT NULL,
	"day" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "opinion_visits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"leader_cadre_id" uuid NOT NULL,
	"visit_date" date NOT NULL,
	"unit_id" uuid NOT NULL,
	"hours" numeric(5, 1) NOT NULL,
	"met" text NOT NULL,
	"learned" text NOT NULL,
	"cadre_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"withdrawn_at" timestamp with time zone,
	"withdrawn_by" uuid,
	"withdraw_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "opinion_visits_hours_chk" CHECK ("opinion_visits"."hours" > 0 and "opinion_visits"."hours" <= 24)
);
--> statement-breakpoint
ALTER TABLE "opinion_ballots" ADD CONSTRAINT "opinion_ballots_campaign_id_opinion_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."opinion_campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opinion_ballots" ADD CONSTRAINT "opinion_ballots_cadre_id_org_cadres_id_fk" FOREIGN KEY ("cadre_id") REFERENCES "public"."org_cadres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opinion_campaign_cadres" ADD CONSTRAINT "opinion_campaign_cadres_campaign_id_opinion_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."opinion_campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opinion_campaign_cadres" ADD CONSTRAINT "opinion_campaign_cadres_cadre_id_org_cadres_id_fk" FOREIGN KEY ("cadre_id") REFERENCES "public"."org_cadres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opinion_campaign_cadres" ADD CONSTRAINT "opinion_campaign_cadres_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opinion_entries" ADD CONSTRAINT "opinion_entries_ballot_id_opinion_ballots_id_fk" FOREIGN KEY ("ballot_id") REFERENCES "public"."opinion_ballots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opinion_entries" ADD CONSTRAINT "opinion_entries_campaign_id_opinion_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."opinion_campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opinion_entries" ADD CONSTRAINT "opinion_entries_cadre_id_org_cadres_id_fk" FOREIGN KEY ("cadre_id") REFERENCES "public"."org_cadres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opinion_links" ADD CONSTRAINT "opinion_links_campaign_id_opinion_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."opinion_campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opinion_links" ADD CONSTRAINT "opinion_links_rater_cadre_id_org_cadres_id_fk" FOREIGN KEY ("rater_cadre_id") REFERENCES "public"."org_cadres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opinion_links" ADD CONSTRAINT "opinion_links_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opinion_links" ADD CONSTRAINT "opinion_links_region_id_org_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."org_regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opinion_profiles" ADD CONSTRAINT "opinion_profiles_campaign_id_opinion_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."opinion_campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opinion_profiles" ADD CONSTRAINT "opinion_profiles_cadre_id_org_cadres_id_fk" FOREIGN KEY ("cadre_id") REFERENCES "public"."org_cadres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opinion_public_marks" ADD CONSTRAINT "opinion_public_marks_link_id_opinion_links_id_fk" FOREIGN KEY ("link_id") REFERENCES "public"."opinion_links"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opinion_visits" ADD CONSTRAINT "opinion_visits_leader_cadre_id_org_cadres_id_fk" FOREIGN KEY ("leader_cadre_id") REFERENCES "public"."org_cadres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opinion_visits" ADD CONSTRAINT "opinion_visits_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "opinion_ballots_campaign_cadre_idx" ON "opinion_ballots" USING btree ("campaign_id","cadre_id","rater_group");--> statement-breakpoint
CREATE UNIQUE INDEX "opinion_ballots_submission_cadre_uq" ON "opinion_ballots" USING btree ("submission_key","cadre_id");--> statement-breakpoint
CREATE UNIQUE INDEX "opinion_campaign_cadres_uq" ON "opinion_campaign_cadres" USING btree ("campaign_id","cadre_id");--> statement-breakpoint
CREATE UNIQUE INDEX "opinion_campaigns_year_round_uq" ON "opinion_campaigns" USING btree ("year","round");--> statement-breakpoint
CREATE INDEX "opinion_entries_campaign_cadre_idx" ON "opinion_entries" USING btree ("campaign_id","cadre_id");--> statement-breakpoint
CREATE UNIQUE INDEX "opinion_links_token_uq" ON "opinion_links" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "opinion_links_public_code_uq" ON "opinion_links" USING btree ("public_code");--> statement-breakpoint
CREATE INDEX "opinion_links_campaign_idx" ON "opinion_links" USING btree ("campaign_id","rater_group");--> statement-breakpoint
CREATE UNIQUE INDEX "opinion_profiles_campaign_cadre_uq" ON "opinion_profiles" USING btree ("campaign_id","cadre_id");--> statement-breakpoint
CREATE UNIQUE INDEX "opinion_public_marks_uq" ON "opinion_public_marks" USING btree ("link_id","mark_hash");--> statement-breakpoint
CREATE INDEX "opinion_visits_leader_date_idx" ON "opinion_visits" USING btree ("leader_cadre_id","visit_date");