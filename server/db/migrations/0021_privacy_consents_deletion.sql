CREATE TYPE "public"."privacy_request_kind" AS ENUM('correction', 'objection', 'other');--> statement-breakpoint
CREATE TYPE "public"."privacy_request_status" AS ENUM('new', 'in_progress', 'closed');--> statement-breakpoint
ALTER TYPE "public"."sms_code_purpose" ADD VALUE 'account_deletion';--> statement-breakpoint
CREATE TABLE "account_deletions" (
	"client_id" uuid PRIMARY KEY NOT NULL,
	"deleted_at" timestamp with time zone NOT NULL,
	"purge_due_at" timestamp with time zone NOT NULL,
	"purged_at" timestamp with time zone,
	"erasable" jsonb
);
--> statement-breakpoint
CREATE TABLE "privacy_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"kind" "privacy_request_kind" NOT NULL,
	"text" text NOT NULL,
	"status" "privacy_request_status" DEFAULT 'new' NOT NULL,
	"due_date" date NOT NULL,
	"assigned_to_id" uuid,
	"assigned_at" timestamp with time zone,
	"answer" text,
	"closed_by_id" uuid,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "consents_client_document_key";--> statement-breakpoint
ALTER TABLE "consents" ADD COLUMN "withdrawn_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "consents" ADD COLUMN "withdrawn_ip" text;--> statement-breakpoint
ALTER TABLE "account_deletions" ADD CONSTRAINT "account_deletions_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "privacy_requests" ADD CONSTRAINT "privacy_requests_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "privacy_requests" ADD CONSTRAINT "privacy_requests_assigned_to_id_staff_members_id_fk" FOREIGN KEY ("assigned_to_id") REFERENCES "public"."staff_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "privacy_requests" ADD CONSTRAINT "privacy_requests_closed_by_id_staff_members_id_fk" FOREIGN KEY ("closed_by_id") REFERENCES "public"."staff_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "account_deletions_due_idx" ON "account_deletions" USING btree ("purge_due_at") WHERE "account_deletions"."purged_at" is null;--> statement-breakpoint
CREATE INDEX "privacy_requests_queue_idx" ON "privacy_requests" USING btree ("status","due_date");--> statement-breakpoint
CREATE INDEX "privacy_requests_client_idx" ON "privacy_requests" USING btree ("client_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "consents_client_document_key" ON "consents" USING btree ("client_id","document_id") WHERE "consents"."withdrawn_at" is null;