import { z } from "zod";
import { moscowMoment } from "../appeals/appeals.schema.ts";
import { parseRuDate } from "../format/date.ts";
import { userText } from "../text.schema.ts";
import {
  appointmentStatusSchema,
  coverageSchema,
  requestTimeOfDaySchema,
} from "./booking.schema.ts";

/**
 * «Записи» in the staff console (issue 14, the operator's side): requests to book by phone,
 * guarantee letters, confirmations, the visit's outcome and cancellations on the clinic's behalf.
 * Operators and admins (BOOKING_DESK); every read of the list or a card is in the audit log.
 *
 *   GET  /api/staff/appointments?queue&clinicId&date&limit&offset → staffAppointmentListSchema
 *   GET  /api/staff/appointments/summary                → staffAppointmentSummarySchema (tab counts,
 *                                                          the clinics for the filter)
 *   GET  /api/staff/appointments/:id                    → staffAppointmentEnvelopeSchema (with history)
 *   GET  /api/staff/appointments/:id/booking-options    → bookingOptionsSchema (the clinic's doctors
 *                                                          of the specialty, their free times)
 *   POST /api/staff/appointments/:id/schedule  scheduleAppointmentSchema → the request gets its
 *                                                          doctor and time (awaiting_letter or
 *                                                          confirmed); 409 «Это время уже занято»
 *   POST /api/staff/appointments/:id/confirm            → a request that has a time is confirmed
 *   POST /api/staff/appointments/:id/letter    multipart, one PDF in `file` → confirmed
 *   POST /api/staff/appointments/:id/letter-sent        → confirmed (the letter went to the clinic)
 *   GET  /api/staff/appointments/:id/letter             → application/pdf (the uploaded letter)
 *   POST /api/staff/appointments/:id/fulfil    fulfilAppointmentSchema → fulfilled, the appeal written
 *   POST /api/staff/appointments/:id/noshow             → noshow
 *   POST /api/staff/appointments/:id/cancel    clinicCancelSchema → cancelled by the clinic, with the
 *                                                          reason the client sees
 *
 * Every change answers the card (staffAppointmentEnvelopeSchema), or 409 in Russian when another
 * operator changed the appointment first or the database refuses the time.
 */

/** The tabs of «Записи», each a queue of work (or the finished ones). */
export const staffAppointmentQueues = [
  "requests", // заявки: no time yet, the operator books by phone
  "confirm", // a request with a time that waits for confirmation
  "letters", // ожидает гарантийного письма
  "upcoming", // подтверждена, not begun yet
  "outcome", // подтверждена, begun: «Состоялась» or «Неявка»
  "closed", // cancelled, fulfilled, no-show
] as const;
export const staffAppointmentQueueSchema = z.enum(staffAppointmentQueues, {
  error: "Выберите вкладку из списка",
});
export type StaffAppointmentQueue = z.infer<typeof staffAppointmentQueueSchema>;

/** What an operator may do with an appointment now (the server decides, the screen shows). */
export const staffAppointmentActions = [
  "schedule",
  "confirm",
  "letter",
  "fulfil",
  "noshow",
  "cancel",
] as const;
export const staffAppointmentActionSchema = z.enum(staffAppointmentActions);
export type StaffAppointmentAction = z.infer<typeof staffAppointmentActionSchema>;

export const staffAppointmentListQuerySchema = z.object({
  queue: staffAppointmentQueueSchema.default("requests"),
  clinicId: z.uuid("Неверный идентификатор клиники").optional(),
  /** A Moscow date: the visit's day, or for a request one of its preferred days. */
  date: z.iso.date("Укажите дату в формате ГГГГ-ММ-ДД").optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type StaffAppointmentListQuery = z.infer<typeof staffAppointmentListQuerySchema>;

const moment = z.iso.datetime({ offset: true });

const staffDoctorSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  specialty: z.object({ id: z.uuid(), name: z.string() }),
});

