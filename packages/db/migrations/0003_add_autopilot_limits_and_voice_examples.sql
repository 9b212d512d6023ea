CREATE TABLE "autopilot_limits" (
	"installation_id" text PRIMARY KEY NOT NULL,
	"daily_amount" double precision NOT NULL,
	"daily_count" integer NOT NULL,
	"changed_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "voice_examples" (
	"id" text PRIMARY KEY NOT NULL,
	"installation_id" text NOT NULL,
	"draft_id" text,
	"intent" text NOT NULL,
	"text" text NOT NULL,
	"added_by" text NOT NULL,
	"removed_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "autopilot_limits" ADD CONSTRAINT "autopilot_limits_installation_id_installations_id_fk" FOREIGN KEY ("installation_id") REFERENCES "public"."installations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voice_examples" ADD CONSTRAINT "voice_examples_installation_id_installations_id_fk" FOREIGN KEY ("installation_id") REFERENCES "public"."installations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voice_examples" ADD CONSTRAINT "voice_examples_draft_id_drafts_id_fk" FOREIGN KEY ("draft_id") REFERENCES "public"."drafts"("id") ON DELETE set null ON UPDATE no action;