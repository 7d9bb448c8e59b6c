import { randomInt } from "node:crypto";
import { eq } from "drizzle-orm";
import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, it } from "vitest";
import { formatRuDate, todayInMoscow } from "../../../common/format/date.ts";
import {
  appeals,
  clients,
  coveredPersons,
  replacementRequests,
  serviceTypes,
} from "../../db/schema/index.ts";
import { setupTestApp } from "../../test/build-test-app.ts";
import {
  createTestContract,
  createTestProgram,
  type TestPerson,
} from "../../test/contract-factories.ts";
import {
  createTestClient,
  createTestStaff,
  signInClient,
  type TestClient,
} from "../../test/factories.ts";
import { nextIsoDate } from "../calendar/calendar-days.ts";
import { addBusinessDays } from "../calendar/production-calendar.ts";

const t = setupTestApp();

const LETTERS = "абвгдежзиклмнопрстуфхцчшэюя";

/** A surname no other test uses, so name matching finds only this test's persons. */
function uniqueSurname(base = "Тестов"): string {
  let suffix = "";
  for (let i = 0; i < 8; i += 1) suffix += LETTERS[randomInt(LETTERS.length)];
  return `${base}${suffix}`;
}

interface Person {
  lastName: string;
  firstName: string;
  patronymic: string | null;
  birthDate: string;
}

/** A signed-in client with the given name and birth date. */
async function signedInClient(person?: Partial<Person>) {
  const client = await createTestClient(t.database.db);
  const name: Person = {
    lastName: uniqueSurname(),
    firstName: "Анна",
    patronymic: "Сергеевна",
    birthDate: "1990-03-15",
    ...person,
  };
  await t.database.db.update(clients).set(name).where(eq(clients.id, client.id));
  const cookie = await signInClient(t.app, client);
  return { ...client, ...name, cookie };
}

type Signed = TestClient & Person & { cookie: string };

/** The account's own person on a contract: with its phone, which makes the account a holder. */
function asPerson(client: Signed, slot: 1 | 2, extra: Partial<TestPerson> = {}): TestPerson {
  return {
    slot,
    lastName: client.lastName,
    firstName: client.firstName,
    patronymic: client.patronymic,
    birthDate: client.birthDate,
    phone: client.phone,
    ...extra,
  };
}

function stranger(slot: 1 | 2): TestPerson {
  return {
    slot,
    lastName: uniqueSurname("Чужой"),
    firstName: "Рената",
    patronymic: "Саяровна",
    birthDate: "1992-07-01",
  };
}

function get(cookie: string | null, url: string) {
  return t.app.inject({
    method: "GET",
    url,
    cookies: cookie ? { rms_session: cookie } : {},
  });
}

function post(cookie: string | null, url: string, payload: object) {
  return t.app.inject({
    method: "POST",
    url,
    payload,
    cookies: cookie ? { rms_session: cookie } : {},
  });
}

const today = () => todayInMoscow();
const daysFromToday = (days: number) => nextIsoDate(today(), days);

async function contractFor(
  persons: TestPerson[],
  options: { startsOn?: string; endsOn?: string; maxPersons?: number; programName?: string } = {},
) {
  const program = await createTestProgram(t.database.db, {
    maxPersons: options.maxPersons ?? 2,
    ...(options.programName ? { name: options.programName } : {}),
  });
  const contract = await createTestContract(t.database.db, {
    programId: program.id,
    startsOn: options.startsOn ?? daysFromToday(10),
    endsOn: options.endsOn ?? daysFromToday(375),
    persons,
  });
  return { ...contract, program };
}

const secondPatient = {
  lastName: "Соколова",
  firstName: "Рената",
  patronymic: "Саяровна",
  birthDate: "01.07.1992",
  phone: "",
  email: "",
};

const replacement = {
  lastName: "Новиков",
  firstName: "Пётр",
  patronymic: "",
  noPatronymic: true,
  birthDate: "02.02.1980",
  phone: "8 916 123-45-67",
  email: "petr@example.ru",
  reason: "Сертификат куплен в подарок отцу",
};

