-- Paid visits (issue 15, decision 0023 §4–5): an appointment may hold its time while its order is
-- paid («awaiting_payment»), inside the exclusion constraints like a live visit.
--
-- drizzle-kit wrote `ALTER TYPE … ADD VALUE 'awaiting_payment'`, but drizzle's migrator applies all
-- pending migrations in one transaction, and a value added in a transaction cannot be used in it
-- (55P04): the constraints below name it. So the type is recreated instead, after the constraints
-- that compare the column with a literal are dropped (they would not survive the type change).
ALTER TABLE "appointments" DROP CONSTRAINT "appointments_doctor_time_once";--> statement-breakpoint
ALTER TABLE "appointments" DROP CONSTRAINT "appointments_person_one_place";--> statement-breakpoint
ALTER TABLE "appointments" DROP CONSTRAINT "appointments_doctor_check";--> statement-breakpoint
ALTER TABLE "appointments" DROP CONSTRAINT "appointments_time_check";--> statement-breakpoint
ALTER TYPE "public"."appointment_status" RENAME TO "appointment_status_old";--> statement-breakpoint
CREATE TYPE "public"."appointment_status" AS ENUM('requested', 'awaiting_letter', 'confirmed', 'cancelled', 'fulfilled', 'noshow', 'awaiting_payment');--> statement-breakpoint
ALTER TABLE "appointments" ALTER COLUMN "status" TYPE "public"."appointment_status" USING "status"::text::"public"."appointment_status";--> statement-breakpoint
ALTER TABLE "appointment_events" ALTER COLUMN "from_status" TYPE "public"."appointment_status" USING "from_status"::text::"public"."appointment_status";--> statement-breakpoint
ALTER TABLE "appointment_events" ALTER COLUMN "to_status" TYPE "public"."appointment_status" USING "to_status"::text::"public"."appointment_status";--> statement-breakpoint
DROP TYPE "public"."appointment_status_old";--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_doctor_check" CHECK ("appointments"."status" = 'requested' or "appointments"."doctor_id" is not null);--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_time_check" CHECK (("appointments"."status" = 'requested' or "appointments"."starts_at" is not null) and ("appointments"."starts_at" is null) = ("appointments"."ends_at" is null) and ("appointments"."starts_at" is null or "appointments"."starts_at" < "appointments"."ends_at"));--> statement-breakpoint
-- TIME_HOLDING_STATUSES (booking/appointment-status.ts): the live statuses and a paid visit's hold.
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_doctor_time_once" EXCLUDE USING gist ("doctor_id" WITH =, tstzrange("starts_at", "ends_at") WITH &&) WHERE ("status" IN ('requested', 'awaiting_letter', 'confirmed', 'awaiting_payment') AND "starts_at" IS NOT NULL);--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_person_one_place" EXCLUDE USING gist ("person_id" WITH =, tstzrange("starts_at", "ends_at") WITH &&) WHERE ("status" IN ('requested', 'awaiting_letter', 'confirmed', 'awaiting_payment') AND "starts_at" IS NOT NULL);--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "hold_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_hold_check" CHECK (("appointments"."status" = 'awaiting_payment') = ("appointments"."hold_expires_at" is not null));
