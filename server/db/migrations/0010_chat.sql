CREATE TYPE "public"."chat_author" AS ENUM('client', 'doctor', 'system');--> statement-breakpoint
CREATE TYPE "public"."chat_outcome" AS ENUM('recommendations', 'in_person', 'clinic_referral', 'emergency');--> statement-breakpoint
CREATE TYPE "public"."chat_status" AS ENUM('waiting', 'active', 'closed');--> statement-breakpoint
CREATE TABLE "chat_conversations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"contract_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"client_conversation_id" uuid NOT NULL,
	"status" "chat_status" DEFAULT 'waiting' NOT NULL,
	"doctor_id" uuid,
	"assigned_at" timestamp with time zone,
	"first_reply_at" timestamp with time zone,
	"waiting_since" timestamp with time zone,
	"escalated_at" timestamp with time zone,
	"closed_by_id" uuid,
	"closed_at" timestamp with time zone,
	"outcome" "chat_outcome",
	"outcome_specialty" text,
	"conclusion" text,
	"appeal_id" uuid,
	"rating_score" integer,
	"rating_comment" text,
	"rated_at" timestamp with time zone,
	"last_message_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_sms_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "chat_conversations_rating_check" CHECK ("chat_conversations"."rating_score" is null or "chat_conversations"."rating_score" between 1 and 5),
	CONSTRAINT "chat_conversations_doctor_check" CHECK ("chat_conversations"."status" = 'waiting' or "chat_conversations"."doctor_id" is not null)
);
--> statement-breakpoint
CREATE TABLE "chat_message_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"message_id" uuid NOT NULL,
	"storage_key" text NOT NULL,
	"original_name" text NOT NULL,
	"media_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "chat_message_files_storage_key_unique" UNIQUE("storage_key")
);
--> statement-breakpoint
CREATE TABLE "chat_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"conversation_id" uuid NOT NULL,
	"author" "chat_author" NOT NULL,
	"staff_id" uuid,
	"client_message_id" uuid,
	"body" text NOT NULL,
	"delivered_at" timestamp with time zone,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "chat_reply_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"updated_by_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "chat_transfers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"conversation_id" uuid NOT NULL,
	"from_staff_id" uuid NOT NULL,
	"to_staff_id" uuid NOT NULL,
	"note" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "programs" ADD COLUMN "includes_chat" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "staff_members" ADD COLUMN "specialty" text;--> statement-breakpoint
ALTER TABLE "chat_conversations" ADD CONSTRAINT "chat_conversations_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_conversations" ADD CONSTRAINT "chat_conversations_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_conversations" ADD CONSTRAINT "chat_conversations_person_id_covered_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."covered_persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_conversations" ADD CONSTRAINT "chat_conversations_doctor_id_staff_members_id_fk" FOREIGN KEY ("doctor_id") REFERENCES "public"."staff_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_conversations" ADD CONSTRAINT "chat_conversations_closed_by_id_staff_members_id_fk" FOREIGN KEY ("closed_by_id") REFERENCES "public"."staff_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_conversations" ADD CONSTRAINT "chat_conversations_appeal_id_appeals_id_fk" FOREIGN KEY ("appeal_id") REFERENCES "public"."appeals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_message_files" ADD CONSTRAINT "chat_message_files_message_id_chat_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."chat_messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_messages" ADD CONSTRAINT "chat_messages_conversation_id_chat_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."chat_conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_messages" ADD CONSTRAINT "chat_messages_staff_id_staff_members_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_reply_templates" ADD CONSTRAINT "chat_reply_templates_updated_by_id_staff_members_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."staff_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_transfers" ADD CONSTRAINT "chat_transfers_conversation_id_chat_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."chat_conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_transfers" ADD CONSTRAINT "chat_transfers_from_staff_id_staff_members_id_fk" FOREIGN KEY ("from_staff_id") REFERENCES "public"."staff_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_transfers" ADD CONSTRAINT "chat_transfers_to_staff_id_staff_members_id_fk" FOREIGN KEY ("to_staff_id") REFERENCES "public"."staff_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "chat_conversations_client_key" ON "chat_conversations" USING btree ("client_id","client_conversation_id");--> statement-breakpoint
CREATE INDEX "chat_conversations_client_idx" ON "chat_conversations" USING btree ("client_id","last_message_at");--> statement-breakpoint
CREATE INDEX "chat_conversations_queue_idx" ON "chat_conversations" USING btree ("created_at") WHERE "chat_conversations"."status" = 'waiting';--> statement-breakpoint
CREATE INDEX "chat_conversations_doctor_idx" ON "chat_conversations" USING btree ("doctor_id","last_message_at") WHERE "chat_conversations"."status" = 'active';--> statement-breakpoint
CREATE INDEX "chat_conversations_wait_idx" ON "chat_conversations" USING btree ("waiting_since") WHERE "chat_conversations"."status" <> 'closed' and "chat_conversations"."escalated_at" is null;--> statement-breakpoint
CREATE INDEX "chat_conversations_person_idx" ON "chat_conversations" USING btree ("person_id","created_at");--> statement-breakpoint
CREATE INDEX "chat_message_files_message_idx" ON "chat_message_files" USING btree ("message_id");--> statement-breakpoint
CREATE UNIQUE INDEX "chat_messages_client_key" ON "chat_messages" USING btree ("conversation_id","client_message_id");--> statement-breakpoint
CREATE INDEX "chat_messages_conversation_idx" ON "chat_messages" USING btree ("conversation_id","created_at");--> statement-breakpoint
CREATE INDEX "chat_transfers_conversation_idx" ON "chat_transfers" USING btree ("conversation_id","created_at");--> statement-breakpoint
-- Closing a chat writes an appeal of this service type: it must exist in every database, the
-- production one included, not only in the demo seed.
INSERT INTO "service_types" ("name") VALUES ('Консультация врача в чате') ON CONFLICT DO NOTHING;--> statement-breakpoint
-- Programs that already list chat consultations in their coverage include chat.
UPDATE "programs" SET "includes_chat" = true WHERE "coverage" LIKE '%Консультации в чате%';
