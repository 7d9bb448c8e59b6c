/** An appointment's status; the client sees them as the guide names them (locale keys, not here). */
export type AppointmentStatus =
  | "requested" // заявка
  | "awaiting_letter" // ожидает гарантийного письма
  | "confirmed" // подтверждена
  | "cancelled" // отменена
  | "fulfilled" // состоялась
  | "noshow" // неявка
  | "awaiting_payment"; // ожидает оплаты: a paid visit's time held while its order is paid

/** Statuses of a visit that goes ahead: reminded of, movable, cancellable, waiting for earlier times. */
export const LIVE_STATUSES = ["requested", "awaiting_letter", "confirmed"] as const;

/**
 * Statuses that hold a doctor's time and a person's against every other booking — the exclusion
 * constraints' WHERE clause and every free-time query: the live ones and a paid visit's hold
 * (awaiting_payment, issue 15). A hold is not «live»: no reminder, no move, no waitlist.
 */
export const TIME_HOLDING_STATUSES = [...LIVE_STATUSES, "awaiting_payment"] as const;

/** Statuses that use up a program's limit: live visits and those that took place. */
export const LIMIT_STATUSES = [...LIVE_STATUSES, "fulfilled"] as const;

/** FHIR R4 Appointment.status of ours (a request with no time yet is `proposed`). */
export function fhirAppointmentStatus(status: AppointmentStatus, hasTime: boolean): string {
  switch (status) {
    case "requested":
      return hasTime ? "pending" : "proposed";
    case "awaiting_letter":
      return "pending";
    case "confirmed":
      return "booked";
    case "cancelled":
      return "cancelled";
    case "fulfilled":
      return "fulfilled";
    case "noshow":
      return "noshow";
    case "awaiting_payment":
      return "pending";
  }
}

const NEXT: Record<AppointmentStatus, readonly AppointmentStatus[]> = {
  requested: ["awaiting_letter", "confirmed", "cancelled"],
  awaiting_letter: ["confirmed", "cancelled"],
  confirmed: ["cancelled", "fulfilled", "noshow"],
  cancelled: [],
  fulfilled: [],
  noshow: [],
  awaiting_payment: ["confirmed", "cancelled"],
};

/** Whether a status may change to another: forward only; cancelled, fulfilled and noshow are final. */
export function canChangeStatus(from: AppointmentStatus, to: AppointmentStatus): boolean {
  return NEXT[from].includes(to);
}
