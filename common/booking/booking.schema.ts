import { z } from "zod";
import { userText } from "../text.schema.ts";

/**
 * Booking in the clinic network (issue 14, decision 0020): the contract between the server
 * (server/modules/booking) and its clients (the mobile app now, the cabinet next).
 *
 * Client (a signed-in cabinet session):
 *   GET  /api/booking/persons                      → bookingPersonListSchema («Для кого»)
 *   GET  /api/booking/specialties                  → specialtyListSchema
 *   GET  /api/booking/doctors?personId&q           → doctorSearchResultSchema (a doctor's name, ≥ 2 letters)
 *   GET  /api/booking/clinics?personId&specialtyId&doctorId&metro&district&latitude&longitude
 *                                                  → clinicListSchema (the person's network; nearest first
 *                                                    when a location is given, else by name)
 *   GET  /api/booking/slots?personId&specialtyId&doctorId&clinicId&from&to → slotListSchema
 *   GET  /api/booking/services?personId&clinicId&specialtyId → clinicServiceListSchema («Услуги и цены»)
 *   POST /api/appointments              bookAppointmentRequestSchema → 201 appointmentSchema, 409 taken
 *   POST /api/appointment-requests      appointmentRequestSchema → 201 appointmentSchema (status requested)
 *   GET  /api/appointments                                        → appointmentListSchema
 *   GET  /api/appointments/:id                                    → appointmentSchema
 *   GET  /api/appointments/:id/calendar.ics                       → text/calendar (RFC 5545, `ics`)
 *   POST /api/appointments/:id/cancel                             → appointmentSchema, 409 past the cut-off
 *   POST /api/appointments/:id/move     moveAppointmentRequestSchema → 201 appointmentSchema (the new one);
 *                                        409 when the new time is taken (the old one stays, unchanged)
 *   POST /api/appointments/:id/waitlist                           → appointmentSchema (waitlist.waiting)
 *   DELETE /api/appointments/:id/waitlist                         → appointmentSchema
 *   POST /api/waitlist-offers/:id/accept → 201 appointmentSchema (the moved appointment), 409 lapsed/taken
 *   POST /api/waitlist-offers/:id/decline                         → appointmentSchema
 *
 * Events (server/plugins/events.ts) appointment.booked / cancelled / moved / requested / scheduled /
 * confirmed / fulfilled / noshow and waitlist.offered (ids only) go to the client's live stream; the
 * notifications module sends their SMS and e-mail, and the reminders.
 */

/** The client sees free times at most this many days ahead. */
export const MAX_SLOT_SEARCH_DAYS = 14;

const moment = z.iso.datetime({ offset: true });

export const slotSearchQuerySchema = z
  .object({
    personId: z.uuid("Выберите, для кого запись"),
    specialtyId: z.uuid("Неверный идентификатор специальности").optional(),
    doctorId: z.uuid("Неверный идентификатор врача").optional(),
    clinicId: z.uuid("Неверный идентификатор клиники").optional(),
    from: z.iso
      .datetime({ offset: true, error: "Укажите начало периода как дату и время ISO 8601" })
      .optional(),
    to: z.iso
      .datetime({ offset: true, error: "Укажите конец периода как дату и время ISO 8601" })
      .optional(),
  })
  .refine((query) => !query.from || !query.to || Date.parse(query.from) < Date.parse(query.to), {
    path: ["to"],
    message: "Конец периода должен быть позже начала",
  });
export type SlotSearchQuery = z.infer<typeof slotSearchQuerySchema>;

/** «По программе», «Нужно гарантийное письмо» or «Платно» with both prices (kopecks). */
export const coverageSchema = z
  .discriminatedUnion("kind", [
    z.object({ kind: z.literal("covered") }),
    z.object({ kind: z.literal("guarantee_letter") }),
    z.object({
      kind: z.literal("paid"),
      reason: z.enum(["not_in_network", "limit_used_up", "contract_not_active"]),
      clinicPriceKopecks: z.number().int(),
      companyPriceKopecks: z.number().int(),
    }),
  ])
  .meta({ id: "Coverage" });
export type CoverageView = z.infer<typeof coverageSchema>;

export const bookingDoctorSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    specialty: z.object({ id: z.uuid(), name: z.string() }),
    yearsOfPractice: z.number().int(),
  })
  .meta({ id: "BookingDoctor" });

