CREATE TABLE "rewards_alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"target_type" text NOT NULL,
	"target_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"due_on" date NOT NULL,
	"todo_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rewards_alerts_kind_chk" CHECK ("rewards_alerts"."kind" in ('remind','escalate'))
);
--> statement-breakpoint
CREATE TABLE "rewards_application_cadres" (
	"application_id" uuid NOT NULL,
	"cadre_id" uuid NOT NULL,
	"deed_key" text NOT NULL,
	CONSTRAINT "rewards_application_cadres_application_id_cadre_id_pk" PRIMARY KEY("application_id","cadre_id")
);
--> statement-breakpoint
CREATE TABLE "rewards_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"batch_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"kind_code" text NOT NULL,
	"collective_name" text,
	"deed" text NOT NULL,
	"deed_key" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"submitted_at" timestamp with time zone,
	"return_reason" text,
	"document_no" text,
	"bonus" numeric(12, 2),
	"paid_on" date,
	"awarded_at" timestamp with time zone,
	"awarded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "rewards_applications_status_chk" CHECK ("rewards_applications"."status" in ('draft','review','approve','award','awarded','returned','rejected'))
);
--> statement-breakpoint
CREATE TABLE "rewards_batches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"opens_on" date NOT NULL,
	"closes_on" date NOT NULL,
	"rules" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "rewards_batches_dates_chk" CHECK ("rewards_batches"."opens_on" <= "rewards_batches"."closes_on")
);
--> statement-breakpoint
CREATE TABLE "rewards_kinds" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"collective" boolean NOT NULL,
	"sort_order" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rewards_links" (
	"application_id" uuid NOT NULL,
	"record_type" text NOT NULL,
	"record_id" uuid NOT NULL,
	"label" text NOT NULL,
	CONSTRAINT "rewards_links_application_id_record_type_record_id_pk" PRIMARY KEY("application_id","record_type","record_id")
);
--> statement-breakpoint
CREATE TABLE "rewards_opinions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"step_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"topic" text NOT NULL,
	"due_on" date NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"opinion" text,
	"on_paper" boolean DEFAULT false NOT NULL,
	"answered_at" timestamp with time zone,
	"answered_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "rewards_opinions_status_chk" CHECK ("rewards_opinions"."status" in ('pending','agree','disagree'))
);
--> statement-breakpoint
CREATE TABLE "rewards_steps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"step" text NOT NULL,
	"owner_role" text NOT NULL,
	"owner_unit_id" uuid,
	"started_at" timestamp with time zone NOT NULL,
	"due_on" date,
	"ended_at" timestamp with time zone,
	"outcome" text,
	"note" text,
	"acted_by" uuid,
	CONSTRAINT "rewards_steps_step_chk" CHECK ("rewards_steps"."step" in ('apply','review','approve','award')),
	CONSTRAINT "rewards_steps_outcome_chk" CHECK ("rewards_steps"."outcome" is null or "rewards_steps"."outcome" in ('passed','returned','rejected'))
);
--> statement-breakpoint
ALTER TABLE "rewards_alerts" ADD CONSTRAINT "rewards_alerts_application_id_rewards_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."rewards_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rewards_application_cadres" ADD CONSTRAINT "rewards_application_cadres_application_id_rewards_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."rewards_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rewards_application_cadres" ADD CONSTRAINT "rewards_application_cadres_cadre_id_org_cadres_id_fk" FOREIGN KEY ("cadre_id") REFERENCES "public"."org_cadres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rewards_applications" ADD CONSTRAINT "rewards_applications_batch_id_rewards_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."rewards_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rewards_applications" ADD CONSTRAINT "rewards_applications_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rewards_applications" ADD CONSTRAINT "rewards_applications_kind_code_rewards_kinds_code_fk" FOREIGN KEY ("kind_code") REFERENCES "public"."rewards_kinds"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rewards_links" ADD CONSTRAINT "rewards_links_application_id_rewards_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."rewards_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rewards_opinions" ADD CONSTRAINT "rewards_opinions_application_id_rewards_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."rewards_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rewards_opinions" ADD CONSTRAINT "rewards_opinions_step_id_rewards_steps_id_fk" FOREIGN KEY ("step_id") REFERENCES "public"."rewards_steps"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rewards_opinions" ADD CONSTRAINT "rewards_opinions_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rewards_steps" ADD CONSTRAINT "rewards_steps_application_id_rewards_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."rewards_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rewards_steps" ADD CONSTRAINT "rewards_steps_owner_unit_id_org_units_id_fk" FOREIGN KEY ("owner_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "rewards_alerts_target_kind_uq" ON "rewards_alerts" USING btree ("target_id","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "rewards_application_cadres_deed_uq" ON "rewards_application_cadres" USING btree ("cadre_id","deed_key");--> statement-breakpoint
CREATE INDEX "rewards_applications_batch_idx" ON "rewards_applications" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "rewards_applications_unit_idx" ON "rewards_applications" USING btree ("unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "rewards_opinions_step_unit_topic_uq" ON "rewards_opinions" USING btree ("step_id","unit_id","topic");--> statement-breakpoint
CREATE INDEX "rewards_steps_application_idx" ON "rewards_steps" USING btree ("application_id");--> statement-breakpoint
-- hand-written
INSERT INTO "rewards_kinds" ("code", "name", "collective", "sort_order") VALUES
  ('commendation', '嘉奖', false, 1),
  ('merit_third', '记三等功', false, 2),
  ('merit_second', '记二等功', false, 3),
  ('circular_praise', '通报表扬', false, 4),
  ('collective_commendation', '集体嘉奖', true, 5),
  ('collective_merit', '集体记功', true, 6);
