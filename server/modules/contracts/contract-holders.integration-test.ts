import { randomInt } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { LightMyRequestResponse } from "fastify";
import { describe, expect, it } from "vitest";
import { formatRuDate, todayInMoscow } from "../../../common/format/date.ts";
import { appeals, contractHolders, serviceTypes, staffAuditLog } from "../../db/schema/index.ts";
import { DEMO_PASSWORD, demoClient, seedDemo } from "../../db/seed.ts";
import { setupTestApp } from "../../test/build-test-app.ts";
import {
  createTestContract,
  createTestProgram,
  type TestPerson,
  uniqueCertificateNumber,
} from "../../test/contract-factories.ts";
import {
  createTestClient,
  createTestStaff,
  latestSms,
  latestSmsCode,
  signInClient,
  signInStaff,
  uniquePhone,
} from "../../test/factories.ts";
import { turnOffQuietHours } from "../../test/notification-fixtures.ts";
import { nextIsoDate } from "../calendar/calendar-days.ts";
import { LINK_FAILURE_LIMIT, LINK_IP_FAILURE_LIMIT } from "./contract-links.service.ts";

const t = setupTestApp();

const LETTERS = "абвгдежзиклмнопрстуфхцчшэюя";
function uniqueSurname(base = "Тёзкин"): string {
  let suffix = "";
  for (let i = 0; i < 8; i += 1) suffix += LETTERS[randomInt(LETTERS.length)];
  return `${base}${suffix}`;
}

/** Each request from its own address, unless a test means one: the per-IP limit is shared. */
function someIp(): string {
  return `198.51.${randomInt(256)}.${randomInt(1, 255)}`;
}

const daysFromToday = (days: number) => nextIsoDate(todayInMoscow(), days);

interface Account {
  id: string;
  phone: string;
  password: string;
  cookie: string;
}

async function account(
  name: { lastName: string; firstName?: string; patronymic?: string; birthDate?: string } = {
    lastName: uniqueSurname(),
  },
): Promise<Account> {
  const client = await createTestClient(t.database.db, {
    lastName: name.lastName,
    firstName: name.firstName ?? "Анна",
    patronymic: name.patronymic ?? "Сергеевна",
    birthDate: name.birthDate ?? "1990-03-15",
  });
  return { ...client, cookie: await signInClient(t.app, client) };
}

async function contractOf(
  persons: TestPerson[],
  options: { startsOn?: string; maxPersons?: number } = {},
) {
  const program = await createTestProgram(t.database.db, { maxPersons: options.maxPersons ?? 2 });
  return createTestContract(t.database.db, {
    programId: program.id,
    startsOn: options.startsOn ?? daysFromToday(10),
    endsOn: daysFromToday(375),
    persons,
  });
}

function get(cookie: string, url: string) {
  return t.app.inject({ method: "GET", url, cookies: { rms_session: cookie } });
}

function post(cookie: string, url: string, payload: object, ip = someIp()) {
  return t.app.inject({
    method: "POST",
    url,
    payload,
    cookies: { rms_session: cookie },
    remoteAddress: ip,
  });
}

function link(who: Account, number: string, birthDate: string, ip = someIp()) {
  return post(who.cookie, "/api/contracts/links", { number, birthDate }, ip);
}

async function visibleIds(who: Account): Promise<string[]> {
  const res = await get(who.cookie, "/api/contracts");
  expect(res.statusCode).toBe(200);
  return res.json().contracts.map((contract: { id: string }) => contract.id);
}

async function staffCookies(role: "operator" | "doctor" | "admin") {
  const staff = await createTestStaff(t.database.db, role);
  return { staff, cookies: { rms_staff_session: await signInStaff(t.app, staff) } };
}

async function addAppeal(contractId: string, personId: string, outcome: string) {
  const doctor = await createTestStaff(t.database.db, "doctor");
  const [type] = await t.database.db
    .insert(serviceTypes)
    .values({ name: `Консультация ${randomInt(1e9)}` })
    .returning({ id: serviceTypes.id });
  if (!type) throw new Error("no service type");
  await t.database.db.insert(appeals).values({
    contractId,
    personId,
    serviceTypeId: type.id,
    doctorId: doctor.id,
    createdById: doctor.id,
    channel: "phone",
    occurredAt: new Date("2026-05-05T10:00:00Z"),
    outcome,
  });
}

