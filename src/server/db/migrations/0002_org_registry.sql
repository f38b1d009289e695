CREATE TABLE "evidence_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_type" text NOT NULL,
	"owner_id" text NOT NULL,
	"original_name" text NOT NULL,
	"content_type" text NOT NULL,
	"extension" text NOT NULL,
	"size" integer NOT NULL,
	"sm3" text NOT NULL,
	"latitude" text,
	"longitude" text,
	"accuracy_m" integer,
	"uploaded_at" timestamp with time zone NOT NULL,
	"uploaded_by" uuid
);
--> statement-breakpoint
CREATE TABLE "import_batches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"file_name" text NOT NULL,
	"file_sm3" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"total_rows" integer,
	"processed_rows" integer DEFAULT 0 NOT NULL,
	"errors" jsonb,
	"error_count" integer DEFAULT 0 NOT NULL,
	"result" jsonb,
	"job_id" integer,
	"rows" jsonb,
	"file_data" "bytea",
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"finished_at" timestamp with time zone,
	CONSTRAINT "import_batches_status_chk" CHECK ("import_batches"."status" in ('queued','validating','invalid','applying','done','failed'))
);
--> statement-breakpoint
CREATE TABLE "org_appointments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cadre_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"unit_id" uuid,
	"post" text,
	"team_place" text,
	"rank_code" text,
	"role_type_code" text,
	"starts_on" date NOT NULL,
	"ends_on" date,
	"doc_no" text,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "org_appointments_kind_chk" CHECK ("org_appointments"."kind" in ('appoint','transfer','promote','demote','retire','leave')),
	CONSTRAINT "org_appointments_dates_chk" CHECK ("org_appointments"."ends_on" is null or "org_appointments"."ends_on" >= "org_appointments"."starts_on")
);
--> statement-breakpoint
CREATE TABLE "org_cadres" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"sex" text NOT NULL,
	"birth_year" integer NOT NULL,
	"birth_month" integer,
	"ethnicity" text,
	"education" text,
	"resume" text,
	"unit_id" uuid,
	"post" text,
	"team_place" text,
	"rank_code" text,
	"role_type_code" text,
	"young" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "org_cadres_sex_chk" CHECK ("org_cadres"."sex" in ('男','女')),
	CONSTRAINT "org_cadres_team_place_chk" CHECK ("org_cadres"."team_place" is null or "org_cadres"."team_place" in ('正职','副职','成员')),
	CONSTRAINT "org_cadres_status_chk" CHECK ("org_cadres"."status" in ('active','retired','left')),
	CONSTRAINT "org_cadres_birth_chk" CHECK ("org_cadres"."birth_year" between 1940 and 2010 and ("org_cadres"."birth_month" is null or "org_cadres"."birth_month" between 1 and 12))
);
--> statement-breakpoint
CREATE TABLE "org_calendar_days" (
	"day" date PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"source" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "org_calendar_days_kind_chk" CHECK ("org_calendar_days"."kind" in ('holiday','workday'))
);
--> statement-breakpoint
CREATE TABLE "org_dict_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"sort" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "org_dict_items_kind_chk" CHECK ("org_dict_items"."kind" in ('rank','role_type','domain','tag','department'))
);
--> statement-breakpoint
CREATE TABLE "org_division_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"division_id" uuid NOT NULL,
	"cadre_id" uuid NOT NULL,
	"duties" text,
	"sort" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "org_division_scopes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"division_id" uuid NOT NULL,
	"cadre_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"ref" text NOT NULL,
	"lead" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "org_divisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"effective_from" date NOT NULL,
	"doc_no" text,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "org_liaison_groups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"leader_cadre_id" uuid,
	"sort" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "org_periods" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"year" integer NOT NULL,
	"quarter" integer,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "org_periods_kind_chk" CHECK (("org_periods"."kind" = 'year' and "org_periods"."quarter" is null) or ("org_periods"."kind" = 'quarter' and "org_periods"."quarter" between 1 and 4)),
	CONSTRAINT "org_periods_status_chk" CHECK ("org_periods"."status" in ('open','closed'))
);
--> statement-breakpoint
CREATE TABLE "org_regions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "org_regions_kind_chk" CHECK ("org_regions"."kind" in ('jurisdiction','town','street'))
);
--> statement-breakpoint
CREATE TABLE "org_timeline_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cadre_id" uuid NOT NULL,
	"occurred_on" date NOT NULL,
	"module" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"record_type" text,
	"record_id" text,
	"visibility" text DEFAULT 'org' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "org_timeline_visibility_chk" CHECK ("org_timeline_events"."visibility" in ('org','org_self','org_unit','org_unit_self'))
);
--> statement-breakpoint
CREATE TABLE "org_units" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"short_name" text,
	"kind" text NOT NULL,
	"parent_id" uuid,
	"region_id" uuid NOT NULL,
	"liaison_group_id" uuid,
	"sort" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "org_units_kind_chk" CHECK ("org_units"."kind" in ('department','town','street','soe','other')),
	CONSTRAINT "org_units_status_chk" CHECK ("org_units"."status" in ('active','abolished'))
);
--> statement-breakpoint
CREATE TABLE "todo_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"module" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"link" text,
	"record_type" text,
	"record_id" text,
	"assignee_user_id" uuid,
	"assignee_role" text,
	"assignee_unit_id" uuid,
	"due_at" timestamp with time zone,
	"status" text DEFAULT 'open' NOT NULL,
	"source_key" text,
	"done_at" timestamp with time zone,
	"done_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "todo_items_status_chk" CHECK ("todo_items"."status" in ('open','done','cancelled')),
	CONSTRAINT "todo_items_assignee_chk" CHECK ("todo_items"."assignee_user_id" is not null or "todo_items"."assignee_role" is not null)
);
--> statement-breakpoint
CREATE TABLE "todo_notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"channel" text DEFAULT 'in_app' NOT NULL,
	"title" text NOT NULL,
	"link" text,
	"todo_id" uuid,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"source_key" text,
	"sent_at" timestamp with time zone,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "todo_notifications_status_chk" CHECK ("todo_notifications"."status" in ('pending','sent','failed'))
);
--> statement-breakpoint
ALTER TABLE "org_appointments" ADD CONSTRAINT "org_appointments_cadre_id_org_cadres_id_fk" FOREIGN KEY ("cadre_id") REFERENCES "public"."org_cadres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_appointments" ADD CONSTRAINT "org_appointments_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_cadres" ADD CONSTRAINT "org_cadres_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_division_members" ADD CONSTRAINT "org_division_members_division_id_org_divisions_id_fk" FOREIGN KEY ("division_id") REFERENCES "public"."org_divisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_division_members" ADD CONSTRAINT "org_division_members_cadre_id_org_cadres_id_fk" FOREIGN KEY ("cadre_id") REFERENCES "public"."org_cadres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_division_scopes" ADD CONSTRAINT "org_division_scopes_division_id_org_divisions_id_fk" FOREIGN KEY ("division_id") REFERENCES "public"."org_divisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_division_scopes" ADD CONSTRAINT "org_division_scopes_cadre_id_org_cadres_id_fk" FOREIGN KEY ("cadre_id") REFERENCES "public"."org_cadres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_divisions" ADD CONSTRAINT "org_divisions_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_liaison_groups" ADD CONSTRAINT "org_liaison_groups_leader_cadre_id_org_cadres_id_fk" FOREIGN KEY ("leader_cadre_id") REFERENCES "public"."org_cadres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_timeline_events" ADD CONSTRAINT "org_timeline_events_cadre_id_org_cadres_id_fk" FOREIGN KEY ("cadre_id") REFERENCES "public"."org_cadres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_units" ADD CONSTRAINT "org_units_parent_id_org_units_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_units" ADD CONSTRAINT "org_units_region_id_org_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."org_regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_units" ADD CONSTRAINT "org_units_liaison_group_id_org_liaison_groups_id_fk" FOREIGN KEY ("liaison_group_id") REFERENCES "public"."org_liaison_groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "todo_notifications" ADD CONSTRAINT "todo_notifications_todo_id_todo_items_id_fk" FOREIGN KEY ("todo_id") REFERENCES "public"."todo_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "evidence_files_owner_idx" ON "evidence_files" USING btree ("owner_type","owner_id");--> statement-breakpoint
CREATE INDEX "import_batches_kind_idx" ON "import_batches" USING btree ("kind","created_at");--> statement-breakpoint
CREATE INDEX "org_appointments_cadre_idx" ON "org_appointments" USING btree ("cadre_id","starts_on");--> statement-breakpoint
CREATE INDEX "org_appointments_unit_idx" ON "org_appointments" USING btree ("unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "org_cadres_code_uq" ON "org_cadres" USING btree ("code");--> statement-breakpoint
CREATE INDEX "org_cadres_unit_idx" ON "org_cadres" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "org_cadres_name_idx" ON "org_cadres" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "org_dict_items_kind_code_uq" ON "org_dict_items" USING btree ("kind","code");--> statement-breakpoint
CREATE UNIQUE INDEX "org_dict_items_kind_name_uq" ON "org_dict_items" USING btree ("kind","name");--> statement-breakpoint
CREATE UNIQUE INDEX "org_division_members_uq" ON "org_division_members" USING btree ("division_id","cadre_id");--> statement-breakpoint
CREATE UNIQUE INDEX "org_division_scopes_uq" ON "org_division_scopes" USING btree ("division_id","cadre_id","kind","ref");--> statement-breakpoint
CREATE INDEX "org_division_scopes_cadre_idx" ON "org_division_scopes" USING btree ("cadre_id");--> statement-breakpoint
CREATE INDEX "org_division_scopes_ref_idx" ON "org_division_scopes" USING btree ("kind","ref");--> statement-breakpoint
CREATE UNIQUE INDEX "org_divisions_unit_version_uq" ON "org_divisions" USING btree ("unit_id","version");--> statement-breakpoint
CREATE INDEX "org_divisions_unit_from_idx" ON "org_divisions" USING btree ("unit_id","effective_from");--> statement-breakpoint
CREATE UNIQUE INDEX "org_liaison_groups_name_uq" ON "org_liaison_groups" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "org_periods_uq" ON "org_periods" USING btree ("year",coalesce("quarter", 0));--> statement-breakpoint
CREATE UNIQUE INDEX "org_regions_code_uq" ON "org_regions" USING btree ("code");--> statement-breakpoint
CREATE INDEX "org_timeline_cadre_idx" ON "org_timeline_events" USING btree ("cadre_id","occurred_on");--> statement-breakpoint
CREATE UNIQUE INDEX "org_timeline_record_uq" ON "org_timeline_events" USING btree ("cadre_id","kind","record_type","record_id");--> statement-breakpoint
CREATE UNIQUE INDEX "org_units_code_uq" ON "org_units" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "org_units_name_uq" ON "org_units" USING btree ("name");--> statement-breakpoint
CREATE INDEX "org_units_group_idx" ON "org_units" USING btree ("liaison_group_id");--> statement-breakpoint
CREATE UNIQUE INDEX "todo_items_source_uq" ON "todo_items" USING btree ("source_key");--> statement-breakpoint
CREATE INDEX "todo_items_user_idx" ON "todo_items" USING btree ("assignee_user_id","status");--> statement-breakpoint
CREATE INDEX "todo_items_role_idx" ON "todo_items" USING btree ("assignee_role","status");--> statement-breakpoint
CREATE INDEX "todo_notifications_user_idx" ON "todo_notifications" USING btree ("user_id","read_at");--> statement-breakpoint
CREATE UNIQUE INDEX "todo_notifications_source_uq" ON "todo_notifications" USING btree ("user_id","source_key");--> statement-breakpoint
ALTER TABLE "auth_user_roles" ADD CONSTRAINT "auth_user_roles_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auth_user_roles" ADD CONSTRAINT "auth_user_roles_cadre_id_org_cadres_id_fk" FOREIGN KEY ("cadre_id") REFERENCES "public"."org_cadres"("id") ON DELETE no action ON UPDATE no action;