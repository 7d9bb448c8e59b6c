import { and, eq, inArray } from "drizzle-orm";
import {
  addCalendarDays,
  materialiseSlots,
  moscowDate,
  moscowInstant,
} from "../modules/booking/index.ts";
import type { Db } from "./client.ts";
import {
  appointmentEvents,
  appointments,
  clinics,
  contractHolders,
  contracts,
  coveredPersons,
  doctors,
  doctorWeekTemplates,
  programNetworkEntries,
  programs,
  services,
  slots,
  specialties,
} from "./schema/index.ts";

// The demo clinic network (issue 14): invented Moscow clinics, doctors and prices.

const demoSpecialties = [
  ["therapist", "терапевт", 250_000],
  ["cardiologist", "кардиолог", 320_000],
  ["neurologist", "невролог", 300_000],
  ["ent", "оториноларинголог", 280_000],
  ["ophthalmologist", "офтальмолог", 270_000],
  ["gynecologist", "гинеколог", 310_000],
  ["urologist", "уролог", 300_000],
  ["dermatologist", "дерматолог", 260_000],
  ["endocrinologist", "эндокринолог", 330_000],
  ["gastroenterologist", "гастроэнтеролог", 340_000],
  ["surgeon", "хирург", 290_000],
  ["pediatrician", "педиатр", 240_000],
] as const;

type DemoClinic = {
  name: string;
  address: string;
  metro: string;
  district: string;
  phone: string;
  hours: string;
  requestsOnly?: boolean;
  discountBp: number;
};

/**
 * Where the demo clinics stand: by their metro station (approximate, WGS 84), so that «nearest
 * first» has something to sort when the browser shares its location.
 */
const metroCoordinates: Record<string, [latitude: number, longitude: number]> = {
  Сокол: [55.8052, 37.5149],
  Новослободская: [55.7795, 37.6012],
  Таганская: [55.7424, 37.6533],
  "Юго-Западная": [55.6636, 37.4829],
  Марьино: [55.6497, 37.7437],
  Бауманская: [55.7722, 37.679],
  Войковская: [55.8188, 37.4978],
  Строгино: [55.8038, 37.403],
  Академическая: [55.6878, 37.5734],
  Первомайская: [55.7946, 37.7994],
  "Новые Черёмушки": [55.67, 37.5545],
  "Улица Старокачаловская": [55.569, 37.577],
  Третьяковская: [55.7407, 37.627],
  "Речной вокзал": [55.8548, 37.476],
  Кутузовская: [55.7404, 37.534],
};

function coordinatesOf(metro: string): { latitude: number; longitude: number } {
  const point = metroCoordinates[metro];
  if (!point) throw new Error(`no coordinates for the demo metro «${metro}»`);
  return { latitude: point[0], longitude: point[1] };
}

