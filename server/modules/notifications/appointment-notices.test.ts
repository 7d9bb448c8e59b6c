import { describe, expect, it } from "vitest";
import type { EventType, LiveEvent } from "../../plugins/events.ts";
import { appointmentLink, noticeKind } from "./appointment-notices.ts";

const startsAt = new Date("2026-12-05T07:30:00Z");

function event(type: EventType, payload: LiveEvent["payload"] = {}): LiveEvent {
  return { id: "1", type, payload: { appointmentId: "a", ...payload }, audience: {} };
}

const confirmed = {
  status: "confirmed" as const,
  startsAt,
  coverageKind: "covered" as const,
  movedToId: null,
};

describe("noticeKind", () => {
  it("tells a booking by what it is now: confirmed, waiting for its letter or for the clinic", () => {
    expect(noticeKind(event("appointment.booked"), confirmed)).toBe("booked");
    expect(
      noticeKind(event("appointment.booked"), {
        ...confirmed,
        status: "awaiting_letter",
        coverageKind: "guarantee_letter",
      }),
    ).toBe("awaiting_letter");
    expect(noticeKind(event("appointment.booked"), { ...confirmed, status: "requested" })).toBe(
      "pending",
    );
  });

  it("tells nothing that is no longer true when the event is handled late", () => {
    const cancelled = { ...confirmed, status: "cancelled" as const };
    expect(noticeKind(event("appointment.booked"), cancelled)).toBeNull();
    expect(noticeKind(event("appointment.scheduled"), cancelled)).toBeNull();
    expect(noticeKind(event("appointment.moved"), cancelled)).toBeNull();
    expect(noticeKind(event("appointment.confirmed"), cancelled)).toBeNull();
    expect(noticeKind(event("appointment.requested"), { ...confirmed, startsAt })).toBeNull();
  });

  it("tells a cancellation by the clinic only, and not the old row of a move", () => {
    const cancelled = { ...confirmed, status: "cancelled" as const };
    expect(noticeKind(event("appointment.cancelled", { by: "clinic" }), cancelled)).toBe(
      "cancelled_by_clinic",
    );
    expect(noticeKind(event("appointment.cancelled", { by: "client" }), cancelled)).toBeNull();
    expect(
      noticeKind(event("appointment.cancelled", { by: "clinic" }), {
        ...cancelled,
        movedToId: "b",
      }),
    ).toBeNull();
  });

  it("says the guarantee letter went when a letter visit is confirmed", () => {
    expect(
      noticeKind(event("appointment.confirmed"), {
        ...confirmed,
        coverageKind: "guarantee_letter",
      }),
    ).toBe("letter_issued");
    expect(noticeKind(event("appointment.confirmed"), confirmed)).toBe("confirmed");
  });

  it("tells nothing of a visit that took place or was missed", () => {
    expect(noticeKind(event("appointment.fulfilled"), confirmed)).toBeNull();
    expect(noticeKind(event("appointment.noshow"), confirmed)).toBeNull();
  });
});

describe("appointmentLink", () => {
  it("opens the appointment's page in the cabinet", () => {
    expect(appointmentLink("https://lk.rms.ru/", "a1")).toBe(
      "https://lk.rms.ru/cabinet/appointments/a1",
    );
  });
});
