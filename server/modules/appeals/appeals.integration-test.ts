import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { staffMembers } from "../../db/schema/index.ts";
import { setupTestApp } from "../../test/build-test-app.ts";
import { createTestContract, createTestProgram } from "../../test/contract-factories.ts";
import {
  createTestClient,
  createTestStaff,
  signInClient,
  signInStaff,
  type TestStaff,
  uniquePhone,
} from "../../test/factories.ts";
import { insertServiceType } from "./service-types.repository.ts";

// «Обращения»: what the staff record on a contract card, and the service types they record them
// with.
const t = setupTestApp();

let operator: TestStaff;
let doctor: TestStaff;
let admin: TestStaff;
let operatorCookie: string;
let doctorCookie: string;
let adminCookie: string;
let contract: { id: string; number: string; personIds: string[] };
let serviceTypeId: string;

const asStaff = (cookie: string) => ({ rms_staff_session: cookie });

beforeAll(async () => {
  const db = t.database.db;
  operator = await createTestStaff(db, "operator");
  doctor = await createTestStaff(db, "doctor", "Врачев Пётр Ильич");
  admin = await createTestStaff(db, "admin");
  operatorCookie = await signInStaff(t.app, operator);
  doctorCookie = await signInStaff(t.app, doctor);
  adminCookie = await signInStaff(t.app, admin);
  const program = await createTestProgram(db, { name: "Позвони Врачу тест", maxPersons: 2 });
  contract = await createTestContract(db, {
    programId: program.id,
    startsOn: "2026-03-01",
    endsOn: "2027-02-28",
    persons: [
      {
        slot: 1,
        lastName: "Семёнов",
        firstName: "Аркадий",
        patronymic: "Львович",
        birthDate: "1979-06-02",
        phone: uniquePhone(),
        email: "semenov@example.ru",
      },
      { slot: 2, lastName: "Семёнова", firstName: "Ольга", birthDate: "1981-01-20" },
    ],
  });
  const type = await insertServiceType(db, "Консультация врача по телефону (тест)");
  if (!type) throw new Error("no service type");
  serviceTypeId = type.id;
});

/** A contract of its own for a test that counts or orders appeals. */
async function freshContract() {
  const db = t.database.db;
  const program = await createTestProgram(db);
  return createTestContract(db, {
    programId: program.id,
    startsOn: "2026-01-01",
    endsOn: "2026-12-31",
    persons: [{ slot: 1, lastName: "Обращенцев", firstName: "Глеб", birthDate: "1985-05-05" }],
  });
}

function addAppeal(contractId: string, body: Record<string, unknown>, cookie: string) {
  return t.app.inject({
    method: "POST",
    url: `/api/staff/contracts/${contractId}/appeals`,
    cookies: asStaff(cookie),
    payload: body,
  });
}

async function cardAppeals(contractId: string) {
  const card = await t.app.inject({
    method: "GET",
    url: `/api/staff/contracts/${contractId}`,
    cookies: asStaff(operatorCookie),
  });
  expect(card.statusCode).toBe(200);
  return card.json().appeals as { id: string; outcome: string; serviceTypeName: string }[];
}

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3600_000).toISOString();