export const demoClinics: DemoClinic[] = [
  {
    name: "Клиника «Здоровье на Соколе»",
    address: "Москва, Ленинградский пр-т, 74, стр. 2",
    metro: "Сокол",
    district: "Аэропорт",
    phone: "+74957010101",
    hours: "Пн–Пт 8:00–21:00, Сб 9:00–16:00",
    discountBp: 1500,
  },
  {
    name: "Медицинский центр «Новослободский»",
    address: "Москва, ул. Новослободская, 31",
    metro: "Новослободская",
    district: "Тверской",
    phone: "+74957010202",
    hours: "Пн–Пт 8:00–20:00",
    discountBp: 1000,
  },
  {
    name: "Клиника «Медис» на Таганке",
    address: "Москва, ул. Марксистская, 12",
    metro: "Таганская",
    district: "Таганский",
    phone: "+74957010303",
    hours: "Пн–Сб 8:00–21:00",
    discountBp: 1500,
  },
  {
    name: "Поликлиника «Юго-Запад»",
    address: "Москва, пр-т Вернадского, 86",
    metro: "Юго-Западная",
    district: "Тропарёво-Никулино",
    phone: "+74957010404",
    hours: "Пн–Пт 7:30–20:00, Сб 9:00–15:00",
    discountBp: 500,
  },
  {
    name: "Клиника «Семейный доктор» в Марьине",
    address: "Москва, ул. Люблинская, 165",
    metro: "Марьино",
    district: "Марьино",
    phone: "+74957010505",
    hours: "Ежедневно 8:00–20:00",
    discountBp: 1000,
  },
  {
    name: "Медицинский центр «Бауманский»",
    address: "Москва, ул. Бауманская, 44",
    metro: "Бауманская",
    district: "Басманный",
    phone: "+74957010606",
    hours: "Пн–Пт 8:00–21:00",
    discountBp: 1200,
  },
  {
    name: "Клиника «Вита» на Войковской",
    address: "Москва, Ленинградское ш., 9",
    metro: "Войковская",
    district: "Войковский",
    phone: "+74957010707",
    hours: "Пн–Пт 9:00–20:00",
    discountBp: 1000,
  },
  {
    name: "Поликлиника «Медлайн» в Строгине",
    address: "Москва, ул. Маршала Катукова, 18",
    metro: "Строгино",
    district: "Строгино",
    phone: "+74957010808",
    hours: "Пн–Сб 8:00–20:00",
    discountBp: 800,
  },
  {
    name: "Клиника «Академическая»",
    address: "Москва, ул. Дмитрия Ульянова, 7",
    metro: "Академическая",
    district: "Академический",
    phone: "+74957010909",
    hours: "Пн–Пт 8:00–21:00, Сб 9:00–17:00",
    discountBp: 1500,
  },
  {
    name: "Медицинский центр «Измайлово»",
    address: "Москва, Измайловский бульвар, 30",
    metro: "Первомайская",
    district: "Измайлово",
    phone: "+74957011010",
    hours: "Пн–Пт 8:00–20:00",
    discountBp: 1000,
  },
  {
    name: "Клиника «Медикум» на Профсоюзной",
    address: "Москва, ул. Профсоюзная, 56",
    metro: "Новые Черёмушки",
    district: "Черёмушки",
    phone: "+74957011111",
    hours: "Пн–Пт 8:00–21:00",
    discountBp: 1000,
  },
  {
    name: "Поликлиника «Северное Бутово»",
    address: "Москва, ул. Грина, 3",
    metro: "Улица Старокачаловская",
    district: "Северное Бутово",
    phone: "+74957011212",
    hours: "Пн–Пт 8:00–20:00, Сб 9:00–14:00",
    discountBp: 500,
  },
  {
    name: "Клиника доктора Левина",
    address: "Москва, ул. Большая Ордынка, 21",
    metro: "Третьяковская",
    district: "Замоскворечье",
    phone: "+74957011313",
    hours: "Пн–Пт 10:00–19:00",
    requestsOnly: true,
    discountBp: 0,
  },
  {
    name: "Медицинский центр «Химки-Запад»",
    address: "Москва, ул. Фестивальная, 29",
    metro: "Речной вокзал",
    district: "Левобережный",
    phone: "+74957011414",
    hours: "Пн–Пт 9:00–18:00",
    requestsOnly: true,
    discountBp: 0,
  },
  {
    name: "Клиника «Кутузовская»",
    address: "Москва, Кутузовский пр-т, 35",
    metro: "Кутузовская",
    district: "Дорогомилово",
    phone: "+74957011515",
    hours: "Пн–Сб 9:00–19:00",
    requestsOnly: true,
    discountBp: 0,
  },
];

const lastNames = [
  "Смирнов",
  "Волков",
  "Лебедев",
  "Козлов",
  "Новиков",
  "Морозов",
  "Павлов",
  "Семёнов",
  "Голубев",
  "Виноградов",
  "Богданов",
  "Воробьёв",
  "Фёдоров",
  "Михайлов",
  "Беляев",
];
const femaleLastNames = [
  "Соловьёва",
  "Васильева",
  "Зайцева",
  "Петрова",
  "Крылова",
  "Максимова",
  "Орлова",
  "Андреева",
  "Ковалёва",
  "Ильина",
  "Гусева",
  "Титова",
  "Кузьмина",
  "Кудрявцева",
  "Баранова",
];
const maleNames: [string, string][] = [
  ["Алексей", "Петрович"],
  ["Дмитрий", "Сергеевич"],
  ["Максим", "Андреевич"],
  ["Игорь", "Викторович"],
  ["Олег", "Николаевич"],
];
const femaleNames: [string, string][] = [
  ["Елена", "Владимировна"],
  ["Ольга", "Игоревна"],
  ["Наталья", "Алексеевна"],
  ["Татьяна", "Михайловна"],
  ["Ирина", "Олеговна"],
];

