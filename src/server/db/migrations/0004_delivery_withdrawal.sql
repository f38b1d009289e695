ALTER TABLE "delivery_findings" ADD COLUMN "withdrawn_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "delivery_findings" ADD COLUMN "withdrawn_by" uuid;