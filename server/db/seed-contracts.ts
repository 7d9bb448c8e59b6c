import { TZDate } from "@date-fns/tz";
import { addMonths, addYears, endOfMonth, format, startOfMonth, subDays } from "date-fns";
import { and, eq, inArray } from "drizzle-orm";
import { personNameKey } from "../../common/contracts/person-match.ts";
import { MOSCOW } from "../../common/format/date.ts";
import type { Db } from "./client.ts";
import {
  appeals,
  clients,
  contractHolders,
  contracts,
  coveredPersons,
  programs,
  serviceTypes,
  staffMembers,
} from "./schema/index.ts";

const CARE_PROCEDURE_CALL = `## Как получить консультацию

1. Позвоните в медицинский контакт-центр РМС по номеру **8 (800) 770-70-94** (звонок бесплатный, круглосуточно) или напишите в «Чат с врачом» в личном кабинете.
2. Назовите номер сертификата и фамилию, имя, отчество пациента.
3. Дежурный врач РМС выслушает жалобы, даст рекомендации и при необходимости организует вызов врача на дом или запись в клинику.

## Что подготовить

- номер сертификата;
- список принимаемых лекарств;
- результаты последних анализов, если они есть (их можно приложить к сообщению в личном кабинете).

При угрозе жизни звоните **103** или **112**.`;

const CARE_PROCEDURE_DMS = `## Как получить медицинскую помощь по полису ДМС

1. Позвоните по номеру для застрахованных по ДМС **8 (499) 922-49-09** или запишитесь в клинику через личный кабинет.
2. Назовите номер полиса и страховую компанию.
3. Оператор РМС подберёт клинику из программы, согласует приём и пришлёт подтверждение по SMS.

В клинике предъявите полис ДМС и паспорт. Услуги вне программы можно оплатить в приложении со скидкой.`;

const demoPrograms = [
  {
    code: "call-doctor",
    name: "Позвони Врачу",
    description: "Круглосуточные консультации врача по телефону и в чате для одного человека.",
    coverage:
      "- Консультации терапевта и педиатра по телефону 24/7\n- Консультации в чате\n- Расшифровка анализов",
    maxPersons: 1,
    careProcedure: CARE_PROCEDURE_CALL,
    priceKopecks: 290_000,
    termMonths: 12,
    soldOnline: true,
    includesChat: true,
  },
  {
    code: "call-doctor-plus",
    name: "Позвони Врачу плюс",
    description:
      "Круглосуточные консультации врача по телефону и в чате, вызов врача на дом; для двух человек.",
    coverage:
      "- Консультации терапевта и педиатра по телефону 24/7\n- Консультации в чате\n- Вызов врача на дом (2 раза за срок действия)\n- Расшифровка анализов\n- Второе мнение по диагнозу",
    maxPersons: 2,
    careProcedure: CARE_PROCEDURE_CALL,
    priceKopecks: 540_000,
    termMonths: 12,
    soldOnline: true,
    includesChat: true,
  },
  {
    code: "dms-optimum",
    name: "ДМС Оптимум",
    description: "Программа добровольного медицинского страхования, которую обслуживает РМС.",
    coverage:
      "- Амбулаторно-поликлиническая помощь\n- Лабораторная и инструментальная диагностика\n- Помощь на дому\n- Экстренная госпитализация",
    maxPersons: 1,
    careProcedure: CARE_PROCEDURE_DMS,
    priceKopecks: null,
    termMonths: null,
    soldOnline: false,
    includesChat: false,
  },
];

const demoServiceTypes = [
  "Консультация врача по телефону",
  "Консультация врача в чате",
  "Вызов врача на дом",
  "Запись в клинику",
  "Расшифровка анализов",
];

const ivanov = {
  lastName: "Иванов",
  firstName: "Иван",
  patronymic: "Иванович",
  birthDate: "1985-04-12",
};

function person(
  slot: 1 | 2,
  data: { lastName: string; firstName: string; patronymic: string; birthDate: string },
  phone: string | null = null,
) {
  return {
    slot,
    ...data,
    phone,
    nameKey: personNameKey(data.lastName, data.firstName, data.patronymic),
  };
}