async function holderSources(contractId: string): Promise<Record<string, string>> {
  const rows = await t.database.db
    .select({ clientId: contractHolders.clientId, source: contractHolders.source })
    .from(contractHolders)
    .where(eq(contractHolders.contractId, contractId));
  return Object.fromEntries(rows.map((row) => [row.clientId, row.source]));
}

describe("namesakes", () => {
  it("two accounts with the same name and birth date see only their own contract, appeals and print data until one links the other's by number and birth date", async () => {
    const name = { lastName: uniqueSurname(), firstName: "Иван", patronymic: "Иванович" };
    const birthDate = "1985-04-12";
    const first = await account({ ...name, birthDate });
    const second = await account({ ...name, birthDate });
    const person = (phone: string): TestPerson => ({ slot: 1, ...name, birthDate, phone });
    const firstContract = await contractOf([person(first.phone)]);
    const secondContract = await contractOf([person(second.phone)]);
    const [secondPersonId] = secondContract.personIds;
    if (!secondPersonId) throw new Error("no person");
    await addAppeal(secondContract.id, secondPersonId, "Направлен к неврологу");

    expect(await visibleIds(first)).toEqual([firstContract.id]);
    expect(await visibleIds(second)).toEqual([secondContract.id]);
    for (const path of ["", "/print", "/certificate.pdf"]) {
      const res = await get(first.cookie, `/api/contracts/${secondContract.id}${path}`);
      expect(res.statusCode, path).toBe(404);
      expect(res.body).not.toContain("неврологу");
      expect(res.body).not.toContain(secondContract.number);
    }
    const callback = await post(first.cookie, `/api/contracts/${secondContract.id}/callbacks`, {
      phone: first.phone,
      when: { kind: "asap" },
      personSlot: 1,
    });
    expect(callback.statusCode).toBe(404);

    const linked = await link(first, secondContract.number, formatRuDate(birthDate));
    expect(linked.statusCode).toBe(201);
    expect(linked.json().added.map((c: { number: string }) => c.number)).toEqual([
      secondContract.number,
    ]);
    expect((await visibleIds(first)).sort()).toEqual([firstContract.id, secondContract.id].sort());
    const detail = await get(first.cookie, `/api/contracts/${secondContract.id}`);
    expect(detail.json().appeals.map((a: { outcome: string }) => a.outcome)).toEqual([
      "Направлен к неврологу",
    ]);
    expect((await get(first.cookie, `/api/contracts/${secondContract.id}/print`)).statusCode).toBe(
      200,
    );
    expect(await visibleIds(second)).toEqual([secondContract.id]);
  });
});

