CREATE TABLE "opinion_ballot_queue" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"sealed" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "opinion_public_codes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"link_id" uuid NOT NULL,
	"code_hash" text NOT NULL,
	"used_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "opinion_submission_sets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"set_hash" text NOT NULL,
	"submissions" integer NOT NULL
);
--> statement-breakpoint
DROP TABLE "opinion_public_marks" CASCADE;--> statement-breakpoint
ALTER TABLE "opinion_ballots" ADD COLUMN "linked" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "opinion_campaigns" ADD COLUMN "public_quota" integer DEFAULT 2000 NOT NULL;--> statement-breakpoint
ALTER TABLE "opinion_ballot_queue" ADD CONSTRAINT "opinion_ballot_queue_campaign_id_opinion_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."opinion_campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opinion_public_codes" ADD CONSTRAINT "opinion_public_codes_link_id_opinion_links_id_fk" FOREIGN KEY ("link_id") REFERENCES "public"."opinion_links"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opinion_submission_sets" ADD CONSTRAINT "opinion_submission_sets_campaign_id_opinion_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."opinion_campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "opinion_ballot_queue_campaign_idx" ON "opinion_ballot_queue" USING btree ("campaign_id");--> statement-breakpoint
CREATE UNIQUE INDEX "opinion_public_codes_hash_uq" ON "opinion_public_codes" USING btree ("code_hash");--> statement-breakpoint
CREATE INDEX "opinion_public_codes_link_idx" ON "opinion_public_codes" USING btree ("link_id");--> statement-breakpoint
CREATE UNIQUE INDEX "opinion_submission_sets_uq" ON "opinion_submission_sets" USING btree ("campaign_id","set_hash");