import { vi } from "vitest";
import type { AppointmentView, CoverageView } from "../../../common/booking/booking.schema.ts";
import { jsonAnswer } from "../test/render.tsx";

/** Test data and a fake API for the booking and «Мои записи» component tests. */
export const ids = {
  person: "00000000-0000-4000-8000-0000000000b1",
  person2: "00000000-0000-4000-8000-0000000000b2",
  contract: "00000000-0000-4000-8000-0000000000c1",
  contract2: "00000000-0000-4000-8000-0000000000c2",
  therapist: "00000000-0000-4000-8000-0000000000d1",
  cardiologist: "00000000-0000-4000-8000-0000000000d2",
  doctor: "00000000-0000-4000-8000-0000000000e1",
  clinic: "00000000-0000-4000-8000-0000000000f1",
  requestClinic: "00000000-0000-4000-8000-0000000000f2",
  service: "00000000-0000-4000-8000-0000000000a9",
  slot1: "00000000-0000-4000-8000-000000000101",
  slot2: "00000000-0000-4000-8000-000000000102",
  slot3: "00000000-0000-4000-8000-000000000103",
  appointment: "00000000-0000-4000-8000-000000000201",
  moved: "00000000-0000-4000-8000-000000000202",
};

export const persons = [
  {
    id: ids.person,
    name: "Иванов Евгений Александрович",
    birthDate: "1980-05-17",
    contractId: ids.contract,
    contractNumber: "11/30117742",
    programName: "Взрослая поликлиника",
  },
  {
    id: ids.person2,
    name: "Иванова Мария Евгеньевна",
    birthDate: "2012-03-02",
    contractId: ids.contract2,
    contractNumber: "11/30245190",
    programName: "Детская поликлиника",
  },
];

export const specialties = [
  { id: ids.therapist, name: "Терапевт" },
  { id: ids.cardiologist, name: "Кардиолог" },
];

const doctor = {
  id: ids.doctor,
  name: "Смирнова Ольга Петровна",
  specialty: specialties[0] as { id: string; name: string },
  yearsOfPractice: 12,
};

const clinicBase = {
  id: ids.clinic,
  name: "Клиника «Северная»",
  address: "Москва, ул. Примерная, 1",
  metro: "Савёловская",
  district: "Бутырский",
  phone: "+74950000001",
};

export const clinics = [
  {
    ...clinicBase,
    phones: ["+74950000001"],
    openingHours: "пн–пт 8:00–21:00",
    bookingMode: "online" as const,
    distanceKm: null,
    coverage: { kind: "covered" as const },
  },
  {
    id: ids.requestClinic,
    name: "Клиника «Южная»",
    address: "Москва, ул. Тестовая, 5",
    metro: "Тульская",
    district: "Даниловский",
    phone: "+74950000002",
    phones: ["+74950000002"],
    openingHours: "ежедневно 9:00–20:00",
    bookingMode: "requests_only" as const,
    distanceKm: null,
    coverage: { kind: "covered" as const },
  },
];

/** Moscow 10:00 and 10:30 on 10 December 2026, and 09:00 on 11 December. */
export function slot(id: string, startsAt: string, coverage: CoverageView = { kind: "covered" }) {
  return {
    id,
    startsAt,
    endsAt: new Date(Date.parse(startsAt) + 30 * 60_000).toISOString(),
    doctor,
    clinic: clinicBase,
    service: { id: ids.service, name: "Приём терапевта" },
    coverage,
    cancellationCutoffHours: 4,
  };
}

export const slots = [
  slot(ids.slot1, "2026-12-10T07:00:00.000Z"),
  slot(ids.slot2, "2026-12-10T07:30:00.000Z", {
    kind: "paid",
    reason: "limit_used_up",
    clinicPriceKopecks: 250000,
    companyPriceKopecks: 212500,
  }),
  slot(ids.slot3, "2026-12-11T06:00:00.000Z", { kind: "guarantee_letter" }),
];