describe("«Добавить договор»", () => {
  it("links a contract by its number without the series and the birth date of «Пациент 2», and again changes nothing", async () => {
    const holder = await account();
    const contract = await contractOf([
      { slot: 1, lastName: uniqueSurname("Чужой"), firstName: "Олег", birthDate: "1970-01-01" },
      { slot: 2, lastName: uniqueSurname("Чужая"), firstName: "Ольга", birthDate: "1972-02-02" },
    ]);
    const bare = contract.number.replace(/^\d+\//, "");
    const res = await link(holder, ` ${bare.slice(0, 4)} ${bare.slice(4)} `, "02.02.1972");
    expect(res.statusCode).toBe(201);
    expect(res.json().added[0]).toMatchObject({ id: contract.id, number: contract.number });
    expect(await holderSources(contract.id)).toEqual({ [holder.id]: "number" });
    expect((await link(holder, contract.number, "02.02.1972")).statusCode).toBe(201);
    expect(await visibleIds(holder)).toEqual([contract.id]);
  });

  it("answers the same Russian message for a wrong number and a wrong birth date, and never for a replaced person's date", async () => {
    const holder = await account();
    const contract = await contractOf([
      { slot: 1, lastName: uniqueSurname("Чужой"), firstName: "Олег", birthDate: "1970-01-01" },
    ]);
    const wrongNumber = await link(holder, uniqueCertificateNumber(), "01.01.1970");
    const wrongDate = await link(holder, contract.number, "02.01.1970");
    expect(wrongNumber.statusCode).toBe(404);
    expect(wrongDate.statusCode).toBe(404);
    const strip = (res: LightMyRequestResponse) => {
      const { requestId: _requestId, detail, ...rest } = res.json();
      return { ...rest, detail: detail.replace(/Осталось попыток: \d+\./, "") };
    };
    expect(strip(wrongNumber)).toEqual(strip(wrongDate));
    expect(wrongNumber.json().detail).toContain("Проверьте номер договора и дату рождения");
    expect(wrongDate.json().detail).toContain("Осталось попыток: 3.");

    const [personId] = contract.personIds;
    if (!personId) throw new Error("no person");
    await t.database.db.execute(
      // The person leaves the contract (as an import that names another one does).
      `update covered_persons set replaced_at = now() where id = '${personId}'`,
    );
    expect((await link(holder, contract.number, "01.01.1970")).statusCode).toBe(404);
    expect(await visibleIds(holder)).toEqual([]);
  });

  it("asks for the number and a real birth date in Russian", async () => {
    const holder = await account();
    const res = await link(holder, " ", "31.02.1990");
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual(
      expect.arrayContaining([
        { field: "number", message: "Введите номер договора" },
        { field: "birthDate", message: "Введите дату в формате дд.мм.гггг" },
      ]),
    );
  });

  it("refuses the sixth try within an hour with 429, Retry-After and the wait in Russian, even with the right data", async () => {
    const holder = await account();
    const contract = await contractOf([
      { slot: 1, lastName: uniqueSurname("Чужой"), firstName: "Олег", birthDate: "1970-01-01" },
    ]);
    for (let i = 0; i < LINK_FAILURE_LIMIT; i += 1) {
      expect((await link(holder, contract.number, "02.01.1970")).statusCode).toBe(404);
    }
    const refused = await link(holder, contract.number, "01.01.1970");
    expect(refused.statusCode).toBe(429);
    const wait = Number(refused.headers["retry-after"]);
    expect(wait).toBeGreaterThan(55 * 60);
    expect(wait).toBeLessThanOrEqual(60 * 60);
    expect(refused.json().title).toBe("Слишком много попыток");
    expect(refused.json().detail).toMatch(/Попробуйте через (59|60) мин\./);
    expect(await visibleIds(holder)).toEqual([]);
    // Another account is not held back by this one's tries.
    const other = await account();
    expect((await link(other, contract.number, "01.01.1970")).statusCode).toBe(201);
  });

  it("lets no more than five of many simultaneous wrong tries through to the check", async () => {
    const holder = await account();
    const answers = await Promise.all(
      Array.from({ length: 9 }, () => link(holder, uniqueCertificateNumber(), "01.01.1970")),
    );
    const codes = answers.map((res) => res.statusCode).sort();
    expect(codes.filter((code) => code === 404)).toHaveLength(LINK_FAILURE_LIMIT);
    expect(codes.filter((code) => code === 429)).toHaveLength(9 - LINK_FAILURE_LIMIT);
  });

  it("refuses a try from an address with too many wrong tries, whichever account sends it", async () => {
    const ip = someIp();
    let sent = 0;
    while (sent < LINK_IP_FAILURE_LIMIT) {
      const sender = await account();
      for (let i = 0; i < LINK_FAILURE_LIMIT && sent < LINK_IP_FAILURE_LIMIT; i += 1, sent += 1) {
        expect((await link(sender, uniqueCertificateNumber(), "01.01.1970", ip)).statusCode).toBe(
          404,
        );
      }
    }
    const fresh = await account();
    const refused = await link(fresh, uniqueCertificateNumber(), "01.01.1970", ip);
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
    expect((await link(fresh, uniqueCertificateNumber(), "01.01.1970")).statusCode).toBe(404);
  });
});

describe("links made by phone", () => {
  async function registerOver(phone: string) {
    const ip = someIp();
    const sent = await t.app.inject({
      method: "POST",
      url: "/api/auth/registration/code",
      payload: { phone },
      remoteAddress: ip,
    });
    expect(sent.statusCode).toBe(202);
    const code = await latestSmsCode(t.app, phone);
    const verified = await t.app.inject({
      method: "POST",
      url: "/api/auth/registration/verify",
      payload: { phone, code },
      remoteAddress: ip,
    });
    const documents = await t.app.inject({ method: "GET", url: "/api/legal/documents" });
    const res = await t.app.inject({
      method: "POST",
      url: "/api/auth/registration",
      remoteAddress: ip,
      payload: {
        ticket: verified.json().ticket,
        lastName: uniqueSurname("Новый"),
        firstName: "Пётр",
        patronymic: "Петрович",
        birthDate: "01.01.1980",
        email: `new.${randomInt(1e9)}@example.ru`,
        password: "Зелёный-чай-2026",
        acceptedDocuments: documents
          .json()
          .documents.map((d: { slug: string; version: number }) => ({
            slug: d.slug,
            version: d.version,
          })),
      },
    });
    expect(res.statusCode).toBe(201);
    const cookie = res.cookies.find((c) => c.name === "rms_session")?.value ?? "";
    return { id: res.json().client.id as string, cookie };
  }

  it("registering an account links the contracts on which its phone already is", async () => {
    const phone = uniquePhone();
    const contract = await contractOf([
      { slot: 1, lastName: uniqueSurname(), firstName: "Пётр", birthDate: "1980-01-01", phone },
    ]);
    const registered = await registerOver(phone);
    expect(await holderSources(contract.id)).toEqual({ [registered.id]: "phone" });
    const res = await get(registered.cookie, "/api/contracts");
    expect(res.json().contracts.map((c: { id: string }) => c.id)).toEqual([contract.id]);
  });

  it("an import by API links the account whose phone it brings, and does not link again after an operator unlinked it", async () => {
    const holder = await account();
    const program = await createTestProgram(t.database.db, { maxPersons: 1 });
    const { cookies } = await staffCookies("admin");
    const issued = await t.app.inject({
      method: "POST",
      url: "/api/staff/integration-tokens",
      cookies,
      payload: { name: "1С" },
    });
    const token = issued.json().token as string;
    const number = uniqueCertificateNumber();
    const item = (phone: string | null, email: string | null) => ({
      kind: "certificate",
      number,
      programCode: program.code,
      startsOn: "2026-03-01",
      endsOn: "2027-02-28",
      persons: [
        {
          slot: 1,
          lastName: uniqueSurname("Импортов"),
          firstName: "Пётр",
          patronymic: "Петрович",
          birthDate: "1979-05-20",
          phone,
          email,
        },
      ],
    });
    const send = (payload: object) =>
      t.app.inject({
        method: "POST",
        url: "/api/integration/contracts",
        headers: { authorization: `Bearer ${token}` },
        payload,
      });
    const base = item(null, null);
    expect((await send({ contracts: [base] })).statusCode).toBe(200);
    expect(await visibleIds(holder)).toEqual([]);
    const withPhone = { ...base, persons: [{ ...base.persons[0], phone: holder.phone }] };
    expect((await send({ contracts: [withPhone] })).statusCode).toBe(200);
    const [contractId] = await visibleIds(holder);
    if (!contractId) throw new Error("the import did not link the holder");
    expect(await holderSources(contractId)).toEqual({ [holder.id]: "phone" });

    const { cookies: operator } = await staffCookies("operator");
    const unlink = await t.app.inject({
      method: "DELETE",
      url: `/api/staff/contracts/${contractId}/holders/${holder.id}`,
      cookies: operator,
    });
    expect(unlink.statusCode).toBe(200);
    const sameAgain = {
      ...withPhone,
      persons: [{ ...withPhone.persons[0], email: "p@example.ru" }],
    };
    expect((await send({ contracts: [sameAgain] })).statusCode).toBe(200);
    expect(await visibleIds(holder)).toEqual([]);
  });

  it("a registry upload links the account whose phone is in the file", async () => {
    const holder = await account();
    const program = await createTestProgram(t.database.db, { maxPersons: 1 });
    const number = uniqueCertificateNumber();
    const csv = [
      "Тип;Номер;Страховая компания;Код программы;Начало;Окончание;Пациент;Фамилия;Имя;Отчество;Дата рождения;Телефон;E-mail",
      `Сертификат;${number};;${program.code};01.03.2026;28.02.2027;1;${uniqueSurname("Реестров")};Олег;;05.05.1990;${holder.phone};`,
    ].join("\n");
    const boundary = `----rms${randomInt(1e9)}`;
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="реестр.csv"\r\nContent-Type: text/csv\r\n\r\n`,
      ),
      Buffer.from(csv),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const { cookies } = await staffCookies("admin");
    const uploaded = await t.app.inject({
      method: "POST",
      url: "/api/staff/registry-imports",
      cookies,
      headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
      payload,
    });
    expect(uploaded.statusCode).toBe(201);
    const applied = await t.app.inject({
      method: "POST",
      url: `/api/staff/registry-imports/${uploaded.json().id}/apply`,
      cookies,
      payload: { mode: "all" },
    });
    expect(applied.statusCode).toBe(200);
    const res = await get(holder.cookie, "/api/contracts");
    expect(res.json().contracts.map((c: { number: string }) => c.number)).toEqual([number]);
  });

  it("adding «Пациент 2» with an account's phone links that account", async () => {
    const patient1 = await account();
    const patient2 = await account();
    const contract = await contractOf([
      {
        slot: 1,
        lastName: uniqueSurname(),
        firstName: "Анна",
        birthDate: "1990-03-15",
        phone: patient1.phone,
      },
    ]);
    const res = await post(patient1.cookie, `/api/contracts/${contract.id}/persons`, {
      lastName: "Соколова",
      firstName: "Рената",
      patronymic: "Саяровна",
      birthDate: "01.07.1992",
      phone: patient2.phone,
      email: "",
    });
    expect(res.statusCode).toBe(201);
    expect(await visibleIds(patient2)).toEqual([contract.id]);
    const detail = (await get(patient2.cookie, `/api/contracts/${contract.id}`)).json();
    expect(detail.changes.addPatient2.refusal).toBe("not-patient-1");
    expect(detail.changes.replacePatient1.refusal).toBe("not-patient-1");
  });
});

describe("an approved replacement of «Пациент 1»", () => {
  it("leaves the contract, its outcome and the SMS with the holder who asked, gives it to the new person by phone, and not to the replaced person's namesake", async () => {
    const name = { lastName: uniqueSurname(), firstName: "Анна", patronymic: "Сергеевна" };
    const holder = await account(name);
    // The decision SMS would wait for the end of the quiet hours at night (decision 0028).
    await turnOffQuietHours(t.database.db, holder.id);
    // Has the replaced person's name and birth date but no link: the old rule showed it the contract.
    const namesake = await account(name);
    const newcomer = await account();
    const contract = await contractOf([
      { slot: 1, ...name, birthDate: "1990-03-15", phone: holder.phone },
    ]);
    expect(await visibleIds(namesake)).toEqual([]);
    const requested = await post(
      holder.cookie,
      `/api/contracts/${contract.id}/replacement-requests`,
      {
        lastName: "Новикова",
        firstName: "Алёна",
        patronymic: "Петровна",
        birthDate: "02.02.1980",
        phone: newcomer.phone,
        email: "",
        reason: "Сертификат в подарок маме",
      },
    );
    expect(requested.statusCode).toBe(201);
    const other = await account();
    const viewOfOther = await get(other.cookie, `/api/contracts/${contract.id}`);
    expect(viewOfOther.statusCode).toBe(404);

    const { cookies } = await staffCookies("operator");
    const approved = await t.app.inject({
      method: "POST",
      url: `/api/staff/replacement-requests/${requested.json().replacementRequest.id}/approve`,
      cookies,
      payload: { comment: "Документы в порядке" },
    });
    expect(approved.statusCode).toBe(200);

    const page = await get(holder.cookie, `/api/contracts/${contract.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.json().replacementRequest).toMatchObject({
      status: "approved",
      lastName: "Новикова",
      decisionComment: "Документы в порядке",
    });
    expect(page.json().replacementRequest.decidedAt).not.toBeNull();
    expect(page.json().persons[0]).toMatchObject({ slot: 1, lastName: "Новикова" });
    // No longer «Пациент 1»: the holder sees the contract, changes are the new person's.
    expect(page.json().changes.replacePatient1.refusal).toBe("not-patient-1");
    expect(await latestSms(t.app, holder.phone)).toContain("одобрена");

    expect(await visibleIds(newcomer)).toEqual([contract.id]);
    const newcomerPage = (await get(newcomer.cookie, `/api/contracts/${contract.id}`)).json();
    expect(newcomerPage.replacementRequest).toBeNull();
    expect(await visibleIds(namesake)).toEqual([]);
    expect(await holderSources(contract.id)).toEqual({
      [holder.id]: "phone",
      [newcomer.id]: "phone",
    });
  });

  it("shows a rejected request with its reason to the holder who sent it", async () => {
    const holder = await account();
    const contract = await contractOf([
      {
        slot: 1,
        lastName: uniqueSurname(),
        firstName: "Анна",
        birthDate: "1990-03-15",
        phone: holder.phone,
      },
    ]);
    const requested = await post(
      holder.cookie,
      `/api/contracts/${contract.id}/replacement-requests`,
      {
        lastName: "Новиков",
        firstName: "Пётр",
        patronymic: "",
        noPatronymic: true,
        birthDate: "02.02.1980",
        phone: "",
        email: "",
        reason: "Подарок",
      },
    );
    const { cookies } = await staffCookies("operator");
    const rejected = await t.app.inject({
      method: "POST",
      url: `/api/staff/replacement-requests/${requested.json().replacementRequest.id}/reject`,
      cookies,
      payload: { comment: "Нужна копия паспорта" },
    });
    expect(rejected.statusCode).toBe(200);
    const page = (await get(holder.cookie, `/api/contracts/${contract.id}`)).json();
    expect(page.replacementRequest).toMatchObject({
      status: "rejected",
      decisionComment: "Нужна копия паспорта",
    });
    expect(page.changes.replacePatient1).toEqual({ allowed: true, refusal: null });
  });
});

describe("the console's holders", () => {
  it("lists the linked accounts on the card and unlinks one: audited, and the account loses the contract", async () => {
    const byPhone = await account();
    const byNumber = await account();
    const contract = await contractOf([
      {
        slot: 1,
        lastName: uniqueSurname(),
        firstName: "Анна",
        birthDate: "1990-03-15",
        phone: byPhone.phone,
      },
      { slot: 2, lastName: uniqueSurname(), firstName: "Олег", birthDate: "2015-06-01" },
    ]);
    expect((await link(byNumber, contract.number, "01.06.2015")).statusCode).toBe(201);
    const { staff, cookies } = await staffCookies("operator");
    const card = await t.app.inject({
      method: "GET",
      url: `/api/staff/contracts/${contract.id}`,
      cookies,
    });
    expect(card.json().holders).toEqual([
      expect.objectContaining({ clientId: byPhone.id, phone: byPhone.phone, source: "phone" }),
      expect.objectContaining({ clientId: byNumber.id, phone: byNumber.phone, source: "number" }),
    ]);
    expect(card.json().holders[0].fullName).toMatch(/ Анна Сергеевна$/);

    const { cookies: doctor } = await staffCookies("doctor");
    const refused = await t.app.inject({
      method: "DELETE",
      url: `/api/staff/contracts/${contract.id}/holders/${byNumber.id}`,
      cookies: doctor,
    });
    expect(refused.statusCode).toBe(403);

    const unlinked = await t.app.inject({
      method: "DELETE",
      url: `/api/staff/contracts/${contract.id}/holders/${byNumber.id}`,
      cookies,
    });
    expect(unlinked.statusCode).toBe(200);
    expect(unlinked.json().holders.map((h: { clientId: string }) => h.clientId)).toEqual([
      byPhone.id,
    ]);
    const [audit] = await t.database.db
      .select()
      .from(staffAuditLog)
      .where(and(eq(staffAuditLog.staffId, staff.id), eq(staffAuditLog.action, "contract.unlink")));
    expect(audit).toMatchObject({ subjectType: "contract", subjectId: contract.id });
    expect(audit?.details).toMatchObject({ clientId: byNumber.id, source: "number" });
    expect((await get(byNumber.cookie, `/api/contracts/${contract.id}`)).statusCode).toBe(404);
    expect(await visibleIds(byPhone)).toEqual([contract.id]);

    const again = await t.app.inject({
      method: "DELETE",
      url: `/api/staff/contracts/${contract.id}/holders/${byNumber.id}`,
      cookies,
    });
    expect(again.statusCode).toBe(404);
    expect(again.json().detail).toContain("уже не привязана");
  });
});

describe("the demo client", () => {
  it("sees its five contracts (its daughter's among them), and the console finds all five by its phone and 11/30117742 by the bare number", async () => {
    await seedDemo(t.database.db);
    const demo = await signInClient(t.app, {
      id: "",
      phone: demoClient.phone,
      password: DEMO_PASSWORD,
    });
    const list = await get(demo, "/api/contracts");
    const numbers = list
      .json()
      .contracts.map((c: { number: string }) => c.number)
      .sort();
    const all = ["001-ДМС-2026-004512", "11/22445568", "11/30117742", "11/30245190", "11/30388416"];
    expect(numbers).toEqual(all);

    const { cookies } = await staffCookies("operator");
    const search = (q: string) =>
      t.app.inject({
        method: "GET",
        url: `/api/staff/contracts?q=${encodeURIComponent(q)}`,
        cookies,
      });
    for (const q of ["+7 926 111-11-11", "89261111111"]) {
      const found = (await search(q)).json();
      expect(found.contracts.map((c: { number: string }) => c.number).sort(), q).toEqual(all);
    }
    const bare = (await search("30117742")).json();
    expect(bare.contracts.map((c: { number: string }) => c.number)).toEqual(["11/30117742"]);
  });
});
