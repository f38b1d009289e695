CREATE TABLE "import_batch_chunks" (
	"batch_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"rows" jsonb NOT NULL,
	CONSTRAINT "import_batch_chunks_batch_id_seq_pk" PRIMARY KEY("batch_id","seq")
);
--> statement-breakpoint
ALTER TABLE "import_batch_chunks" ADD CONSTRAINT "import_batch_chunks_batch_id_import_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."import_batches"("id") ON DELETE no action ON UPDATE no action;