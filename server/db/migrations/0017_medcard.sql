CREATE TYPE "public"."medcard_document_type" AS ENUM('conclusion', 'test_result', 'referral', 'discharge', 'other');--> statement-breakpoint
CREATE TYPE "public"."medcard_entry_kind" AS ENUM('allergy', 'condition', 'medication', 'blood_group');--> statement-breakpoint
CREATE TYPE "public"."medcard_share_scope" AS ENUM('card', 'documents');--> statement-breakpoint
CREATE TYPE "public"."medcard_source" AS ENUM('patient', 'doctor', 'clinic');--> statement-breakpoint
CREATE TYPE "public"."medcard_subject" AS ENUM('self', 'child');--> statement-breakpoint
CREATE TABLE "medcard_cards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_client_id" uuid NOT NULL,
	"subject" "medcard_subject" NOT NULL,
	"child_name_key" text,
	"last_name" text,
	"first_name" text,
	"patronymic" text,
	"birth_date" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "medcard_cards_child_identity" CHECK ("medcard_cards"."subject" = 'self' or ("medcard_cards"."child_name_key" is not null and "medcard_cards"."birth_date" is not null and "medcard_cards"."last_name" is not null and "medcard_cards"."first_name" is not null))
);
--> statement-breakpoint
CREATE TABLE "medcard_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"card_id" uuid,
	"person_id" uuid,
	"type" "medcard_document_type" NOT NULL,
	"title" text NOT NULL,
	"document_date" date NOT NULL,
	"source" "medcard_source" NOT NULL,
	"staff_id" uuid,
	"clinic_id" uuid,
	"external_id" text,
	"storage_key" text NOT NULL,
	"original_name" text NOT NULL,
	"media_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone,
	CONSTRAINT "medcard_documents_storage_key_unique" UNIQUE("storage_key"),
	CONSTRAINT "medcard_documents_anchor" CHECK ("medcard_documents"."card_id" is not null or "medcard_documents"."person_id" is not null)
);
--> statement-breakpoint
CREATE TABLE "medcard_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"card_id" uuid NOT NULL,
	"kind" "medcard_entry_kind" NOT NULL,
	"text" text NOT NULL,
	"note" text,
	"source" "medcard_source" NOT NULL,
	"staff_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "medcard_share_documents" (
	"share_id" uuid NOT NULL,
	"document_id" uuid NOT NULL,
	CONSTRAINT "medcard_share_documents_share_id_document_id_pk" PRIMARY KEY("share_id","document_id")
);
--> statement-breakpoint
CREATE TABLE "medcard_share_views" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"share_id" uuid NOT NULL,
	"grant_hash" text NOT NULL,
	"ip" text,
	"user_agent" text,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "medcard_share_views_grant_hash_unique" UNIQUE("grant_hash")
);
--> statement-breakpoint
CREATE TABLE "medcard_shares" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"card_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"code_hash" text NOT NULL,
	"scope" "medcard_share_scope" NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "medcard_shares_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
ALTER TABLE "medcard_cards" ADD CONSTRAINT "medcard_cards_owner_client_id_clients_id_fk" FOREIGN KEY ("owner_client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "medcard_documents" ADD CONSTRAINT "medcard_documents_card_id_medcard_cards_id_fk" FOREIGN KEY ("card_id") REFERENCES "public"."medcard_cards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "medcard_documents" ADD CONSTRAINT "medcard_documents_person_id_covered_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."covered_persons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "medcard_documents" ADD CONSTRAINT "medcard_documents_staff_id_staff_members_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "medcard_documents" ADD CONSTRAINT "medcard_documents_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "medcard_entries" ADD CONSTRAINT "medcard_entries_card_id_medcard_cards_id_fk" FOREIGN KEY ("card_id") REFERENCES "public"."medcard_cards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "medcard_entries" ADD CONSTRAINT "medcard_entries_staff_id_staff_members_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "medcard_share_documents" ADD CONSTRAINT "medcard_share_documents_share_id_medcard_shares_id_fk" FOREIGN KEY ("share_id") REFERENCES "public"."medcard_shares"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "medcard_share_documents" ADD CONSTRAINT "medcard_share_documents_document_id_medcard_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."medcard_documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "medcard_share_views" ADD CONSTRAINT "medcard_share_views_share_id_medcard_shares_id_fk" FOREIGN KEY ("share_id") REFERENCES "public"."medcard_shares"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "medcard_shares" ADD CONSTRAINT "medcard_shares_card_id_medcard_cards_id_fk" FOREIGN KEY ("card_id") REFERENCES "public"."medcard_cards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "medcard_cards_self_key" ON "medcard_cards" USING btree ("owner_client_id") WHERE "medcard_cards"."subject" = 'self';--> statement-breakpoint
CREATE UNIQUE INDEX "medcard_cards_child_key" ON "medcard_cards" USING btree ("owner_client_id","child_name_key","birth_date") WHERE "medcard_cards"."subject" = 'child';--> statement-breakpoint
CREATE INDEX "medcard_documents_card_idx" ON "medcard_documents" USING btree ("card_id","document_date");--> statement-breakpoint
CREATE INDEX "medcard_documents_person_idx" ON "medcard_documents" USING btree ("person_id","document_date");--> statement-breakpoint
CREATE UNIQUE INDEX "medcard_documents_clinic_external_key" ON "medcard_documents" USING btree ("clinic_id","external_id");--> statement-breakpoint
CREATE INDEX "medcard_entries_card_idx" ON "medcard_entries" USING btree ("card_id","kind");--> statement-breakpoint
CREATE INDEX "medcard_share_views_share_idx" ON "medcard_share_views" USING btree ("share_id","opened_at");--> statement-breakpoint
CREATE INDEX "medcard_shares_card_idx" ON "medcard_shares" USING btree ("card_id","created_at");