CREATE TYPE "public"."appointment_actor" AS ENUM('client', 'staff', 'clinic', 'system');--> statement-breakpoint
CREATE TYPE "public"."appointment_status" AS ENUM('requested', 'awaiting_letter', 'confirmed', 'cancelled', 'fulfilled', 'noshow');--> statement-breakpoint
CREATE TYPE "public"."clinic_booking_mode" AS ENUM('online', 'requests_only');--> statement-breakpoint
CREATE TYPE "public"."coverage_kind" AS ENUM('covered', 'guarantee_letter', 'paid');--> statement-breakpoint
CREATE TYPE "public"."coverage_paid_reason" AS ENUM('not_in_network', 'limit_used_up', 'contract_not_active');--> statement-breakpoint
CREATE TYPE "public"."limit_period" AS ENUM('month', 'quarter', 'year', 'contract');--> statement-breakpoint
CREATE TYPE "public"."schedule_exception_kind" AS ENUM('leave', 'sick', 'other');--> statement-breakpoint
CREATE TYPE "public"."slot_source" AS ENUM('template', 'integration');--> statement-breakpoint
CREATE TABLE "appointment_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"appointment_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"from_status" "appointment_status",
	"to_status" "appointment_status" NOT NULL,
	"actor_kind" "appointment_actor" NOT NULL,
	"actor_id" uuid,
	"reason" text
);
--> statement-breakpoint
CREATE TABLE "appointments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"contract_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"doctor_id" uuid NOT NULL,
	"clinic_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"slot_id" uuid,
	"starts_at" timestamp with time zone,
	"ends_at" timestamp with time zone,
	"status" "appointment_status" NOT NULL,
	"coverage_kind" "coverage_kind" NOT NULL,
	"coverage_reason" "coverage_paid_reason",
	"clinic_price_kopecks" integer NOT NULL,
	"company_price_kopecks" integer NOT NULL,
	"cancel_reason" text,
	"moved_to_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "appointments_time_check" CHECK (("appointments"."status" = 'requested' or "appointments"."starts_at" is not null) and ("appointments"."starts_at" is null) = ("appointments"."ends_at" is null) and ("appointments"."starts_at" is null or "appointments"."starts_at" < "appointments"."ends_at")),
	CONSTRAINT "appointments_coverage_reason_check" CHECK (("appointments"."coverage_kind" = 'paid') = ("appointments"."coverage_reason" is not null))
);
--> statement-breakpoint
CREATE TABLE "clinics" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"address" text NOT NULL,
	"metro" text,
	"district" text,
	"latitude" double precision,
	"longitude" double precision,
	"phones" text[] NOT NULL,
	"opening_hours" text NOT NULL,
	"booking_mode" "clinic_booking_mode" DEFAULT 'online' NOT NULL,
	"cancellation_cutoff_hours" integer DEFAULT 4 NOT NULL,
	"what_to_bring" text,
	"company_discount_bp" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "clinics_discount_check" CHECK ("clinics"."company_discount_bp" between 0 and 10000),
	CONSTRAINT "clinics_cutoff_check" CHECK ("clinics"."cancellation_cutoff_hours" >= 0)
);
--> statement-breakpoint
CREATE TABLE "doctor_week_templates" (
	"doctor_id" uuid PRIMARY KEY NOT NULL,
	"template" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "doctors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"specialty_id" uuid NOT NULL,
	"last_name" text NOT NULL,
	"first_name" text NOT NULL,
	"patronymic" text,
	"practice_since" integer NOT NULL,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "program_network_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"program_id" uuid NOT NULL,
	"clinic_id" uuid NOT NULL,
	"specialty_id" uuid,
	"service_id" uuid,
	"guarantee_letter_required" boolean DEFAULT false NOT NULL,
	"limit_visits" integer,
	"limit_period" "limit_period" DEFAULT 'year' NOT NULL,
	CONSTRAINT "program_network_entries_key" UNIQUE NULLS NOT DISTINCT("program_id","clinic_id","specialty_id","service_id"),
	CONSTRAINT "program_network_entries_limit_check" CHECK ("program_network_entries"."limit_visits" is null or "program_network_entries"."limit_visits" >= 0)
);
--> statement-breakpoint
CREATE TABLE "schedule_exceptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"doctor_id" uuid NOT NULL,
	"date" date NOT NULL,
	"starts_at" time,
	"ends_at" time,
	"kind" "schedule_exception_kind" NOT NULL,
	"note" text,
	CONSTRAINT "schedule_exceptions_hours_check" CHECK (("schedule_exceptions"."starts_at" is null) = ("schedule_exceptions"."ends_at" is null) and ("schedule_exceptions"."starts_at" is null or "schedule_exceptions"."starts_at" < "schedule_exceptions"."ends_at"))
);
--> statement-breakpoint
CREATE TABLE "services" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"specialty_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"price_kopecks" integer NOT NULL,
	"company_discount_bp" integer,
	"is_visit" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	CONSTRAINT "services_price_check" CHECK ("services"."price_kopecks" >= 0),
	CONSTRAINT "services_discount_check" CHECK ("services"."company_discount_bp" is null or "services"."company_discount_bp" between 0 and 10000)
);
--> statement-breakpoint
CREATE TABLE "slots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"doctor_id" uuid NOT NULL,
	"clinic_id" uuid NOT NULL,
	"specialty_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"source" "slot_source" DEFAULT 'template' NOT NULL,
	"external_id" text,
	CONSTRAINT "slots_range_check" CHECK ("slots"."starts_at" < "slots"."ends_at")
);
--> statement-breakpoint
CREATE TABLE "specialties" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "appointment_events" ADD CONSTRAINT "appointment_events_appointment_id_appointments_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_person_id_covered_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."covered_persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_doctor_id_doctors_id_fk" FOREIGN KEY ("doctor_id") REFERENCES "public"."doctors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_slot_id_slots_id_fk" FOREIGN KEY ("slot_id") REFERENCES "public"."slots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_moved_to_id_appointments_id_fk" FOREIGN KEY ("moved_to_id") REFERENCES "public"."appointments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "doctor_week_templates" ADD CONSTRAINT "doctor_week_templates_doctor_id_doctors_id_fk" FOREIGN KEY ("doctor_id") REFERENCES "public"."doctors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "doctors" ADD CONSTRAINT "doctors_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "doctors" ADD CONSTRAINT "doctors_specialty_id_specialties_id_fk" FOREIGN KEY ("specialty_id") REFERENCES "public"."specialties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "program_network_entries" ADD CONSTRAINT "program_network_entries_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "program_network_entries" ADD CONSTRAINT "program_network_entries_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "program_network_entries" ADD CONSTRAINT "program_network_entries_specialty_id_specialties_id_fk" FOREIGN KEY ("specialty_id") REFERENCES "public"."specialties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "program_network_entries" ADD CONSTRAINT "program_network_entries_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedule_exceptions" ADD CONSTRAINT "schedule_exceptions_doctor_id_doctors_id_fk" FOREIGN KEY ("doctor_id") REFERENCES "public"."doctors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_specialty_id_specialties_id_fk" FOREIGN KEY ("specialty_id") REFERENCES "public"."specialties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slots" ADD CONSTRAINT "slots_doctor_id_doctors_id_fk" FOREIGN KEY ("doctor_id") REFERENCES "public"."doctors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slots" ADD CONSTRAINT "slots_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slots" ADD CONSTRAINT "slots_specialty_id_specialties_id_fk" FOREIGN KEY ("specialty_id") REFERENCES "public"."specialties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "appointment_events_appointment_idx" ON "appointment_events" USING btree ("appointment_id","at");--> statement-breakpoint
CREATE INDEX "appointments_client_idx" ON "appointments" USING btree ("client_id","starts_at");--> statement-breakpoint
CREATE INDEX "appointments_person_idx" ON "appointments" USING btree ("person_id","starts_at");--> statement-breakpoint
CREATE INDEX "appointments_slot_idx" ON "appointments" USING btree ("slot_id");--> statement-breakpoint
CREATE UNIQUE INDEX "clinics_name_address_key" ON "clinics" USING btree ("name","address");--> statement-breakpoint
CREATE INDEX "doctors_clinic_idx" ON "doctors" USING btree ("clinic_id");--> statement-breakpoint
CREATE INDEX "doctors_specialty_idx" ON "doctors" USING btree ("specialty_id");--> statement-breakpoint
CREATE INDEX "program_network_entries_clinic_idx" ON "program_network_entries" USING btree ("clinic_id");--> statement-breakpoint
CREATE INDEX "schedule_exceptions_doctor_idx" ON "schedule_exceptions" USING btree ("doctor_id","date");--> statement-breakpoint
CREATE UNIQUE INDEX "services_clinic_code_key" ON "services" USING btree ("clinic_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "services_visit_key" ON "services" USING btree ("clinic_id","specialty_id") WHERE "services"."is_visit";--> statement-breakpoint
CREATE UNIQUE INDEX "slots_doctor_start_key" ON "slots" USING btree ("doctor_id","starts_at");--> statement-breakpoint
CREATE INDEX "slots_specialty_start_idx" ON "slots" USING btree ("specialty_id","starts_at");--> statement-breakpoint
CREATE INDEX "slots_clinic_start_idx" ON "slots" USING btree ("clinic_id","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "specialties_code_key" ON "specialties" USING btree ("code");--> statement-breakpoint
-- Custom part (Drizzle cannot declare EXCLUDE, decision 0020): the database keeps «one time of one
-- doctor is booked once» and «one person is not in two places at once» among live appointments
-- (LIVE_STATUSES in server/modules/booking/appointment-status.ts). A refused row is SQLSTATE 23P01.
-- A request with no time yet holds no time: tstzrange(NULL, NULL) would be all of time.
CREATE EXTENSION IF NOT EXISTS btree_gist;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_doctor_time_once" EXCLUDE USING gist ("doctor_id" WITH =, tstzrange("starts_at", "ends_at") WITH &&) WHERE ("status" IN ('requested', 'awaiting_letter', 'confirmed') AND "starts_at" IS NOT NULL);--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_person_one_place" EXCLUDE USING gist ("person_id" WITH =, tstzrange("starts_at", "ends_at") WITH &&) WHERE ("status" IN ('requested', 'awaiting_letter', 'confirmed') AND "starts_at" IS NOT NULL);

