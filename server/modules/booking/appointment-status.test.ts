import { describe, expect, it } from "vitest";
import {
  type AppointmentStatus,
  canChangeStatus,
  fhirAppointmentStatus,
  LIMIT_STATUSES,
  LIVE_STATUSES,
  TIME_HOLDING_STATUSES,
} from "./appointment-status.ts";

describe("appointment statuses", () => {
  it("maps the guide's statuses onto FHIR's", () => {
    expect(fhirAppointmentStatus("requested", false)).toBe("proposed");
    expect(fhirAppointmentStatus("requested", true)).toBe("pending");
    expect(fhirAppointmentStatus("awaiting_letter", true)).toBe("pending");
    expect(fhirAppointmentStatus("confirmed", true)).toBe("booked");
    expect(fhirAppointmentStatus("cancelled", true)).toBe("cancelled");
    expect(fhirAppointmentStatus("fulfilled", true)).toBe("fulfilled");
    expect(fhirAppointmentStatus("noshow", true)).toBe("noshow");
  });

  it("holds the time only while an appointment is live, and counts a visit that took place", () => {
    expect(LIVE_STATUSES).toEqual(["requested", "awaiting_letter", "confirmed"]);
    // A paid visit's hold takes the time too, but is not a visit that goes ahead yet.
    expect(TIME_HOLDING_STATUSES).toEqual([...LIVE_STATUSES, "awaiting_payment"]);
    expect(canChangeStatus("awaiting_payment", "confirmed")).toBe(true);
    expect(canChangeStatus("awaiting_payment", "cancelled")).toBe(true);
    expect(canChangeStatus("awaiting_payment", "fulfilled")).toBe(false);
    expect(LIMIT_STATUSES).not.toContain("awaiting_payment");
    expect(LIMIT_STATUSES).toContain("fulfilled");
    expect(LIMIT_STATUSES).not.toContain("noshow");
    expect(LIMIT_STATUSES).not.toContain("cancelled");
  });

  it("lets a letter's wait end in a confirmation and a confirmed visit end in a visit or a no-show", () => {
    expect(canChangeStatus("requested", "awaiting_letter")).toBe(true);
    expect(canChangeStatus("awaiting_letter", "confirmed")).toBe(true);
    expect(canChangeStatus("confirmed", "fulfilled")).toBe(true);
    expect(canChangeStatus("confirmed", "noshow")).toBe(true);
  });

  it("never reopens a cancelled, fulfilled or missed visit and never jumps a request to its outcome", () => {
    const finals: AppointmentStatus[] = ["cancelled", "fulfilled", "noshow"];
    for (const from of finals) expect(canChangeStatus(from, "confirmed")).toBe(false);
    expect(canChangeStatus("requested", "fulfilled")).toBe(false);
    expect(canChangeStatus("awaiting_letter", "noshow")).toBe(false);
    expect(canChangeStatus("confirmed", "requested")).toBe(false);
  });
});
