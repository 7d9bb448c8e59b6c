CREATE TYPE "public"."program_audience" AS ENUM('adult', 'child', 'any');--> statement-breakpoint
CREATE TYPE "public"."payment_notification_outcome" AS ENUM('applied', 'no_change', 'refused_source', 'unparseable', 'unknown_object', 'fetch_failed');--> statement-breakpoint
CREATE TYPE "public"."order_actor" AS ENUM('client', 'staff', 'system', 'provider');--> statement-breakpoint
CREATE TYPE "public"."order_event_kind" AS ENUM('created', 'attempt_created', 'paid', 'fulfilled', 'expired', 'cancelled', 'refund_requested', 'refund_succeeded', 'refund_failed', 'late_payment');--> statement-breakpoint
CREATE TYPE "public"."order_kind" AS ENUM('certificate', 'visit');--> statement-breakpoint
CREATE TYPE "public"."order_status" AS ENUM('awaiting_payment', 'paid', 'cancelled', 'partially_refunded', 'refunded');--> statement-breakpoint
CREATE TYPE "public"."payment_attempt_status" AS ENUM('creating', 'pending', 'succeeded', 'canceled', 'superseded');--> statement-breakpoint
CREATE TYPE "public"."payment_method" AS ENUM('bank_card', 'sbp');--> statement-breakpoint
CREATE TYPE "public"."refund_kind" AS ENUM('cancellation', 'client', 'admin', 'late_payment', 'double_payment');--> statement-breakpoint
CREATE TYPE "public"."refund_status" AS ENUM('creating', 'pending', 'succeeded', 'canceled');--> statement-breakpoint
ALTER TYPE "public"."contract_holder_source" ADD VALUE 'purchase';--> statement-breakpoint
CREATE SEQUENCE "public"."certificate_number_seq" INCREMENT BY 1 MINVALUE 90000001 MAXVALUE 99999999 START WITH 90000001 CACHE 1;--> statement-breakpoint
CREATE TABLE "sandbox_payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"idempotence_key" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"amount_kopecks" integer NOT NULL,
	"method" text NOT NULL,
	"description" text NOT NULL,
	"return_url" text NOT NULL,
	"metadata" jsonb NOT NULL,
	"receipt" jsonb NOT NULL,
	"cancellation_reason" text,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sandbox_payments_idempotence_key_unique" UNIQUE("idempotence_key"),
	CONSTRAINT "sandbox_payments_status_check" CHECK ("sandbox_payments"."status" in ('pending', 'succeeded', 'canceled')),
	CONSTRAINT "sandbox_payments_method_check" CHECK ("sandbox_payments"."method" in ('bank_card', 'sbp'))
);
--> statement-breakpoint
CREATE TABLE "sandbox_refunds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"idempotence_key" text NOT NULL,
	"payment_id" uuid NOT NULL,
	"status" text NOT NULL,
	"amount_kopecks" integer NOT NULL,
	"receipt" jsonb NOT NULL,
	"settles_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sandbox_refunds_idempotence_key_unique" UNIQUE("idempotence_key"),
	CONSTRAINT "sandbox_refunds_status_check" CHECK ("sandbox_refunds"."status" in ('pending', 'succeeded', 'canceled')),
	CONSTRAINT "sandbox_refunds_amount_check" CHECK ("sandbox_refunds"."amount_kopecks" > 0)
);
--> statement-breakpoint
CREATE TABLE "order_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" "order_event_kind" NOT NULL,
	"from_status" "order_status",
	"to_status" "order_status",
	"actor_kind" "order_actor" NOT NULL,
	"actor_id" uuid,
	"reason" text
);
--> statement-breakpoint
CREATE TABLE "order_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"kind" "order_kind" NOT NULL,
	"program_id" uuid,
	"appointment_id" uuid,
	"description" text NOT NULL,
	"quantity" integer NOT NULL,
	"unit_kopecks" integer NOT NULL,
	"amount_kopecks" integer NOT NULL,
	CONSTRAINT "order_items_quantity_check" CHECK ("order_items"."quantity" > 0),
	CONSTRAINT "order_items_amount_check" CHECK ("order_items"."unit_kopecks" > 0 and "order_items"."amount_kopecks" = "order_items"."unit_kopecks" * "order_items"."quantity"),
	CONSTRAINT "order_items_subject_check" CHECK (("order_items"."kind" = 'certificate' and "order_items"."program_id" is not null and "order_items"."appointment_id" is null) or ("order_items"."kind" = 'visit' and "order_items"."appointment_id" is not null and "order_items"."program_id" is null))
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" bigint GENERATED ALWAYS AS IDENTITY (sequence name "orders_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 100001 CACHE 1),
	"kind" "order_kind" NOT NULL,
	"client_id" uuid NOT NULL,
	"status" "order_status" DEFAULT 'awaiting_payment' NOT NULL,
	"total_kopecks" integer NOT NULL,
	"paid_kopecks" integer DEFAULT 0 NOT NULL,
	"refunded_kopecks" integer DEFAULT 0 NOT NULL,
	"receipt_email" text NOT NULL,
	"checkout" jsonb NOT NULL,
	"offer_document_id" uuid,
	"return_origin" text NOT NULL,
	"checkout_key" uuid NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"paid_at" timestamp with time zone,
	"fulfilled_at" timestamp with time zone,
	"contract_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "orders_total_check" CHECK ("orders"."total_kopecks" > 0),
	CONSTRAINT "orders_amounts_check" CHECK ("orders"."paid_kopecks" >= 0 and "orders"."refunded_kopecks" >= 0 and "orders"."refunded_kopecks" <= "orders"."paid_kopecks")
);
--> statement-breakpoint
CREATE TABLE "payment_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"idempotence_key" uuid DEFAULT gen_random_uuid() NOT NULL,
	"provider" text NOT NULL,
	"provider_payment_id" text,
	"method" "payment_method" NOT NULL,
	"amount_kopecks" integer NOT NULL,
	"status" "payment_attempt_status" DEFAULT 'creating' NOT NULL,
	"confirmation_url" text,
	"last_checked_at" timestamp with time zone,
	"succeeded_at" timestamp with time zone,
	"cancellation_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payment_attempts_amount_check" CHECK ("payment_attempts"."amount_kopecks" > 0)
);
--> statement-breakpoint
CREATE TABLE "payment_notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"provider" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source_ip" text NOT NULL,
	"source_allowed" boolean NOT NULL,
	"body" jsonb,
	"provider_object_id" text,
	"event" text,
	"outcome" "payment_notification_outcome" NOT NULL,
	"attempt_id" uuid,
	"refund_id" uuid
);
--> statement-breakpoint
CREATE TABLE "refunds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"attempt_id" uuid NOT NULL,
	"idempotence_key" uuid DEFAULT gen_random_uuid() NOT NULL,
	"provider_refund_id" text,
	"amount_kopecks" integer NOT NULL,
	"status" "refund_status" DEFAULT 'creating' NOT NULL,
	"kind" "refund_kind" NOT NULL,
	"reason" text,
	"staff_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"succeeded_at" timestamp with time zone,
	CONSTRAINT "refunds_amount_check" CHECK ("refunds"."amount_kopecks" > 0)
);
--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "annulled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "programs" ADD COLUMN "audience" "program_audience" DEFAULT 'any' NOT NULL;--> statement-breakpoint
ALTER TABLE "sandbox_refunds" ADD CONSTRAINT "sandbox_refunds_payment_id_sandbox_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."sandbox_payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_events" ADD CONSTRAINT "order_events_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_appointment_id_appointments_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_offer_document_id_legal_documents_id_fk" FOREIGN KEY ("offer_document_id") REFERENCES "public"."legal_documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_attempts" ADD CONSTRAINT "payment_attempts_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_notifications" ADD CONSTRAINT "payment_notifications_attempt_id_payment_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."payment_attempts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_attempt_id_payment_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."payment_attempts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_staff_id_staff_members_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sandbox_payments_pending_idx" ON "sandbox_payments" USING btree ("expires_at") WHERE "sandbox_payments"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "sandbox_refunds_payment_idx" ON "sandbox_refunds" USING btree ("payment_id");--> statement-breakpoint
CREATE INDEX "order_events_order_idx" ON "order_events" USING btree ("order_id","at");--> statement-breakpoint
CREATE INDEX "order_items_order_idx" ON "order_items" USING btree ("order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "order_items_appointment_key" ON "order_items" USING btree ("appointment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_number_key" ON "orders" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_checkout_key" ON "orders" USING btree ("client_id","checkout_key");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_contract_key" ON "orders" USING btree ("contract_id");--> statement-breakpoint
CREATE INDEX "orders_client_idx" ON "orders" USING btree ("client_id","created_at");--> statement-breakpoint
CREATE INDEX "orders_status_expiry_idx" ON "orders" USING btree ("status","expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_attempts_idempotence_key" ON "payment_attempts" USING btree ("idempotence_key");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_attempts_provider_payment_key" ON "payment_attempts" USING btree ("provider","provider_payment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_attempts_open_key" ON "payment_attempts" USING btree ("order_id") WHERE "payment_attempts"."status" in ('creating', 'pending');--> statement-breakpoint
CREATE INDEX "payment_attempts_order_idx" ON "payment_attempts" USING btree ("order_id","created_at");--> statement-breakpoint
CREATE INDEX "payment_attempts_recheck_idx" ON "payment_attempts" USING btree ("updated_at") WHERE "payment_attempts"."status" in ('creating', 'pending');--> statement-breakpoint
CREATE INDEX "payment_notifications_attempt_idx" ON "payment_notifications" USING btree ("attempt_id","received_at");--> statement-breakpoint
CREATE INDEX "payment_notifications_received_idx" ON "payment_notifications" USING btree ("received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "refunds_idempotence_key" ON "refunds" USING btree ("idempotence_key");--> statement-breakpoint
CREATE UNIQUE INDEX "refunds_provider_refund_key" ON "refunds" USING btree ("provider_refund_id");--> statement-breakpoint
CREATE UNIQUE INDEX "refunds_automatic_key" ON "refunds" USING btree ("order_id") WHERE "refunds"."kind" in ('cancellation', 'client', 'late_payment');--> statement-breakpoint
CREATE UNIQUE INDEX "refunds_double_payment_key" ON "refunds" USING btree ("attempt_id") WHERE "refunds"."kind" = 'double_payment';--> statement-breakpoint
CREATE INDEX "refunds_order_idx" ON "refunds" USING btree ("order_id","created_at");--> statement-breakpoint
CREATE INDEX "refunds_open_idx" ON "refunds" USING btree ("updated_at") WHERE "refunds"."status" in ('creating', 'pending');