/** One appointment as «Записи» lists it. */
export const staffAppointmentSchema = z
  .object({
    id: z.uuid(),
    status: appointmentStatusSchema,
    person: z.object({ id: z.uuid(), name: z.string(), birthDate: z.iso.date() }),
    /** The account that booked it: the operator may call the client back. */
    client: z.object({ name: z.string(), phone: z.string() }),
    contract: z.object({ id: z.uuid(), number: z.string() }),
    programName: z.string(),
    clinic: z.object({
      id: z.uuid(),
      name: z.string(),
      address: z.string(),
      phones: z.array(z.string()),
      bookingMode: z.enum(["online", "requests_only"]),
    }),
    doctor: staffDoctorSchema.nullable(),
    specialty: z.object({ id: z.uuid(), name: z.string() }),
    service: z.object({ id: z.uuid(), name: z.string() }),
    startsAt: moment.nullable(),
    endsAt: moment.nullable(),
    coverage: coverageSchema,
    request: z
      .object({
        days: z.array(z.iso.date()),
        timeOfDay: requestTimeOfDaySchema,
        note: z.string().nullable(),
      })
      .nullable(),
    letter: z
      .object({
        /** The uploaded PDF's name; null when the letter was only marked sent. */
        fileName: z.string().nullable(),
        sentAt: moment,
        byName: z.string().nullable(),
      })
      .nullable(),
    cancelReason: z.string().nullable(),
    appealId: z.uuid().nullable(),
    actions: z.array(staffAppointmentActionSchema),
    createdAt: moment,
    updatedAt: moment,
  })
  .meta({ id: "StaffAppointment" });
export type StaffAppointment = z.infer<typeof staffAppointmentSchema>;

export const staffAppointmentListSchema = z
  .object({ appointments: z.array(staffAppointmentSchema), hasMore: z.boolean() })
  .meta({ id: "StaffAppointmentList" });

export const staffAppointmentDetailSchema = staffAppointmentSchema
  .extend({
    history: z.array(
      z.object({
        at: moment,
        fromStatus: appointmentStatusSchema.nullable(),
        toStatus: appointmentStatusSchema,
        actor: z.enum(["client", "staff", "clinic", "system"]),
        /** The staff member's name when staff made the change. */
        actorName: z.string().nullable(),
        reason: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: "StaffAppointmentDetail" });
export type StaffAppointmentDetail = z.infer<typeof staffAppointmentDetailSchema>;

export const staffAppointmentEnvelopeSchema = z.object({
  appointment: staffAppointmentDetailSchema,
});

export const staffAppointmentSummarySchema = z
  .object({
    counts: z.record(staffAppointmentQueueSchema, z.number().int()),
    clinics: z.array(
      z.object({
        id: z.uuid(),
        name: z.string(),
        address: z.string(),
        bookingMode: z.enum(["online", "requests_only"]),
      }),
    ),
  })
  .meta({ id: "StaffAppointmentSummary" });
export type StaffAppointmentSummary = z.infer<typeof staffAppointmentSummarySchema>;

/** The doctors of the request's clinic and specialty, each with its free stored times. */
export const bookingOptionsSchema = z
  .object({
    doctors: z.array(
      staffDoctorSchema.extend({
        slots: z.array(z.object({ id: z.uuid(), startsAt: moment, endsAt: moment })),
      }),
    ),
  })
  .meta({ id: "StaffBookingOptions" });
export type BookingOptions = z.infer<typeof bookingOptionsSchema>;

export const APPOINTMENT_MIN_MINUTES = 5;
export const APPOINTMENT_MAX_MINUTES = 240;
export const DEFAULT_APPOINTMENT_MINUTES = 30;

const durationSchema = z.coerce
  .number({ error: "Укажите длительность в минутах" })
  .int("Укажите длительность целым числом минут")
  .min(APPOINTMENT_MIN_MINUTES, `Не меньше ${APPOINTMENT_MIN_MINUTES} минут`)
  .max(APPOINTMENT_MAX_MINUTES, `Не больше ${APPOINTMENT_MAX_MINUTES} минут`);

/** «Записать»: a doctor and either one of their free times or a time and a duration. */
export const scheduleAppointmentSchema = z
  .object({
    doctorId: z.uuid("Выберите врача"),
    slotId: z.uuid("Выберите время из списка").optional(),
    startsAt: z.iso.datetime({ offset: true, error: "Укажите дату и время приёма" }).optional(),
    durationMinutes: durationSchema.optional(),
  })
  .superRefine((value, ctx) => {
    if (value.slotId !== undefined) {
      if (value.startsAt !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["startsAt"],
          message: "Выберите время из списка или введите своё, но не то и другое",
        });
      }
      return;
    }
    if (value.startsAt === undefined) {
      ctx.addIssue({ code: "custom", path: ["startsAt"], message: "Укажите дату и время приёма" });
    }
    if (value.durationMinutes === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["durationMinutes"],
        message: "Укажите длительность в минутах",
      });
    }
  });
