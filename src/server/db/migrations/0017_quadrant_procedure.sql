ALTER TABLE "quadrant_decisions" DROP CONSTRAINT "quadrant_decisions_status_chk";--> statement-breakpoint
ALTER TABLE "quadrant_decisions" ADD COLUMN "statement_files" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "quadrant_decisions" ADD COLUMN "terminated_reason" text;--> statement-breakpoint
ALTER TABLE "quadrant_decisions" ADD CONSTRAINT "quadrant_decisions_status_chk" CHECK ("quadrant_decisions"."status" in ('draft','adopted','publicity','effective','withdrawn','terminated'));