describe("which contracts an account sees", () => {
  it("lists a contract whose person has the account's phone, newest first, with its status", async () => {
    const client = await signedInClient();
    const older = await contractFor([{ ...stranger(1), phone: client.phone }], {
      startsOn: "2019-01-12",
      endsOn: "2020-01-11",
      programName: `Позвони Врачу плюс ${randomInt(1e9)}`,
    });
    const newer = await contractFor([{ ...stranger(1), phone: client.phone }]);

    const res = await get(client.cookie, "/api/contracts");
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.contracts.map((c: { id: string }) => c.id)).toEqual([newer.id, older.id]);
    expect(body.contracts[1]).toEqual({
      id: older.id,
      kind: "certificate",
      number: older.number,
      programName: older.program.name,
      startsOn: "2019-01-12",
      endsOn: "2020-01-11",
      status: "expired",
    });
    expect(body.contracts[0].status).toBe("not-started");
  });

  it("does not list a contract whose person only has the account's name and birth date, whatever the case and ё", async () => {
    const client = await signedInClient({
      lastName: uniqueSurname("Семёнов"),
      firstName: "Алёна",
      patronymic: "Петровна",
    });
    const contract = await contractFor([
      {
        slot: 1,
        lastName: `  ${client.lastName.toUpperCase().replaceAll("Ё", "Е")} `,
        firstName: "АЛЕНА",
        patronymic: "петровна",
        birthDate: client.birthDate,
      },
    ]);
    const res = await get(client.cookie, "/api/contracts");
    expect(res.json().contracts).toEqual([]);
    expect((await get(client.cookie, `/api/contracts/${contract.id}`)).statusCode).toBe(404);
  });

  it("does not list a contract whose person has the same name but another birth date", async () => {
    const client = await signedInClient();
    await contractFor([{ ...asPerson(client, 1), birthDate: "1991-03-15", phone: null }]);
    const res = await get(client.cookie, "/api/contracts");
    expect(res.json().contracts).toEqual([]);
  });

  it("keeps a contract linked by phone after the person who made the link is replaced", async () => {
    const client = await signedInClient();
    const contract = await contractFor([asPerson(client, 1)]);
    await t.database.db
      .update(coveredPersons)
      .set({ replacedAt: new Date() })
      .where(eq(coveredPersons.contractId, contract.id));
    const res = await get(client.cookie, "/api/contracts");
    expect(res.json().contracts.map((c: { id: string }) => c.id)).toEqual([contract.id]);
  });

  it("says by which date a certificate bought today appears, in business days", async () => {
    const client = await signedInClient();
    const res = await get(client.cookie, "/api/contracts");
    const expected = await addBusinessDays(t.database.db, today(), 2);
    expect(res.json().purchasedTodayVisibleBy).toBe(expected);
    expect(expected > today()).toBe(true);
  });

  it("asks a signed-out visitor to sign in", async () => {
    const res = await get(null, "/api/contracts");
    expect(res.statusCode).toBe(401);
  });

  it("answers 404 to another account for the contract, its print data and its PDF", async () => {
    const owner = await signedInClient();
    const other = await signedInClient();
    const contract = await contractFor([asPerson(owner, 1)]);
    for (const path of ["", "/print", "/certificate.pdf"]) {
      const res = await get(other.cookie, `/api/contracts/${contract.id}${path}`);
      expect(res.statusCode, path).toBe(404);
      expect(res.headers["content-type"]).toContain("application/problem+json");
      expect(res.body).not.toContain(contract.number);
      expect((await get(owner.cookie, `/api/contracts/${contract.id}${path}`)).statusCode).toBe(
        200,
      );
    }
    const add = await post(other.cookie, `/api/contracts/${contract.id}/persons`, secondPatient);
    expect(add.statusCode).toBe(404);
  });
});