/** «Услуги и цены» at the clinic: the visit covered, a test by a letter, a scan paid. */
export const clinicServices = [
  {
    id: ids.service,
    code: "T-01",
    name: "Приём терапевта",
    specialty: specialties[0] as { id: string; name: string },
    isVisit: true,
    coverage: { kind: "covered" as const },
  },
  {
    id: "00000000-0000-4000-8000-0000000000a8",
    code: "T-02",
    name: "Общий анализ крови",
    specialty: specialties[0] as { id: string; name: string },
    isVisit: false,
    coverage: { kind: "guarantee_letter" as const },
  },
  {
    id: "00000000-0000-4000-8000-0000000000a7",
    code: "T-03",
    name: "УЗИ брюшной полости",
    specialty: specialties[0] as { id: string; name: string },
    isVisit: false,
    coverage: {
      kind: "paid" as const,
      reason: "not_in_network" as const,
      clinicPriceKopecks: 350000,
      companyPriceKopecks: 297500,
    },
  },
];

export function appointmentOf(overrides: Partial<AppointmentView> = {}): AppointmentView {
  return {
    id: ids.appointment,
    status: "confirmed",
    personId: ids.person,
    personName: persons[0]?.name ?? "",
    contractId: ids.contract,
    startsAt: "2026-12-10T07:00:00.000Z",
    endsAt: "2026-12-10T07:30:00.000Z",
    doctor,
    clinic: {
      ...clinicBase,
      phones: ["+74950000001"],
      openingHours: "пн–пт 8:00–21:00",
      whatToBring: "Паспорт и полис ДМС",
    },
    service: { id: ids.service, name: "Приём терапевта" },
    specialty: specialties[0] as { id: string; name: string },
    coverage: { kind: "covered" },
    cancelReason: null,
    canCancel: true,
    canMove: true,
    paidOrderId: null,
    request: null,
    waitlist: { available: true, waiting: false, offer: null },
    movedToId: null,
    history: [{ at: "2026-12-02T10:00:00.000Z", status: "confirmed", reason: null }],
    createdAt: "2026-12-02T10:00:00.000Z",
    updatedAt: "2026-12-02T10:00:00.000Z",
    ...overrides,
  };
}

export interface Call {
  method: string;
  path: string;
  search: URLSearchParams;
  body: unknown;
}

type Handler = (call: Call) => Response | undefined;

/**
 * Stubs fetch with the booking catalogue; `handler` answers first (return undefined to fall
 * through). Returns the calls made, in order.
 */
export function stubBookingApi(handler: Handler = () => undefined): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
      const url = new URL(String(input), "http://localhost");
      const call: Call = {
        method: init?.method ?? "GET",
        path: url.pathname,
        search: url.searchParams,
        body: init?.body ? JSON.parse(String(init.body)) : undefined,
      };
      calls.push(call);
      const own = handler(call);
      if (own) return own;
      if (call.path === "/api/booking/persons") return jsonAnswer(200, { persons });
      if (call.path === "/api/booking/specialties") return jsonAnswer(200, { specialties });
      if (call.path === "/api/booking/clinics") {
        return jsonAnswer(200, {
          clinics,
          metros: ["Савёловская", "Тульская"],
          districts: ["Бутырский", "Даниловский"],
        });
      }
      if (call.path === "/api/booking/slots") return jsonAnswer(200, { slots });
      if (call.path === "/api/booking/services") {
        return jsonAnswer(200, { services: clinicServices });
      }
      if (call.path === "/api/booking/doctors") {
        return jsonAnswer(200, { doctors: [{ ...doctor, clinic: clinicBase }] });
      }
      if (call.path === "/api/appointments" && call.method === "GET") {
        return jsonAnswer(200, { upcoming: [], past: [] });
      }
      return jsonAnswer(404, { type: "about:blank", title: "Не найдено", status: 404 });
    }),
  );
  return calls;
}