/**
 * The demo client's daughter: 9 this year whenever the demo is seeded, so she stays under 15 and
 * her father acts for her (decision 0031).
 */
function demoDaughter(now: Date) {
  const year = Number(format(new TZDate(now, MOSCOW), "yyyy")) - 9;
  return {
    lastName: "Иванова",
    firstName: "Софья",
    patronymic: "Ивановна",
    birthDate: `${year}-03-01`,
  };
}

/** The 1st of next month in Moscow, and the day before the 1st a year later. */
function nextMonthPeriod(now: Date): { startsOn: string; endsOn: string } {
  const start = startOfMonth(addMonths(new TZDate(now, MOSCOW), 1));
  return {
    startsOn: format(start, "yyyy-MM-dd"),
    endsOn: format(subDays(addYears(start, 1), 1), "yyyy-MM-dd"),
  };
}

/** How far ahead the demo's running contracts stay in force, whenever the demo is seeded. */
const DEMO_MONTHS_AHEAD = 6;

/**
 * A running contract's end: its own date, or, once that comes within half a year of the seeding,
 * the end of the month six months ahead — so booking, chat and call-backs in a demo (and in the
 * e2e tests, which seed a fresh one) never meet a policy about to end.
 */
export function runningUntil(endsOn: string, now: Date): string {
  const horizon = format(
    endOfMonth(addMonths(new TZDate(now, MOSCOW), DEMO_MONTHS_AHEAD)),
    "yyyy-MM-dd",
  );
  return endsOn > horizon ? endsOn : horizon;
}

/**
 * The demo client's contracts (issue 4): the guide's example, an active certificate with
 * appeals, one starting next month with «Пациент 2» free, a DMS policy, and (issue 17) a
 * certificate bought for his daughter of 9, her row carrying his phone. The client holds three
 * by its phone and two by number (decision 0011). Idempotent: a contract that exists, and its
 * links, are left as they are (an operator may have unlinked one).
 */
export async function seedDemoContracts(db: Db, clientPhone: string, now = new Date()) {
  await db.insert(programs).values(demoPrograms).onConflictDoNothing({ target: programs.code });
  await db
    .insert(serviceTypes)
    .values(demoServiceTypes.map((name) => ({ name })))
    .onConflictDoNothing();

  const programRows = await db
    .select({ id: programs.id, code: programs.code })
    .from(programs)
    .where(
      inArray(
        programs.code,
        demoPrograms.map((program) => program.code),
      ),
    );
  const programId = (code: string) => {
    const row = programRows.find((program) => program.code === code);
    if (!row) throw new Error(`demo program ${code} is missing`);
    return row.id;
  };

  const demoContracts = [
    {
      contract: {
        kind: "certificate" as const,
        number: "11/22445568",
        programId: programId("call-doctor-plus"),
        startsOn: "2019-01-12",
        endsOn: "2020-01-11",
      },
      persons: [
        person(
          1,
          {
            lastName: "Соколов",
            firstName: "Евгений",
            patronymic: "Александрович",
            birthDate: "1979-09-03",
          },
          clientPhone,
        ),
        person(2, {
          lastName: "Соколова",
          firstName: "Рената",
          patronymic: "Саяровна",
          birthDate: "1982-02-17",
        }),
      ],
    },
    {
      contract: {
        kind: "certificate" as const,
        number: "11/30117742",
        programId: programId("call-doctor"),
        startsOn: "2026-03-01",
        endsOn: runningUntil("2027-02-28", now),
      },
      persons: [person(1, ivanov)],
      // No phone on its person: the demo client added it with «Добавить договор».
      linkedByNumber: true,
    },
    {
      contract: {
        kind: "certificate" as const,
        number: "11/30245190",
        programId: programId("call-doctor-plus"),
        ...nextMonthPeriod(now),
      },
      persons: [person(1, ivanov, clientPhone)],
    },
    {
      contract: {
        kind: "dms_policy" as const,
        number: "001-ДМС-2026-004512",
        insurerName: "АО «СОГАЗ»",
        programId: programId("dms-optimum"),
        startsOn: "2026-01-01",
        endsOn: runningUntil("2026-12-31", now),
      },
      persons: [person(1, ivanov)],
      linkedByNumber: true,
    },
    {
      contract: {
        kind: "certificate" as const,
        number: "11/30388416",
        programId: programId("call-doctor"),
        startsOn: "2026-09-01",
        endsOn: runningUntil("2027-08-31", now),
      },
      // A parent's phone on a child's row links the contract to the parent; it never makes her
      // the account's own person (decision 0031).
      persons: [person(1, demoDaughter(now), clientPhone)],
    },
  ];

  const [client] = await db
    .select({ id: clients.id })
    .from(clients)
    .where(eq(clients.phone, clientPhone));
  for (const { contract, persons, ...links } of demoContracts) {
    const [created] = await db
      .insert(contracts)
      .values(contract)
      .onConflictDoNothing()
      .returning({ id: contracts.id });
    if (!created) continue;
    // A person with the client's phone links the contract by itself (migration 0008's trigger).
    await db
      .insert(coveredPersons)
      .values(persons.map((entry) => ({ ...entry, contractId: created.id })));
    if ("linkedByNumber" in links && client) {
      await db
        .insert(contractHolders)
        .values({ clientId: client.id, contractId: created.id, source: "number" })
        .onConflictDoNothing();
    }
  }
  await seedDemoAppeals(db);
}