/** A weekday template: 9:00–15:00 with a lunch break, Saturday mornings for some. */
function templateFor(index: number) {
  const slotMinutes = index % 3 === 0 ? 20 : 30;
  const start = index % 2 === 0 ? "09:00" : "12:00";
  const end = index % 2 === 0 ? "15:00" : "18:00";
  const lunch =
    index % 2 === 0 ? { start: "12:00", end: "13:00" } : { start: "14:00", end: "15:00" };
  const weekdays = index % 4 === 0 ? [1, 2, 3, 4, 5, 6] : [1, 2, 3, 4, 5];
  return {
    slotMinutes,
    days: weekdays.map((weekday) =>
      weekday === 6
        ? { weekday, hours: { start: "10:00", end: "13:00" }, breaks: [] }
        : { weekday, hours: { start, end }, breaks: [lunch] },
    ),
  };
}

/**
 * The demo network: 15 clinics (3 take requests only), 12 specialties, 60 doctors with weekly
 * templates, a visit of each specialty at each clinic with its price, the networks of «ДМС
 * Оптимум» (10 clinics, 2 by guarantee letter, cardiology limited to 2 visits a year, neurology
 * at the first clinic left to be paid) and «Вызов
 * врача» (therapists at 3 clinics); the demo client's therapist visit of yesterday, waiting for the
 * operator's «Состоялась»; then the slots of the coming 30 days. Idempotent: the network and the
 * visit are added once, the slots are topped up at every run.
 */
export async function seedDemoBooking(db: Db, now = new Date()): Promise<void> {
  const [first] = demoClinics;
  if (!first) return;
  const [existing] = await db
    .select({ id: clinics.id, latitude: clinics.latitude })
    .from(clinics)
    .where(and(eq(clinics.name, first.name), eq(clinics.address, first.address)));
  if (!existing) {
    await addNetwork(db);
    await addYesterdaysVisit(db, now);
  } else if (existing.latitude === null) await placeDemoClinics(db);
  await materialiseSlots(db, now);
}

/** A demo database made before the clinics had coordinates gets them once. */
async function placeDemoClinics(db: Db): Promise<void> {
  for (const clinic of demoClinics) {
    await db
      .update(clinics)
      .set(coordinatesOf(clinic.metro))
      .where(and(eq(clinics.name, clinic.name), eq(clinics.address, clinic.address)));
  }
}