describe("the contract's description", () => {
  it("shows the program, persons by slot, appeals newest first and what Пациент 1 may change", async () => {
    const client = await signedInClient();
    const contract = await contractFor([asPerson(client, 1), stranger(2)], {
      startsOn: daysFromToday(-30),
      endsOn: daysFromToday(335),
    });
    const doctor = await createTestStaff(t.database.db, "doctor", "Кузнецов Андрей Викторович");
    const [type] = await t.database.db
      .insert(serviceTypes)
      .values({ name: `Консультация врача по телефону ${randomInt(1e9)}` })
      .returning({ id: serviceTypes.id, name: serviceTypes.name });
    if (!type) throw new Error("no service type");
    const [patient1Id, patient2Id] = contract.personIds;
    if (!patient1Id || !patient2Id) throw new Error("no persons");
    const appealRow = (personId: string, occurredAt: string, outcome: string) => ({
      contractId: contract.id,
      personId,
      serviceTypeId: type.id,
      doctorId: doctor.id,
      createdById: doctor.id,
      channel: "phone" as const,
      occurredAt: new Date(occurredAt),
      outcome,
    });
    await t.database.db
      .insert(appeals)
      .values([
        appealRow(patient1Id, "2026-03-02T10:00:00Z", "Даны рекомендации"),
        appealRow(patient2Id, "2026-04-05T10:00:00Z", "Записана в клинику"),
      ]);

    const res = await get(client.cookie, `/api/contracts/${contract.id}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      kind: "certificate",
      number: contract.number,
      insurerName: null,
      status: "active",
      program: { id: contract.program.id, name: contract.program.name, maxPersons: 2 },
      persons: [
        { slot: 1, lastName: client.lastName, firstName: "Анна", patronymic: "Сергеевна" },
        { slot: 2, firstName: "Рената", patronymic: "Саяровна" },
      ],
      changes: {
        addPatient2: { allowed: false, refusal: "started" },
        replacePatient1: { allowed: false, refusal: "started" },
      },
      replacementRequest: null,
    });
    expect(body.program.coverageHtml).toContain("<li>Консультации терапевта</li>");
    expect(body.persons[0]).not.toHaveProperty("birthDate");
    expect(body.appeals.map((a: { outcome: string }) => a.outcome)).toEqual([
      "Записана в клинику",
      "Даны рекомендации",
    ]);
    expect(body.appeals[0]).toMatchObject({
      serviceType: type.name,
      personName: "Рената Саяровна",
      doctorName: "Кузнецов Андрей Викторович",
      channel: "phone",
    });
  });

  it("shows a DMS policy with its insurer", async () => {
    const client = await signedInClient();
    const program = await createTestProgram(t.database.db, { maxPersons: 1 });
    const policy = await createTestContract(t.database.db, {
      kind: "dms_policy",
      number: `001-ДМС-2026-${randomInt(100000, 999999)}`,
      insurerName: "АО «СОГАЗ»",
      programId: program.id,
      startsOn: "2026-01-01",
      endsOn: "2026-12-31",
      persons: [asPerson(client, 1)],
    });
    const body = (await get(client.cookie, `/api/contracts/${policy.id}`)).json();
    expect(body).toMatchObject({ kind: "dms_policy", insurerName: "АО «СОГАЗ»" });
    expect(body.changes.addPatient2.refusal).not.toBeNull();
  });

  it("shows the program's procedure to an account with a contract on it, and 404 to others", async () => {
    const client = await signedInClient();
    const other = await signedInClient();
    const contract = await contractFor([asPerson(client, 1)]);
    const res = await get(client.cookie, `/api/programs/${contract.program.id}/procedure`);
    expect(res.statusCode).toBe(200);
    expect(res.json().procedureHtml).toContain("<strong>8 (800) 770-70-94</strong>");
    const refused = await get(other.cookie, `/api/programs/${contract.program.id}/procedure`);
    expect(refused.statusCode).toBe(404);
  });
});

describe("adding «Пациент 2»", () => {
  it("adds the second patient on the day before the start date", async () => {
    const client = await signedInClient();
    const contract = await contractFor([asPerson(client, 1)], { startsOn: daysFromToday(1) });
    const before = (await get(client.cookie, `/api/contracts/${contract.id}`)).json();
    expect(before.changes.addPatient2).toEqual({ allowed: true, refusal: null });

    const res = await post(client.cookie, `/api/contracts/${contract.id}/persons`, {
      ...secondPatient,
      phone: "+7 (916) 555-44-33",
      email: "Renata@Example.ru",
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.persons).toHaveLength(2);
    expect(body.persons[1]).toEqual({
      slot: 2,
      lastName: "Соколова",
      firstName: "Рената",
      patronymic: "Саяровна",
    });
    expect(body.changes.addPatient2).toEqual({ allowed: false, refusal: "slot-taken" });
  });

  it("refuses on the start date and after it, naming the date", async () => {
    const client = await signedInClient();
    for (const startsOn of [today(), daysFromToday(-1)]) {
      const contract = await contractFor([asPerson(client, 1)], { startsOn });
      const res = await post(client.cookie, `/api/contracts/${contract.id}/persons`, secondPatient);
      expect(res.statusCode).toBe(409);
      expect(res.json().detail).toContain(
        `до начала действия сертификата (${formatRuDate(startsOn)})`,
      );
      const detail = (await get(client.cookie, `/api/contracts/${contract.id}`)).json();
      expect(detail.persons).toHaveLength(1);
      expect(detail.changes.addPatient2.refusal).toBe("started");
    }
  });

  it("lets «Пациент 2» see the contract read-only and refuses their change", async () => {
    const patient1 = await signedInClient();
    const patient2 = await signedInClient();
    const contract = await contractFor([asPerson(patient1, 1), asPerson(patient2, 2)]);
    const detail = (await get(patient2.cookie, `/api/contracts/${contract.id}`)).json();
    expect(detail.changes).toEqual({
      addPatient2: { allowed: false, refusal: "not-patient-1" },
      replacePatient1: { allowed: false, refusal: "not-patient-1" },
    });
    const res = await post(
      patient2.cookie,
      `/api/contracts/${contract.id}/replacement-requests`,
      replacement,
    );
    expect(res.statusCode).toBe(403);
    expect(res.json().detail).toContain("только «Пациент 1»");
  });

  it("refuses «Пациент 2» to add a person, even where a future contract allows changes", async () => {
    const patient1 = await signedInClient();
    const viewer = await signedInClient();
    const contract = await contractFor([
      asPerson(patient1, 1),
      { ...stranger(2), phone: viewer.phone },
    ]);
    const res = await post(viewer.cookie, `/api/contracts/${contract.id}/persons`, secondPatient);
    expect(res.statusCode).toBe(403);
    expect(res.json().detail).toContain("только «Пациент 1»");
  });

  it("refuses on a program that covers one person", async () => {
    const client = await signedInClient();
    const contract = await contractFor([asPerson(client, 1)], { maxPersons: 1 });
    const res = await post(client.cookie, `/api/contracts/${contract.id}/persons`, secondPatient);
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toContain("рассчитана на одного человека");
  });

  it("refuses when «Пациент 2» is already there", async () => {
    const client = await signedInClient();
    const contract = await contractFor([asPerson(client, 1), stranger(2)]);
    const res = await post(client.cookie, `/api/contracts/${contract.id}/persons`, secondPatient);
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toContain("уже указан");
  });

  it("names the failing fields in Russian and adds nobody", async () => {
    const client = await signedInClient();
    const contract = await contractFor([asPerson(client, 1)]);
    const res = await post(client.cookie, `/api/contracts/${contract.id}/persons`, {
      ...secondPatient,
      patronymic: "",
      birthDate: "31.02.1990",
      phone: "123",
      email: "not-an-email",
    });
    expect(res.statusCode).toBe(400);
    const fields = res.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(["birthDate", "phone", "email"]));
    const noPatronymic = await post(client.cookie, `/api/contracts/${contract.id}/persons`, {
      ...secondPatient,
      patronymic: "",
    });
    expect(noPatronymic.json().errors).toEqual([
      { field: "patronymic", message: "Введите отчество или отметьте «Нет отчества»" },
    ]);
    const detail = (await get(client.cookie, `/api/contracts/${contract.id}`)).json();
    expect(detail.persons).toHaveLength(1);
  });
});

describe("requesting to replace «Пациент 1»", () => {
  it("sends one request, shows it as pending and refuses a second one", async () => {
    const client = await signedInClient();
    const contract = await contractFor([asPerson(client, 1)], { startsOn: daysFromToday(1) });
    const url = `/api/contracts/${contract.id}/replacement-requests`;
    const res = await post(client.cookie, url, replacement);
    expect(res.statusCode).toBe(201);
    expect(res.json().replacementRequest).toMatchObject({
      status: "pending",
      lastName: "Новиков",
      firstName: "Пётр",
      patronymic: null,
      decisionComment: null,
    });
    expect(res.json().changes.replacePatient1).toEqual({
      allowed: false,
      refusal: "request-pending",
    });
    const [stored] = await t.database.db
      .select()
      .from(replacementRequests)
      .where(eq(replacementRequests.contractId, contract.id));
    expect(stored).toMatchObject({
      phone: "+79161234567",
      email: "petr@example.ru",
      reason: replacement.reason,
      clientId: client.id,
      personId: contract.personIds[0],
    });

    const again = await post(client.cookie, url, replacement);
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toMatch(/^Заявка уже отправлена/);
  });

  it("shows a decided request with its comment and allows a new one", async () => {
    const client = await signedInClient();
    const contract = await contractFor([asPerson(client, 1)]);
    const url = `/api/contracts/${contract.id}/replacement-requests`;
    await post(client.cookie, url, replacement);
    await t.database.db
      .update(replacementRequests)
      .set({ status: "rejected", decidedAt: new Date(), decisionComment: "Нужен паспорт" })
      .where(eq(replacementRequests.contractId, contract.id));
    const detail = (await get(client.cookie, `/api/contracts/${contract.id}`)).json();
    expect(detail.replacementRequest).toMatchObject({
      status: "rejected",
      decisionComment: "Нужен паспорт",
    });
    expect(detail.changes.replacePatient1.allowed).toBe(true);
    expect((await post(client.cookie, url, replacement)).statusCode).toBe(201);
  });

  it("refuses a request on the start date and one without a reason", async () => {
    const client = await signedInClient();
    const started = await contractFor([asPerson(client, 1)], { startsOn: today() });
    const late = await post(
      client.cookie,
      `/api/contracts/${started.id}/replacement-requests`,
      replacement,
    );
    expect(late.statusCode).toBe(409);

    const future = await contractFor([asPerson(client, 1)]);
    const noReason = await post(client.cookie, `/api/contracts/${future.id}/replacement-requests`, {
      ...replacement,
      reason: "  ",
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors).toEqual([
      { field: "reason", message: "Укажите причину замены" },
    ]);
  });
});

describe("print and PDF", () => {
  it("gives the print data with the phones and a QR code that leads to the verification page", async () => {
    const client = await signedInClient();
    const contract = await contractFor([asPerson(client, 1)]);
    const res = await get(client.cookie, `/api/contracts/${contract.id}/print`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    // PUBLIC_ORIGIN is unset here, so the link leads to the address the request was sent to
    // (app.inject sends `Host: localhost:80`).
    expect(body.verifyUrl).toBe(
      `http://localhost:80/verify?number=${encodeURIComponent(contract.number)}`,
    );
    expect(body.qrSvg).toMatch(/^<svg/);
    expect(body.phones.map((p: { display: string }) => p.display)).toContain("8 (800) 770-70-94");
    expect(body.persons[0]).toMatchObject({ slot: 1, birthDate: client.birthDate });
  });

  it("downloads a PDF whose text holds the number, the program and the person", async () => {
    const client = await signedInClient();
    const contract = await contractFor([asPerson(client, 1)], {
      programName: `Позвони Врачу плюс ${randomInt(1e6)}`,
    });
    const res = await get(client.cookie, `/api/contracts/${contract.id}/certificate.pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("application/pdf");
    expect(res.headers["content-disposition"]).toBe(
      `attachment; filename="certificate-${contract.number.replace("/", "-")}.pdf"`,
    );
    const pdf = await getDocumentProxy(new Uint8Array(res.rawPayload));
    const { text } = await extractText(pdf, { mergePages: true });
    expect(text).toContain(contract.number);
    expect(text).toContain(contract.program.name);
    expect(text).toContain(client.lastName);
    expect(text).toContain("8 (800) 770-70-94");
  });
});
