ALTER TABLE "economy_alerts" ADD COLUMN "basis" jsonb;--> statement-breakpoint
ALTER TABLE "economy_alerts" ADD COLUMN "notes" jsonb DEFAULT '[]'::jsonb NOT NULL;