export const bookingClinicSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    address: z.string(),
    metro: z.string().nullable(),
    district: z.string().nullable(),
    /** The first of the clinic's phones, E.164 (a `tel:` link). */
    phone: z.string().nullable(),
  })
  .meta({ id: "BookingClinic" });

/** «Для кого»: a covered person of the account's active contracts. */
export const bookingPersonSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    birthDate: z.iso.date(),
    contractId: z.uuid(),
    contractNumber: z.string(),
    programName: z.string(),
  })
  .meta({ id: "BookingPerson" });
export type BookingPersonView = z.infer<typeof bookingPersonSchema>;
export const bookingPersonListSchema = z.object({ persons: z.array(bookingPersonSchema) });

export const specialtySchema = z
  .object({ id: z.uuid(), name: z.string() })
  .meta({ id: "Specialty" });
export const specialtyListSchema = z.object({ specialties: z.array(specialtySchema) });

export const doctorSearchQuerySchema = z.object({
  personId: z.uuid("Выберите, для кого запись"),
  q: userText({
    max: 100,
    min: 2,
    required: "Введите не меньше двух букв фамилии или имени врача",
  }),
});
export const doctorSearchResultSchema = z.object({
  doctors: z.array(
    bookingDoctorSchema
      .extend({ clinic: bookingClinicSchema })
      .meta({ id: "BookingDoctorAtClinic" }),
  ),
});

export const clinicSearchQuerySchema = z.object({
  personId: z.uuid("Выберите, для кого запись"),
  specialtyId: z.uuid("Неверный идентификатор специальности").optional(),
  doctorId: z.uuid("Неверный идентификатор врача").optional(),
  metro: userText({ max: 100 }).optional(),
  district: userText({ max: 100 }).optional(),
  latitude: z.coerce.number().min(-90).max(90).optional(),
  longitude: z.coerce.number().min(-180).max(180).optional(),
});

/** A clinic of the person's network for the chosen specialty (or doctor). */
export const networkClinicSchema = bookingClinicSchema
  .extend({
    phones: z.array(z.string()),
    openingHours: z.string(),
    /** online: free times to pick; requests_only: «Оставить заявку». */
    bookingMode: z.enum(["online", "requests_only"]),
    /** Kilometres from the browser's location, when it was given. */
    distanceKm: z.number().nullable(),
    /** What a visit of the chosen specialty costs this person here (the clinic's visit service). */
    coverage: coverageSchema.nullable(),
  })
  .meta({ id: "NetworkClinic" });
export const clinicListSchema = z.object({
  clinics: z.array(networkClinicSchema),
  /** The metro stations and districts of the unfiltered list, for the filters. */
  metros: z.array(z.string()),
  districts: z.array(z.string()),
});

export const clinicServicesQuerySchema = z.object({
  personId: z.uuid("Выберите, для кого запись"),
  clinicId: z.uuid("Выберите клинику"),
  specialtyId: z.uuid("Неверный идентификатор специальности").optional(),
  /** The Moscow day of the visit (today by default): a limit's period and the contract's term are that day's. */
  on: z.iso.date("Укажите день в формате ГГГГ-ММ-ДД").optional(),
});

/** «Услуги и цены»: an active service of the clinic with what it costs the person on the day. */
export const clinicServiceSchema = z
  .object({
    id: z.uuid(),
    code: z.string(),
    name: z.string(),
    specialty: z.object({ id: z.uuid(), name: z.string() }),
    /** The service a time of that specialty books by default («Приём врача»). */
    isVisit: z.boolean(),
    coverage: coverageSchema,
  })
  .meta({ id: "ClinicService" });
export type ClinicServiceView = z.infer<typeof clinicServiceSchema>;
export const clinicServiceListSchema = z.object({ services: z.array(clinicServiceSchema) });

export const slotSchema = z
  .object({
    id: z.uuid(),
    startsAt: moment,
    endsAt: moment,
    doctor: bookingDoctorSchema,
    clinic: bookingClinicSchema,
    service: z.object({ id: z.uuid(), name: z.string() }),
    coverage: coverageSchema,
    /** The clinic's cut-off: cancelling (and, for a paid visit, the full refund) until N hours before. */
    cancellationCutoffHours: z.number().int(),
  })
  .meta({ id: "Slot" });
export type SlotView = z.infer<typeof slotSchema>;