/** Three appeals on the active certificate, handled by the demo doctor. */
async function seedDemoAppeals(db: Db) {
  const [target] = await db
    .select({ contractId: contracts.id, personId: coveredPersons.id })
    .from(contracts)
    .innerJoin(coveredPersons, eq(coveredPersons.contractId, contracts.id))
    .where(and(eq(contracts.kind, "certificate"), eq(contracts.number, "11/30117742")));
  if (!target) return;
  const existing = await db
    .select({ id: appeals.id })
    .from(appeals)
    .where(eq(appeals.contractId, target.contractId))
    .limit(1);
  if (existing.length > 0) return;

  const staff = await db
    .select({ id: staffMembers.id, email: staffMembers.email })
    .from(staffMembers)
    .where(inArray(staffMembers.email, ["doctor@rms.local", "operator@rms.local"]));
  const doctor = staff.find((member) => member.email === "doctor@rms.local");
  const operator = staff.find((member) => member.email === "operator@rms.local");
  if (!doctor || !operator) return;
  const types = await db
    .select({ id: serviceTypes.id, name: serviceTypes.name })
    .from(serviceTypes);
  const typeId = (name: string) => types.find((type) => type.name === name)?.id;

  const entries = [
    {
      type: "Консультация врача по телефону",
      channel: "phone" as const,
      occurredAt: "2026-04-14T10:20:00+03:00",
      outcome: "ОРВИ, даны рекомендации по лечению, контроль через 3 дня.",
    },
    {
      type: "Консультация врача в чате",
      channel: "chat" as const,
      occurredAt: "2026-07-02T22:45:00+03:00",
      outcome: "Аллергическая реакция на укус насекомого, назначен антигистаминный препарат.",
    },
    {
      type: "Расшифровка анализов",
      channel: "callback" as const,
      occurredAt: "2026-10-19T08:05:00+03:00",
      outcome: "Общий анализ крови в норме, повторное обследование не требуется.",
    },
  ];
  const rows = entries.flatMap((entry) => {
    const serviceTypeId = typeId(entry.type);
    if (!serviceTypeId) return [];
    return [
      {
        contractId: target.contractId,
        personId: target.personId,
        serviceTypeId,
        doctorId: doctor.id,
        channel: entry.channel,
        occurredAt: new Date(entry.occurredAt),
        outcome: entry.outcome,
        createdById: operator.id,
      },
    ];
  });
  if (rows.length > 0) await db.insert(appeals).values(rows);
}
