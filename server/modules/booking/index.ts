import type { FastifyPluginAsync } from "fastify";
import { runOnJobQueue } from "../../plugins/jobs.ts";
import { bookingRoutes } from "./booking.routes.ts";
import { bookingServicesRoutes } from "./booking-services.routes.ts";
import { clinicImportRoutes } from "./clinic-import.routes.ts";
import { clinicIntegrationRoutes } from "./clinic-integration.routes.ts";
import { createSlotMaterialisation } from "./slot-materialisation.ts";
import { staffAppointmentsRoutes } from "./staff-appointments.routes.ts";
import { staffClinicsRoutes } from "./staff-clinics.routes.ts";
import { createOfferLapse } from "./waitlist-offers.ts";

// «Выгрузить мои данные» (data-export, decision 0030) reads the account's rows through these.
export { accountAppointments, historyOfAppointments } from "./account-export.repository.ts";

// Notifications (SMS, e-mail, reminders) read what they tell of through these.
export {
  type AppointmentNotice,
  findAppointmentNotice,
  findWaitlistOfferNotice,
  type WaitlistOfferNotice,
} from "./appointment-notice.repository.ts";
// Which statuses hold a time (and get reminders): one list for every module.
export { LIVE_STATUSES, TIME_HOLDING_STATUSES } from "./appointment-status.ts";
// The chat's «Предложить время» (issue 14): the person's free times and the offered ones' state;
// the shop's «Вернуть деньги» for a paid visit cancels it.
export { cancelMyAppointment, searchSlots, TIME_TAKEN } from "./booking.service.ts";
// The demo seed places its visits on Moscow days.
export { addCalendarDays, moscowDate, moscowInstant } from "./moscow-time.ts";
// The shop's «Оплатить и записаться» (issue 15): a paid time held, confirmed, released.
export {
  confirmPaidVisit,
  holdPaidVisit,
  type PaidVisitHold,
  paidVisitConflict,
  releasePaidVisit,
} from "./paid-visits.service.ts";
export {
  type Reminder,
  type ReminderAtSend,
  type ReminderKind,
  reminderAtSend,
  reminderTimes,
} from "./reminder-times.ts";
export { materialiseSlots, SLOT_DAYS_AHEAD } from "./slot-materialisation.ts";
export { describeOfferedSlots } from "./slot-offers.ts";

/**
 * Booking in the clinic network under the client's program (issue 14): free times with their
 * coverage and the client's appointments, for the mobile app; the hourly slot materialisation
 * and the minutely hand-over of lapsed waitlist offers.
 */
export const bookingModule: FastifyPluginAsync = async (app) => {
  await app.register(bookingRoutes, { prefix: "/api" });
  await app.register(bookingServicesRoutes, { prefix: "/api" });
  await app.register(staffAppointmentsRoutes, { prefix: "/api/staff/appointments" });
  await app.register(clinicImportRoutes, { prefix: "/api/staff" });
  await app.register(clinicIntegrationRoutes, { prefix: "/api" });
  await app.register(staffClinicsRoutes, { prefix: "/api" });
  await runOnJobQueue(
    app,
    createSlotMaterialisation({ jobs: app.jobs, db: app.database.db, log: app.log }),
  );
  await runOnJobQueue(app, createOfferLapse({ jobs: app.jobs, db: app.database.db, log: app.log }));
};
