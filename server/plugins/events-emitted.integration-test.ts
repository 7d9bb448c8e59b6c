import { addDays, addYears } from "date-fns";
import { beforeAll, describe, expect, it } from "vitest";
import { todayInMoscow } from "../../common/format/date.ts";
import { serviceTypes } from "../db/schema/index.ts";
import { setupTestApp } from "../test/build-test-app.ts";
import { createTestContract, createTestProgram } from "../test/contract-factories.ts";
import {
  createTestClient,
  createTestStaff,
  signInClient,
  signInStaff,
  type TestClient,
} from "../test/factories.ts";
import { type LiveEvent, listEventsAfter } from "./events.ts";

const t = setupTestApp();

let client: TestClient;
let clientCookie: string;
let doctorCookie: string;
let operatorCookie: string;
let contractId: string;
let personId: string;
let serviceTypeId: string;
let lastSeen = "0";

const everyRole = ["operator", "doctor", "admin"];

beforeAll(async () => {
  const db = t.database.db;
  client = await createTestClient(db, { lastName: "Орлова", birthDate: "1988-08-08" });
  clientCookie = await signInClient(t.app, client);
  doctorCookie = await signInStaff(t.app, await createTestStaff(db, "doctor"));
  operatorCookie = await signInStaff(t.app, await createTestStaff(db, "operator"));
  const program = await createTestProgram(db, { maxPersons: 2 });
  // Starting tomorrow: «Пациент 1» may still be replaced, and call-backs may be asked for.
  const tomorrow = addDays(new Date(`${todayInMoscow()}T12:00:00Z`), 1);
  const contract = await createTestContract(db, {
    programId: program.id,
    startsOn: tomorrow.toISOString().slice(0, 10),
    endsOn: addYears(tomorrow, 1).toISOString().slice(0, 10),
    persons: [
      {
        slot: 1,
        lastName: "Орлова",
        firstName: "Анна",
        patronymic: "Сергеевна",
        birthDate: "1988-08-08",
        phone: client.phone,
      },
    ],
  });
  contractId = contract.id;
  personId = contract.personIds[0] ?? "";
  const [type] = await db
    .insert(serviceTypes)
    .values({ name: "Консультация врача по телефону" })
    .returning({ id: serviceTypes.id });
  serviceTypeId = type?.id ?? "";
  lastSeen = (await newEvents()).at(-1)?.id ?? lastSeen;
});

/** The events committed since the last call, oldest first. */
async function newEvents(): Promise<LiveEvent[]> {
  const events = await listEventsAfter(t.database.db, lastSeen, 100);
  lastSeen = events.at(-1)?.id ?? lastSeen;
  // The notification centre's rows are written by handlers of these events (decision 0028), not
  // by the change itself, and come whenever the relay gets to them.
  return events.filter((event) => event.type !== "notification.created");
}

async function send(
  method: "POST",
  url: string,
  who: { rms_session: string } | { rms_staff_session: string },
  payload?: object,
) {
  const res = await t.app.inject({ method, url, cookies: who, payload });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.json();
}

const asClient = () => ({ rms_session: clientCookie });
const asStaff = (cookie: string) => ({ rms_staff_session: cookie });