describe("adding an appeal", () => {
  const base = () => ({
    serviceTypeId,
    personId: contract.personIds[1],
    channel: "phone",
    occurredAt: new Date(Date.now() - 3600_000).toISOString(),
    outcome: "Дана консультация, рекомендован приём терапевта.",
  });

  async function add(body: Record<string, unknown>, cookie = operatorCookie) {
    return t.app.inject({
      method: "POST",
      url: `/api/staff/contracts/${contract.id}/appeals`,
      cookies: asStaff(cookie),
      payload: body,
    });
  }

  it("records the signed-in doctor when a doctor adds an appeal without naming one", async () => {
    const res = await add(base(), doctorCookie);
    expect(res.statusCode).toBe(201);
    expect(res.json().appeal).toMatchObject({
      doctorName: "Врачев Пётр Ильич",
      personName: "Семёнова Ольга",
      channel: "phone",
      serviceTypeName: "Консультация врача по телефону (тест)",
    });
    const card = await t.app.inject({
      method: "GET",
      url: `/api/staff/contracts/${contract.id}`,
      cookies: asStaff(operatorCookie),
    });
    expect(card.json().appeals[0].id).toBe(res.json().appeal.id);
  });

  it("asks an operator to choose the doctor", async () => {
    const res = await add(base());
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ field: "doctorId", message: "Выберите врача" }]);
    const named = await add({ ...base(), doctorId: doctor.id });
    expect(named.statusCode).toBe(201);
  });

  it("refuses an operator named as the doctor, a person of another contract and an archived type", async () => {
    const db = t.database.db;
    const program = await createTestProgram(db);
    const other = await createTestContract(db, {
      programId: program.id,
      startsOn: "2026-01-01",
      endsOn: "2026-12-31",
      persons: [{ slot: 1, lastName: "Чужой", firstName: "Иван", birthDate: "1970-01-01" }],
    });
    const archived = await insertServiceType(db, "Старый вид услуги");
    await t.app.inject({
      method: "PATCH",
      url: `/api/staff/service-types/${archived?.id}`,
      cookies: asStaff(await signInStaff(t.app, await createTestStaff(db, "admin"))),
      payload: { archived: true },
    });
    const res = await add({
      ...base(),
      doctorId: operator.id,
      personId: other.personIds[0],
      serviceTypeId: archived?.id,
    });
    expect(res.statusCode).toBe(400);
    expect(
      res
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(["doctorId", "personId", "serviceTypeId"]);
  });

  it("refuses a moment in the future, an empty outcome, an outcome over 2000 characters and an unknown channel", async () => {
    const future = await add({
      ...base(),
      doctorId: doctor.id,
      occurredAt: new Date(Date.now() + 3600_000).toISOString(),
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().errors[0]).toEqual({
      field: "occurredAt",
      message: "Дата и время обращения не могут быть в будущем",
    });

    const empty = await add({ ...base(), doctorId: doctor.id, outcome: "   " });
    expect(empty.json().errors[0]).toMatchObject({
      field: "outcome",
      message: "Опишите результат обращения",
    });

    const long = await add({ ...base(), doctorId: doctor.id, outcome: "а".repeat(2001) });
    expect(long.statusCode).toBe(400);
    expect(long.json().errors[0].message).toBe("Не длиннее 2000 символов");

    const channel = await add({ ...base(), doctorId: doctor.id, channel: "fax" });
    expect(channel.statusCode).toBe(400);
    expect(channel.json().errors[0].field).toBe("channel");
  });
});

describe("service types", () => {
  it("lets an admin add, rename and archive a type; the appeal list then leaves it out", async () => {
    const created = await t.app.inject({
      method: "POST",
      url: "/api/staff/service-types",
      cookies: asStaff(adminCookie),
      payload: { name: "Вызов врача на дом" },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().serviceType.id;
    const renamed = await t.app.inject({
      method: "PATCH",
      url: `/api/staff/service-types/${id}`,
      cookies: asStaff(adminCookie),
      payload: { name: "Вызов врача на дом (Москва)" },
    });
    expect(renamed.json().serviceType.name).toBe("Вызов врача на дом (Москва)");
    await t.app.inject({
      method: "PATCH",
      url: `/api/staff/service-types/${id}`,
      cookies: asStaff(adminCookie),
      payload: { archived: true },
    });
    const offered = await t.app.inject({
      method: "GET",
      url: "/api/staff/service-types",
      cookies: asStaff(operatorCookie),
    });
    expect(offered.json().serviceTypes.map((s: { id: string }) => s.id)).not.toContain(id);
    const all = await t.app.inject({
      method: "GET",
      url: "/api/staff/service-types?includeArchived=true",
      cookies: asStaff(operatorCookie),
    });
    expect(all.json().serviceTypes.find((s: { id: string }) => s.id === id)).toMatchObject({
      archived: true,
    });
  });

  it("answers 409 on the name field for a duplicate, also on rename", async () => {
    const add = (name: string) =>
      t.app.inject({
        method: "POST",
        url: "/api/staff/service-types",
        cookies: asStaff(adminCookie),
        payload: { name },
      });
    await add("Запись в клинику");
    const dup = await add("запись в клинику");
    expect(dup.statusCode).toBe(409);
    expect(dup.json().errors[0]).toEqual({
      field: "name",
      message: "Вид услуги с таким названием уже есть.",
    });
    const other = await add("Расшифровка анализов");
    const rename = await t.app.inject({
      method: "PATCH",
      url: `/api/staff/service-types/${other.json().serviceType.id}`,
      cookies: asStaff(adminCookie),
      payload: { name: "Запись в клинику" },
    });
    expect(rename.statusCode).toBe(409);
  });

  it("refuses an operator with 403", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/staff/service-types",
      cookies: asStaff(operatorCookie),
      payload: { name: "Операторский вид" },
    });
    expect(res.statusCode).toBe(403);
  });
});

