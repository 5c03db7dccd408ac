CREATE TABLE "load_run_parts" (
	"load_run_id" uuid NOT NULL,
	"part" integer NOT NULL,
	"runner" text NOT NULL,
	"result" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "load_run_parts_load_run_id_part_pk" PRIMARY KEY("load_run_id","part")
);
--> statement-breakpoint
CREATE TABLE "load_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"collection_id" uuid NOT NULL,
	"collection_name" text NOT NULL,
	"environment_id" uuid,
	"status" text DEFAULT 'queued' NOT NULL,
	"options" jsonb NOT NULL,
	"max_vus" integer NOT NULL,
	"rate_per_second" integer DEFAULT 0 NOT NULL,
	"parts" integer DEFAULT 1 NOT NULL,
	"start_at" timestamp with time zone,
	"stop_requested" boolean DEFAULT false NOT NULL,
	"series" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"summary" jsonb,
	"reason" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "load_run_parts" ADD CONSTRAINT "load_run_parts_load_run_id_load_runs_id_fk" FOREIGN KEY ("load_run_id") REFERENCES "public"."load_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "load_runs" ADD CONSTRAINT "load_runs_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "load_runs" ADD CONSTRAINT "load_runs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "load_runs_workspace_idx" ON "load_runs" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE INDEX "load_runs_status_idx" ON "load_runs" USING btree ("status");--> statement-breakpoint
CREATE INDEX "history_request_created_idx" ON "history_entries" USING btree ("request_item_id","created_at");