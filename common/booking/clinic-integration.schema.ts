import { z } from "zod";
import { CONTROL_CHARACTERS_MESSAGE, isCleanText } from "../text.schema.ts";

/**
 * The clinic integration API (a clinic's bearer token): the clinic sends a doctor's times for a
 * window and sees the appointments booked with it. PUT /api/integration/clinic/slots,
 * GET /api/integration/clinic/appointments.
 */

/** The most slots one call may carry. */
export const MAX_CLINIC_SLOTS_PER_CALL = 2000;
/** How far ahead a clinic's slots may lie (the client books up to 14 days, slots are kept 30). */
export const CLINIC_SLOTS_DAYS_AHEAD = 30;
/** The longest slot a clinic may send. */
export const MAX_CLINIC_SLOT_MINUTES = 8 * 60;

const instant = (what: string) =>
  z.iso.datetime({
    offset: true,
    error: `Укажите ${what} как дату и время ISO 8601 с часовым поясом, например 2026-03-02T09:00:00+03:00`,
  });

const externalId = (what: string) =>
  z
    .string({ error: `Укажите ${what} строкой` })
    .trim()
    .min(1, `Укажите ${what}`)
    .max(100, "Не длиннее 100 символов")
    .refine((value) => isCleanText(value), CONTROL_CHARACTERS_MESSAGE);

export const clinicSlotSchema = z.object({
  externalId: externalId("идентификатор времени в системе клиники"),
  startsAt: instant("начало приёма"),
  endsAt: instant("конец приёма"),
});

export const clinicSlotsRequestSchema = z
  .object({
    /** The doctor by the clinic's own id («Код врача» of the doctors list) … */
    doctorExternalId: externalId("код врача").optional(),
    /** … or by ours. */
    doctorId: z.uuid({ error: "Неверный идентификатор врача" }).optional(),
    from: instant("начало периода"),
    to: instant("конец периода"),
    slots: z
      .array(clinicSlotSchema, { error: "Передайте список slots (может быть пустым)" })
      .max(
        MAX_CLINIC_SLOTS_PER_CALL,
        `Не больше ${MAX_CLINIC_SLOTS_PER_CALL} времён за один запрос`,
      ),
  })
  .superRefine((body, ctx) => {
    if ((body.doctorExternalId === undefined) === (body.doctorId === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["doctorExternalId"],
        message: "Укажите врача: doctorExternalId (код врача клиники) или doctorId, что-то одно",
      });
    }
    const from = Date.parse(body.from);
    const to = Date.parse(body.to);
    if (!(from < to)) {
      ctx.addIssue({
        code: "custom",
        path: ["to"],
        message: "Конец периода должен быть позже начала",
      });
      return;
    }
    const seen = new Map<string, number>();
    const ordered: { index: number; start: number; end: number }[] = [];
    body.slots.forEach((slot, index) => {
      const start = Date.parse(slot.startsAt);
      const end = Date.parse(slot.endsAt);
      const earlier = seen.get(slot.externalId);
      if (earlier !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["slots", index, "externalId"],
          message: `Этот идентификатор уже есть в slots.${earlier}`,
        });
      } else {
        seen.set(slot.externalId, index);
      }
      if (!(start < end)) {
        ctx.addIssue({
          code: "custom",
          path: ["slots", index, "endsAt"],
          message: "Конец приёма должен быть позже начала",
        });
        return;
      }
      if (end - start > MAX_CLINIC_SLOT_MINUTES * 60_000) {
        ctx.addIssue({
          code: "custom",
          path: ["slots", index, "endsAt"],
          message: `Приём длиннее ${MAX_CLINIC_SLOT_MINUTES / 60} часов: проверьте время`,
        });
        return;
      }
      if (start < from || end > to) {
        ctx.addIssue({
          code: "custom",
          path: ["slots", index, "startsAt"],
          message: "Время приёма должно лежать внутри периода from–to",
        });
        return;
      }
      ordered.push({ index, start, end });
    });
    ordered.sort((a, b) => a.start - b.start);
    for (let i = 1; i < ordered.length; i += 1) {
      const previous = ordered[i - 1];
      const current = ordered[i];
      if (previous && current && current.start < previous.end) {
        ctx.addIssue({
          code: "custom",
          path: ["slots", current.index, "startsAt"],
          message: `Время пересекается с slots.${previous.index}: у врача не может быть двух приёмов сразу`,
        });
      }
    }
  })
  .meta({ id: "ClinicSlotsRequest" });
export type ClinicSlotsRequest = z.infer<typeof clinicSlotsRequestSchema>;

const keptSlotSchema = z.object({
  externalId: z.string().nullable(),
  slotId: z.uuid(),
  startsAt: z.string(),
  endsAt: z.string(),
  /** Why it stays: a live appointment holds it, or it is offered to a waiting client. */
  reason: z.enum(["booked", "offered"]),
});

export const clinicSlotsResponseSchema = z
  .object({
    doctorId: z.uuid(),
    inserted: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    deleted: z.number().int(),
    /**
     * Times the clinic left out or moved that a live appointment holds: they stay as they were
     * (cancel the appointment through the company's operators first).
     */
    kept: z.array(keptSlotSchema),
    /** Sent times not stored, because a kept time overlaps them. */
    skipped: z.array(z.object({ externalId: z.string(), reason: z.string() })),
  })
  .meta({ id: "ClinicSlotsResponse" });
export type ClinicSlotsResponse = z.infer<typeof clinicSlotsResponseSchema>;

export const clinicAppointmentsQuerySchema = z
  .object({
    from: instant("начало периода"),
    to: instant("конец периода"),
  })
  .refine((query) => Date.parse(query.from) < Date.parse(query.to), {
    path: ["to"],
    message: "Конец периода должен быть позже начала",
  })
  .refine((query) => Date.parse(query.to) - Date.parse(query.from) <= 62 * 86_400_000, {
    path: ["to"],
    message: "Период — не длиннее 62 дней",
  });

export const clinicAppointmentSchema = z.object({
  id: z.uuid(),
  status: z.enum(["requested", "awaiting_letter", "confirmed", "cancelled", "fulfilled", "noshow"]),
  startsAt: z.string().nullable(),
  endsAt: z.string().nullable(),
  doctor: z
    .object({ id: z.uuid(), externalId: z.string().nullable(), name: z.string() })
    .nullable(),
  /** The clinic's slot the appointment holds, by the clinic's id when the clinic sent it. */
  slotExternalId: z.string().nullable(),
  service: z.object({ code: z.string(), name: z.string() }),
  /** The patient as the clinic receives them: the name and the birth date. */
  patient: z.object({ name: z.string(), birthDate: z.string() }),
  /** «covered», «guarantee_letter» or «paid» (the patient pays the clinic). */
  coverage: z.enum(["covered", "guarantee_letter", "paid"]),
});

export const clinicAppointmentsResponseSchema = z
  .object({ appointments: z.array(clinicAppointmentSchema) })
  .meta({ id: "ClinicAppointments" });
export type ClinicAppointmentsResponse = z.infer<typeof clinicAppointmentsResponseSchema>;
