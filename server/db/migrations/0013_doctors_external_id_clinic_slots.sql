ALTER TABLE "doctors" ADD COLUMN "external_id" text;--> statement-breakpoint
CREATE UNIQUE INDEX "doctors_clinic_external_key" ON "doctors" USING btree ("clinic_id","external_id") WHERE "doctors"."external_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "slots_doctor_external_key" ON "slots" USING btree ("doctor_id","external_id") WHERE "slots"."external_id" is not null;