CREATE TYPE "public"."callback_source" AS ENUM('client', 'visitor', 'sales');--> statement-breakpoint
ALTER TYPE "public"."sms_code_purpose" ADD VALUE 'callback';--> statement-breakpoint
ALTER TABLE "callback_requests" ALTER COLUMN "client_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "callback_requests" ALTER COLUMN "contract_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "callback_requests" ALTER COLUMN "person_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "callback_requests" ADD COLUMN "source" "callback_source" DEFAULT 'client' NOT NULL;--> statement-breakpoint
ALTER TABLE "callback_requests" ADD COLUMN "visitor_name" text;--> statement-breakpoint
ALTER TABLE "callback_requests" ADD COLUMN "topic" text;--> statement-breakpoint
ALTER TABLE "callback_requests" ADD COLUMN "company_name" text;--> statement-breakpoint
ALTER TABLE "callback_requests" ADD COLUMN "consent_document_id" uuid;--> statement-breakpoint
ALTER TABLE "callback_requests" ADD COLUMN "consent_ip" text;--> statement-breakpoint
ALTER TABLE "callback_requests" ADD CONSTRAINT "callback_requests_consent_document_id_legal_documents_id_fk" FOREIGN KEY ("consent_document_id") REFERENCES "public"."legal_documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "callback_requests_open_visitor_key" ON "callback_requests" USING btree ("phone") WHERE "callback_requests"."source" <> 'client' and "callback_requests"."status" in ('new', 'in_progress');--> statement-breakpoint
ALTER TABLE "callback_requests" ADD CONSTRAINT "callback_requests_source_check" CHECK (case "callback_requests"."source"
        when 'client' then "callback_requests"."client_id" is not null and "callback_requests"."contract_id" is not null and "callback_requests"."person_id" is not null
        else "callback_requests"."client_id" is null and "callback_requests"."contract_id" is null and "callback_requests"."person_id" is null
          and "callback_requests"."visitor_name" is not null and "callback_requests"."topic" is not null
          and "callback_requests"."consent_document_id" is not null
          and ("callback_requests"."source" <> 'sales' or "callback_requests"."company_name" is not null)
      end);