export const slotListSchema = z.object({ slots: z.array(slotSchema) });

export const bookAppointmentRequestSchema = z.object({
  slotId: z.uuid("Выберите время"),
  personId: z.uuid("Выберите, для кого запись"),
});

export const moveAppointmentRequestSchema = z.object({ slotId: z.uuid("Выберите новое время") });

export const requestTimeOfDaySchema = z.enum(["any", "morning", "afternoon", "evening"]);

/** «Оставить заявку» at a clinic that takes requests only. */
export const appointmentRequestSchema = z.object({
  personId: z.uuid("Выберите, для кого запись"),
  clinicId: z.uuid("Выберите клинику"),
  specialtyId: z.uuid("Выберите специальность"),
  /** A doctor of that clinic, or none («Любой врач»). */
  doctorId: z.uuid("Неверный идентификатор врача").optional(),
  /** Preferred days, Moscow dates from today to 14 days ahead. */
  days: z
    .array(z.iso.date("Укажите дату"))
    .min(1, "Выберите хотя бы один удобный день")
    .max(14, "Не больше 14 дней"),
  timeOfDay: requestTimeOfDaySchema,
  note: userText({ max: 1000, multiline: true }).optional(),
});

export const waitlistOfferIdParamsSchema = z.object({
  id: z.uuid("Неверный идентификатор предложения"),
});

export const appointmentIdParamsSchema = z.object({
  id: z.uuid("Неверный идентификатор записи"),
});

/** requested заявка · awaiting_letter ожидает гарантийного письма · confirmed подтверждена · … */
export const appointmentStatusSchema = z.enum([
  "requested",
  "awaiting_letter",
  "confirmed",
  "cancelled",
  "fulfilled",
  "noshow",
  // A paid visit's time held while its order is paid (issue 15).
  "awaiting_payment",
]);

export const appointmentSchema = z
  .object({
    id: z.uuid(),
    status: appointmentStatusSchema,
    personId: z.uuid(),
    personName: z.string(),
    contractId: z.uuid(),
    startsAt: moment.nullable(),
    endsAt: moment.nullable(),
    /** Null only for a request that names no doctor. */
    doctor: bookingDoctorSchema.nullable(),
    clinic: bookingClinicSchema.extend({
      phones: z.array(z.string()),
      openingHours: z.string(),
      /** «Что взять с собой» on the confirmation. */
      whatToBring: z.string().nullable(),
    }),
    service: z.object({ id: z.uuid(), name: z.string() }),
    specialty: z.object({ id: z.uuid(), name: z.string() }),
    coverage: coverageSchema,
    cancelReason: z.string().nullable(),
    /** Whether «Отменить» is still allowed in the cabinet (before the clinic's cut-off). */
    canCancel: z.boolean(),
    /** Whether «Перенести» is offered (a live appointment with a time, before the cut-off). */
    canMove: z.boolean(),
    /**
     * The order that paid the visit in the app («Оплатить и записаться»): its «Направление» and
     * «Квитанция»; cancelling before the cut-off refunds it in full. Null for any other visit.
     */
    paidOrderId: z.uuid().nullable(),
    /** The request's wishes («Оставить заявку»); null for a booked time. */
    request: z
      .object({
        days: z.array(z.iso.date()),
        timeOfDay: requestTimeOfDaySchema,
        note: z.string().nullable(),
      })
      .nullable(),
    /** «Сообщить, если освободится раньше»: whether the client waits, and a time offered now. */
    waitlist: z.object({
      available: z.boolean(),
      waiting: z.boolean(),
      offer: z
        .object({
          id: z.uuid(),
          startsAt: moment,
          endsAt: moment,
          doctor: bookingDoctorSchema,
          expiresAt: moment,
        })
        .nullable(),
    }),
    /** The appointment this one was moved to (this one is then cancelled). */
    movedToId: z.uuid().nullable(),
    history: z.array(
      z.object({
        at: moment,
        status: appointmentStatusSchema,
        reason: z.string().nullable(),
      }),
    ),
    createdAt: moment,
    updatedAt: moment,
  })
  .meta({ id: "Appointment" });
export type AppointmentView = z.infer<typeof appointmentSchema>;

export const appointmentListSchema = z.object({
  upcoming: z.array(appointmentSchema),
  past: z.array(appointmentSchema),
});
