ALTER TABLE "quadrant_recommendations" ADD COLUMN "dismissed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "quadrant_recommendations" ADD COLUMN "dismissed_by" uuid;--> statement-breakpoint
ALTER TABLE "quadrant_recommendations" ADD COLUMN "dismissed_reason" text;