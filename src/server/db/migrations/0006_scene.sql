CREATE TABLE "scene_activities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"subtype" text NOT NULL,
	"title" text NOT NULL,
	"unit_id" uuid,
	"place" text,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"agenda" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"dimensions" jsonb NOT NULL,
	"summary" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "scene_activities_kind_chk" CHECK ("scene_activities"."kind" in ('meeting','emergency','event')),
	CONSTRAINT "scene_activities_dates_chk" CHECK ("scene_activities"."starts_on" <= "scene_activities"."ends_on")
);
--> statement-breakpoint
CREATE TABLE "scene_nominations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"activity_id" uuid NOT NULL,
	"cadre_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"decision_note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "scene_nominations_status_chk" CHECK ("scene_nominations"."status" in ('pending','confirmed','declined'))
);
--> statement-breakpoint
CREATE TABLE "scene_observations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"activity_id" uuid NOT NULL,
	"cadre_id" uuid NOT NULL,
	"unit_id" uuid,
	"ratings" jsonb NOT NULL,
	"stance" text,
	"followed_rules" text,
	"notes" text NOT NULL,
	"released_at" timestamp with time zone,
	"released_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "scene_observations_rules_chk" CHECK ("scene_observations"."followed_rules" is null or "scene_observations"."followed_rules" in ('yes','partly','no'))
);
--> statement-breakpoint
CREATE TABLE "scene_scores" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"activity_id" uuid NOT NULL,
	"judge" text NOT NULL,
	"cadre_id" uuid NOT NULL,
	"scores" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
ALTER TABLE "scene_activities" ADD CONSTRAINT "scene_activities_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scene_nominations" ADD CONSTRAINT "scene_nominations_activity_id_scene_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."scene_activities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scene_nominations" ADD CONSTRAINT "scene_nominations_cadre_id_org_cadres_id_fk" FOREIGN KEY ("cadre_id") REFERENCES "public"."org_cadres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scene_observations" ADD CONSTRAINT "scene_observations_activity_id_scene_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."scene_activities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scene_observations" ADD CONSTRAINT "scene_observations_cadre_id_org_cadres_id_fk" FOREIGN KEY ("cadre_id") REFERENCES "public"."org_cadres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scene_observations" ADD CONSTRAINT "scene_observations_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scene_scores" ADD CONSTRAINT "scene_scores_activity_id_scene_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."scene_activities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scene_scores" ADD CONSTRAINT "scene_scores_cadre_id_org_cadres_id_fk" FOREIGN KEY ("cadre_id") REFERENCES "public"."org_cadres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "scene_activities_starts_idx" ON "scene_activities" USING btree ("starts_on");--> statement-breakpoint
CREATE UNIQUE INDEX "scene_nominations_activity_cadre_uq" ON "scene_nominations" USING btree ("activity_id","cadre_id");--> statement-breakpoint
CREATE UNIQUE INDEX "scene_observations_activity_cadre_uq" ON "scene_observations" USING btree ("activity_id","cadre_id");--> statement-breakpoint
CREATE INDEX "scene_observations_cadre_idx" ON "scene_observations" USING btree ("cadre_id");--> statement-breakpoint
CREATE UNIQUE INDEX "scene_scores_activity_judge_cadre_uq" ON "scene_scores" USING btree ("activity_id","judge","cadre_id");