async function addNetwork(db: Db): Promise<void> {
  const specialtyRows = await db
    .insert(specialties)
    .values(demoSpecialties.map(([code, name]) => ({ code, name })))
    .onConflictDoNothing()
    .returning();
  const clinicRows = await db
    .insert(clinics)
    .values(
      demoClinics.map((clinic) => ({
        name: clinic.name,
        address: clinic.address,
        metro: clinic.metro,
        district: clinic.district,
        ...coordinatesOf(clinic.metro),
        phones: [clinic.phone],
        openingHours: clinic.hours,
        bookingMode: clinic.requestsOnly ? ("requests_only" as const) : ("online" as const),
        whatToBring: "Паспорт и полис ДМС или сертификат (можно в приложении).",
        companyDiscountBp: clinic.discountBp,
      })),
    )
    .returning();
  const specialtyOf = (code: string) => {
    const row = specialtyRows.find((specialty) => specialty.code === code);
    if (!row) throw new Error(`demo specialty ${code} is missing`);
    return row;
  };
  // Four doctors a clinic, four specialties in a row going round by 7: every specialty at five
  // clinics (therapists at three of «ДМС Оптимум», one outside it, one by request only).
  const doctorValues = clinicRows.flatMap((clinic, clinicIndex) =>
    [0, 1, 2, 3].map((slot) => {
      const index = clinicIndex * 4 + slot;
      const [code] =
        demoSpecialties[(clinicIndex * 7 + slot) % demoSpecialties.length] ?? demoSpecialties[0];
      const female = index % 2 === 1;
      const [firstName, patronymic] = (female ? femaleNames : maleNames)[index % 5] ?? ["", ""];
      const lastName = (female ? femaleLastNames : lastNames)[(index * 7) % 15] ?? "";
      return {
        clinicId: clinic.id,
        specialtyId: specialtyOf(code).id,
        lastName,
        firstName,
        patronymic,
        practiceSince: 1995 + ((index * 3) % 26),
      };
    }),
  );
  const doctorRows = await db.insert(doctors).values(doctorValues).returning();
  await db
    .insert(doctorWeekTemplates)
    .values(
      doctorRows.map((doctor, index) => ({ doctorId: doctor.id, template: templateFor(index) })),
    );
  // A visit of every specialty a clinic has doctors of, at the specialty's price (±10 % a clinic).
  const pairs = new Map<string, { clinicId: string; specialtyId: string; code: string }>();
  for (const doctor of doctorRows) {
    const specialty = specialtyRows.find((row) => row.id === doctor.specialtyId);
    if (specialty) {
      pairs.set(`${doctor.clinicId}:${doctor.specialtyId}`, {
        clinicId: doctor.clinicId,
        specialtyId: doctor.specialtyId,
        code: specialty.code,
      });
    }
  }
  // Beside each visit: the follow-up visit, and a few services of the specialty with their own
  // prices («Услуги и цены»); one of them is left outside «ДМС Оптимум» below.
  const extraServices: Record<string, [code: string, name: string, kopecks: number][]> = {
    cardiologist: [["ecg", "ЭКГ с расшифровкой", 180_000]],
    gastroenterologist: [["us-abdomen", "УЗИ органов брюшной полости", 320_000]],
    therapist: [["certificate-pool", "Справка для бассейна", 90_000]],
    ophthalmologist: [["tonometry", "Измерение внутриглазного давления", 110_000]],
  };
  await db.insert(services).values(
    [...pairs.values()].flatMap((pair, index) => {
      const [, name, price] =
        demoSpecialties.find(([code]) => code === pair.code) ?? demoSpecialties[0];
      const shift = ((index % 5) - 2) * 10_000;
      return [
        {
          clinicId: pair.clinicId,
          specialtyId: pair.specialtyId,
          code: `repeat-${pair.code}`,
          name: `Приём: ${name}, повторный`,
          priceKopecks: Math.round((price + shift) * 0.8),
          isVisit: false,
        },
        ...(extraServices[pair.code] ?? []).map(([code, serviceName, kopecks]) => ({
          clinicId: pair.clinicId,
          specialtyId: pair.specialtyId,
          code,
          name: serviceName,
          priceKopecks: kopecks + shift,
          isVisit: false,
        })),
      ];
    }),
  );
  const poolCertificates = await db
    .select({ id: services.id, clinicId: services.clinicId })
    .from(services)
    .where(eq(services.code, "certificate-pool"));
  await db.insert(services).values(
    [...pairs.values()].map((pair, index) => {
      const [, name, price] =
        demoSpecialties.find(([code]) => code === pair.code) ?? demoSpecialties[0];
      return {
        clinicId: pair.clinicId,
        specialtyId: pair.specialtyId,
        code: `visit-${pair.code}`,
        name: `Приём: ${name}, первичный`,
        priceKopecks: price + ((index % 5) - 2) * 10_000,
        isVisit: true,
      };
    }),
  );

  const programRows = await db
    .select({ id: programs.id, code: programs.code })
    .from(programs)
    .where(inArray(programs.code, ["dms-optimum", "call-doctor"]));
  const optimum = programRows.find((program) => program.code === "dms-optimum");
  const callDoctor = programRows.find((program) => program.code === "call-doctor");
  const entries: (typeof programNetworkEntries.$inferInsert)[] = [];
  if (optimum) {
    // «ДМС Оптимум»: the first ten clinics (two of them by guarantee letter) and one by request.
    clinicRows.slice(0, 10).forEach((clinic, index) => {
      entries.push({
        programId: optimum.id,
        clinicId: clinic.id,
        guaranteeLetterRequired: index === 3 || index === 7,
      });
    });
    const requestClinic = clinicRows[12];
    if (requestClinic) entries.push({ programId: optimum.id, clinicId: requestClinic.id });
    // A pool certificate is not a medical need: «ДМС Оптимум» leaves it to the client to pay
    // (a service row with no visits allowed), at the company's discounted price.
    for (const service of poolCertificates) {
      if (clinicRows.slice(0, 10).some((clinic) => clinic.id === service.clinicId)) {
        entries.push({
          programId: optimum.id,
          clinicId: service.clinicId,
          serviceId: service.id,
          specialtyId: specialtyOf("therapist").id,
          limitVisits: 0,
          limitPeriod: "year",
        });
      }
    }
    // Cardiology at the first clinic: 2 visits a calendar year.
    const firstClinic = clinicRows[0];
    if (firstClinic) {
      entries.push({
        programId: optimum.id,
        clinicId: firstClinic.id,
        specialtyId: specialtyOf("cardiologist").id,
        limitVisits: 2,
        limitPeriod: "year",
      });
      // Neurology there is left to be paid (no visits under the program): its times are «Платно»,
      // paid in the app at the company's price with «Оплатить и записаться».
      entries.push({
        programId: optimum.id,
        clinicId: firstClinic.id,
        specialtyId: specialtyOf("neurologist").id,
        limitVisits: 0,
        limitPeriod: "year",
      });
    }
  }
  if (callDoctor) {
    for (const clinic of clinicRows.slice(0, 3)) {
      entries.push({
        programId: callDoctor.id,
        clinicId: clinic.id,
        specialtyId: specialtyOf("therapist").id,
      });
    }
  }
  if (entries.length > 0) await db.insert(programNetworkEntries).values(entries);
}