describe("the appeal form's answers", () => {
  it("names every missing field in Russian and records nothing", async () => {
    const own = await freshContract();
    const res = await addAppeal(own.id, {}, operatorCookie);
    expect(res.statusCode).toBe(400);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    const errors = res.json().errors as { field: string; message: string }[];
    expect(errors).toEqual(
      expect.arrayContaining([
        { field: "serviceTypeId", message: "Выберите вид услуги" },
        { field: "personId", message: "Выберите обслуживаемое лицо" },
        { field: "channel", message: "Выберите канал обращения" },
        { field: "occurredAt", message: "Укажите дату и время обращения" },
        { field: "outcome", message: "Опишите результат обращения" },
      ]),
    );
    expect(await cardAppeals(own.id)).toEqual([]);
  });

  it("refuses a disabled doctor as the one who handled the appeal", async () => {
    const own = await freshContract();
    const gone = await createTestStaff(t.database.db, "doctor", "Уволенный Семён Ильич");
    await t.database.db
      .update(staffMembers)
      .set({ disabledAt: new Date() })
      .where(eq(staffMembers.id, gone.id));
    const res = await addAppeal(
      own.id,
      {
        serviceTypeId,
        personId: own.personIds[0],
        doctorId: gone.id,
        channel: "chat",
        occurredAt: hoursAgo(1),
        outcome: "Консультация в чате.",
      },
      operatorCookie,
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ field: "doctorId", message: "Выберите врача из списка" }]);
    expect(await cardAppeals(own.id)).toEqual([]);
  });

  it("answers 404 in Russian for a contract that does not exist", async () => {
    const res = await addAppeal(
      "6f1c1d6e-0000-4000-8000-000000000000",
      {
        serviceTypeId,
        personId: contract.personIds[0],
        doctorId: doctor.id,
        channel: "phone",
        occurredAt: hoursAgo(1),
        outcome: "Дана консультация.",
      },
      operatorCookie,
    );
    expect(res.statusCode).toBe(404);
    expect(res.json().detail).toBe("Такого договора нет.");
  });
});

describe("who may record an appeal", () => {
  it("lets an admin record one for a named doctor and shows the admin as its author", async () => {
    const own = await freshContract();
    const res = await addAppeal(
      own.id,
      {
        serviceTypeId,
        personId: own.personIds[0],
        doctorId: doctor.id,
        channel: "clinic",
        occurredAt: hoursAgo(2),
        outcome: "Записан на приём в клинику.",
      },
      adminCookie,
    );
    expect(res.statusCode).toBe(201);
    expect(res.json().appeal).toMatchObject({
      doctorName: "Врачев Пётр Ильич",
      createdByName: admin.fullName,
      personName: "Обращенцев Глеб",
      channel: "clinic",
    });
  });

  it("refuses a signed-out caller, a client's session and a disabled staff member with 401, recording nothing", async () => {
    const own = await freshContract();
    const body = {
      serviceTypeId,
      personId: own.personIds[0],
      doctorId: doctor.id,
      channel: "phone",
      occurredAt: hoursAgo(1),
      outcome: "Дана консультация.",
    };
    const anonymous = await t.app.inject({
      method: "POST",
      url: `/api/staff/contracts/${own.id}/appeals`,
      payload: body,
    });
    expect(anonymous.statusCode).toBe(401);

    const client = await createTestClient(t.database.db);
    const clientToken = await signInClient(t.app, client);
    const clientCookies: Record<string, string>[] = [
      { rms_session: clientToken },
      { rms_staff_session: clientToken },
    ];
    for (const cookies of clientCookies) {
      const res = await t.app.inject({
        method: "POST",
        url: `/api/staff/contracts/${own.id}/appeals`,
        cookies,
        payload: body,
      });
      expect(res.statusCode).toBe(401);
    }

    const leaving = await createTestStaff(t.database.db, "operator");
    const leavingCookie = await signInStaff(t.app, leaving);
    await t.database.db
      .update(staffMembers)
      .set({ disabledAt: new Date() })
      .where(eq(staffMembers.id, leaving.id));
    const disabled = await addAppeal(own.id, body, leavingCookie);
    expect(disabled.statusCode).toBe(401);
    expect(disabled.json().title).toBe("Требуется вход");

    expect(await cardAppeals(own.id)).toEqual([]);
  });
});