describe("the events a change emits", () => {
  it("tells the client and every staff role of a call-back's life, and the appeal its closing records", async () => {
    const callback = await send("POST", `/api/contracts/${contractId}/callbacks`, asClient(), {
      phone: client.phone,
      when: { kind: "asap" },
      personSlot: 1,
      note: "",
    });
    const audience = { accountId: client.id, staffRoles: everyRole };
    expect(await newEvents()).toMatchObject([
      { type: "callback.requested", payload: { callbackId: callback.id, contractId }, audience },
    ]);
    await send("POST", `/api/staff/callbacks/${callback.id}/take`, asStaff(doctorCookie));
    const [taken] = await newEvents();
    expect(taken).toMatchObject({ type: "callback.taken", payload: { callbackId: callback.id } });
    expect(taken?.audience).toEqual(audience);
    await send("POST", `/api/staff/callbacks/${callback.id}/close`, asStaff(doctorCookie), {
      serviceTypeId,
      outcome: "Даны рекомендации",
    });
    const closing = await newEvents();
    expect(closing.map((event) => event.type)).toEqual(["appeal.created", "callback.closed"]);
    expect(closing[0]).toMatchObject({
      payload: { contractId },
      audience: { staffRoles: everyRole },
    });
    expect(closing[1]?.payload).toEqual({
      callbackId: callback.id,
      appealId: closing[0]?.payload.appealId,
    });

    const another = await send("POST", `/api/contracts/${contractId}/callbacks`, asClient(), {
      phone: client.phone,
      when: { kind: "asap" },
      personSlot: 1,
      note: "",
    });
    await send("POST", `/api/callbacks/${another.id}/cancel`, asClient());
    expect((await newEvents()).map((event) => event.type)).toEqual([
      "callback.requested",
      "callback.cancelled",
    ]);
  });

  it("emits nothing for a change that was refused", async () => {
    await send("POST", `/api/contracts/${contractId}/callbacks`, asClient(), {
      phone: client.phone,
      when: { kind: "asap" },
      personSlot: 1,
      note: "",
    });
    await newEvents();
    const again = await t.app.inject({
      method: "POST",
      url: `/api/contracts/${contractId}/callbacks`,
      cookies: asClient(),
      payload: { phone: client.phone, when: { kind: "asap" }, personSlot: 1, note: "" },
    });
    expect(again.statusCode).toBe(409);
    expect(await newEvents()).toEqual([]);
  });

  it("follows a message from the client's sending to its closing", async () => {
    const data = new FormData();
    data.append("email", "orlova@example.ru");
    data.append("message", "Нужна расшифровка анализа крови.");
    const request = new Request("http://localhost/", { method: "POST", body: data });
    const sent = await t.app.inject({
      method: "POST",
      url: `/api/contracts/${contractId}/messages`,
      cookies: asClient(),
      payload: Buffer.from(await request.arrayBuffer()),
      headers: { "content-type": request.headers.get("content-type") ?? "" },
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const messageId: string = sent.json().id;
    await send("POST", `/api/staff/messages/${messageId}/take`, asStaff(doctorCookie));
    const replied = await send(
      "POST",
      `/api/staff/messages/${messageId}/replies`,
      asStaff(doctorCookie),
      { body: "Анализ в норме." },
    );
    await send("POST", `/api/staff/messages/${messageId}/close`, asStaff(doctorCookie), {
      serviceTypeId,
      personId,
      outcome: "Расшифрован анализ крови",
    });
    const events = await newEvents();
    expect(events.map((event) => event.type)).toEqual([
      "message.sent",
      "message.taken",
      "message.replied",
      "appeal.created",
      "message.closed",
    ]);
    const replyId = replied.replies.at(-1)?.id;
    expect(events[2]?.payload).toEqual({ messageId, replyId });
    for (const event of events.filter((one) => one.type.startsWith("message."))) {
      expect(event.audience).toEqual({ accountId: client.id, staffRoles: everyRole });
    }
  });

  it("tells of a replacement request and of its decision", async () => {
    const asked = await send(
      "POST",
      `/api/contracts/${contractId}/replacement-requests`,
      asClient(),
      {
        lastName: "Новиков",
        firstName: "Пётр",
        patronymic: "",
        noPatronymic: true,
        birthDate: "02.02.1980",
        phone: "8 916 123-45-67",
        email: "petr@example.ru",
        reason: "Сертификат куплен в подарок отцу",
      },
    );
    const [requested] = await newEvents();
    expect(requested).toMatchObject({
      type: "replacement.requested",
      payload: { changeRequestId: asked.replacementRequest.id, contractId },
      audience: { accountId: client.id, staffRoles: everyRole },
    });
    await send(
      "POST",
      `/api/staff/replacement-requests/${asked.replacementRequest.id}/approve`,
      asStaff(operatorCookie),
      { comment: "" },
    );
    expect(await newEvents()).toMatchObject([
      {
        type: "replacement.decided",
        payload: { changeRequestId: asked.replacementRequest.id, decision: "approved" },
        audience: { accountId: client.id, staffRoles: everyRole },
      },
    ]);
  });
});