export type ScheduleAppointment = z.infer<typeof scheduleAppointmentSchema>;

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * The console's «Записать» form: a doctor, and a free time or a Moscow date, time and duration.
 * Its output is the API's body.
 */
export const scheduleFormSchema = z
  .object({
    doctorId: z.string().min(1, "Выберите врача"),
    /** "" when the time is typed in. */
    slotId: z.string(),
    date: z.string().trim(),
    time: z.string().trim(),
    durationMinutes: z.string().trim(),
  })
  .transform((value, ctx): ScheduleAppointment => {
    if (value.slotId !== "") return { doctorId: value.doctorId, slotId: value.slotId };
    if (value.date === "") {
      ctx.addIssue({ code: "custom", path: ["date"], message: "Введите дату" });
    } else if (parseRuDate(value.date) === null) {
      ctx.addIssue({
        code: "custom",
        path: ["date"],
        message: "Введите дату в формате дд.мм.гггг",
      });
    }
    if (value.time === "") {
      ctx.addIssue({ code: "custom", path: ["time"], message: "Введите время" });
    } else if (!TIME.test(value.time)) {
      ctx.addIssue({ code: "custom", path: ["time"], message: "Введите время в формате чч:мм" });
    }
    const duration = durationSchema.safeParse(value.durationMinutes || undefined);
    if (!duration.success) {
      ctx.addIssue({
        code: "custom",
        path: ["durationMinutes"],
        message: duration.error.issues[0]?.message ?? "Укажите длительность в минутах",
      });
    }
    const startsAt = moscowMoment(value.date, value.time);
    if (!startsAt || !duration.success) return z.NEVER;
    return { doctorId: value.doctorId, startsAt, durationMinutes: duration.data };
  });
export type ScheduleForm = z.input<typeof scheduleFormSchema>;

export const FULFIL_NOTE_MAX = 1000;

/**
 * «Состоялась»: the appeal's service type and the company's doctor it is recorded under, and an
 * optional note; the clinic, its doctor, the service and the time come from the appointment.
 */
export const fulfilAppointmentSchema = z.object({
  serviceTypeId: z.uuid("Выберите вид услуги"),
  doctorId: z.uuid("Выберите врача"),
  note: userText({ max: FULFIL_NOTE_MAX, multiline: true }).optional(),
});
export type FulfilAppointment = z.infer<typeof fulfilAppointmentSchema>;

export const CANCEL_REASON_MAX = 500;

/** «Отменить по просьбе клиники»: the reason is shown to the client. */
export const clinicCancelSchema = z.object({
  reason: userText({
    max: CANCEL_REASON_MAX,
    min: 3,
    multiline: true,
    required: "Напишите причину отмены: её увидит клиент",
  }),
});
export type ClinicCancel = z.infer<typeof clinicCancelSchema>;

export const staffAppointmentIdParamsSchema = z.object({
  id: z.uuid("Неверный идентификатор записи"),
});