describe("the appeals on a contract card", () => {
  it("lists them newest first by when they happened, whatever order they were recorded in", async () => {
    const own = await freshContract();
    const personId = own.personIds[0];
    const record = (occurredAt: string, outcome: string) =>
      addAppeal(
        own.id,
        { serviceTypeId, personId, channel: "phone", occurredAt, outcome },
        doctorCookie,
      );
    expect((await record(hoursAgo(48), "Позавчера: консультация")).statusCode).toBe(201);
    expect((await record(hoursAgo(1), "Сегодня: расшифровка анализов")).statusCode).toBe(201);
    expect((await record(hoursAgo(24), "Вчера: запись в клинику")).statusCode).toBe(201);
    expect((await cardAppeals(own.id)).map((appeal) => appeal.outcome)).toEqual([
      "Сегодня: расшифровка анализов",
      "Вчера: запись в клинику",
      "Позавчера: консультация",
    ]);
  });

  it("keeps the name of a type archived after an appeal was recorded with it, and offers the type no more", async () => {
    const own = await freshContract();
    const type = await insertServiceType(t.database.db, `Вызов скорой ${own.number}`);
    if (!type) throw new Error("no service type");
    const added = await addAppeal(
      own.id,
      {
        serviceTypeId: type.id,
        personId: own.personIds[0],
        channel: "callback",
        occurredAt: hoursAgo(3),
        outcome: "Вызвана бригада.",
      },
      doctorCookie,
    );
    expect(added.statusCode).toBe(201);
    const archived = await t.app.inject({
      method: "PATCH",
      url: `/api/staff/service-types/${type.id}`,
      cookies: asStaff(adminCookie),
      payload: { archived: true },
    });
    expect(archived.json().serviceType.archived).toBe(true);

    expect((await cardAppeals(own.id)).map((appeal) => appeal.serviceTypeName)).toEqual([
      `Вызов скорой ${own.number}`,
    ]);
    const again = await addAppeal(
      own.id,
      {
        serviceTypeId: type.id,
        personId: own.personIds[0],
        channel: "callback",
        occurredAt: hoursAgo(2),
        outcome: "Повторный вызов.",
      },
      doctorCookie,
    );
    expect(again.statusCode).toBe(400);
    expect(again.json().errors).toEqual([
      { field: "serviceTypeId", message: "Выберите вид услуги из списка" },
    ]);
  });
});

describe("who may keep the service types", () => {
  it("lets every staff role read the offered types, and nobody signed out", async () => {
    for (const cookie of [operatorCookie, doctorCookie, adminCookie]) {
      const res = await t.app.inject({
        method: "GET",
        url: "/api/staff/service-types",
        cookies: asStaff(cookie),
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().serviceTypes.map((s: { id: string }) => s.id)).toContain(serviceTypeId);
    }
    const anonymous = await t.app.inject({ method: "GET", url: "/api/staff/service-types" });
    expect(anonymous.statusCode).toBe(401);
  });

  it("refuses a doctor and an operator the admin's changes with 403 and says who may", async () => {
    for (const cookie of [doctorCookie, operatorCookie]) {
      const add = await t.app.inject({
        method: "POST",
        url: "/api/staff/service-types",
        cookies: asStaff(cookie),
        payload: { name: "Не админский вид" },
      });
      expect(add.statusCode).toBe(403);
      expect(add.json().detail).toBe("Виды услуг изменяет только администратор.");
      const rename = await t.app.inject({
        method: "PATCH",
        url: `/api/staff/service-types/${serviceTypeId}`,
        cookies: asStaff(cookie),
        payload: { name: "Переименованный не админом" },
      });
      expect(rename.statusCode).toBe(403);
    }
    const list = await t.app.inject({
      method: "GET",
      url: "/api/staff/service-types?includeArchived=true",
      cookies: asStaff(adminCookie),
    });
    const names = list.json().serviceTypes.map((s: { name: string }) => s.name);
    expect(names).not.toContain("Не админский вид");
    expect(names).toContain("Консультация врача по телефону (тест)");
  });

  it("answers an empty name and an empty change with 400 in Russian, and an unknown type with 404", async () => {
    const empty = await t.app.inject({
      method: "POST",
      url: "/api/staff/service-types",
      cookies: asStaff(adminCookie),
      payload: { name: "   " },
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors).toEqual([{ field: "name", message: "Введите название" }]);

    const nothing = await t.app.inject({
      method: "PATCH",
      url: `/api/staff/service-types/${serviceTypeId}`,
      cookies: asStaff(adminCookie),
      payload: {},
    });
    expect(nothing.statusCode).toBe(400);
    expect(nothing.json().errors[0].message).toBe("Нечего изменять");

    const unknown = await t.app.inject({
      method: "PATCH",
      url: "/api/staff/service-types/6f1c1d6e-0000-4000-8000-000000000000",
      cookies: asStaff(adminCookie),
      payload: { archived: true },
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().detail).toBe("Такого вида услуги нет.");
  });
});