/**
 * The demo client's «ДМС Оптимум» visit to a therapist yesterday at 10:00 Moscow time, booked a
 * week ago and confirmed: it waits in the console's «Итог приёма» for «Состоялась» or «Неявка».
 */
async function addYesterdaysVisit(db: Db, now: Date): Promise<void> {
  const [person] = await db
    .select({
      id: coveredPersons.id,
      contractId: contracts.id,
      clientId: contractHolders.clientId,
    })
    .from(coveredPersons)
    .innerJoin(contracts, eq(contracts.id, coveredPersons.contractId))
    .innerJoin(contractHolders, eq(contractHolders.contractId, contracts.id))
    .where(eq(contracts.number, "001-ДМС-2026-004512"))
    .limit(1);
  const [visit] = await db
    .select({
      doctorId: doctors.id,
      clinicId: doctors.clinicId,
      specialtyId: doctors.specialtyId,
      serviceId: services.id,
      priceKopecks: services.priceKopecks,
    })
    .from(doctors)
    .innerJoin(specialties, eq(specialties.id, doctors.specialtyId))
    .innerJoin(clinics, eq(clinics.id, doctors.clinicId))
    .innerJoin(
      services,
      and(
        eq(services.clinicId, doctors.clinicId),
        eq(services.specialtyId, doctors.specialtyId),
        eq(services.isVisit, true),
      ),
    )
    .where(and(eq(specialties.code, "therapist"), eq(clinics.name, demoClinics[0]?.name ?? "")))
    .limit(1);
  if (!person || !visit) return;
  const startsAt = moscowInstant(addCalendarDays(moscowDate(now), -1), 10 * 60);
  const endsAt = new Date(startsAt.getTime() + 20 * 60_000);
  const bookedAt = new Date(startsAt.getTime() - 7 * 24 * 3_600_000);
  const [slot] = await db
    .insert(slots)
    .values({
      doctorId: visit.doctorId,
      clinicId: visit.clinicId,
      specialtyId: visit.specialtyId,
      startsAt,
      endsAt,
    })
    .onConflictDoNothing()
    .returning({ id: slots.id });
  if (!slot) return;
  const [appointment] = await db
    .insert(appointments)
    .values({
      personId: person.id,
      contractId: person.contractId,
      clientId: person.clientId,
      doctorId: visit.doctorId,
      clinicId: visit.clinicId,
      serviceId: visit.serviceId,
      slotId: slot.id,
      startsAt,
      endsAt,
      status: "confirmed",
      coverageKind: "covered",
      clinicPriceKopecks: visit.priceKopecks,
      companyPriceKopecks: visit.priceKopecks,
      createdAt: bookedAt,
      updatedAt: bookedAt,
    })
    .returning({ id: appointments.id });
  if (!appointment) return;
  await db.insert(appointmentEvents).values({
    appointmentId: appointment.id,
    at: bookedAt,
    fromStatus: null,
    toStatus: "confirmed",
    actorKind: "client",
    actorId: person.clientId,
  });
}
