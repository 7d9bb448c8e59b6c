import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { todayInMoscow } from "../../../common/format/date.ts";
import { createTestContract, createTestProgram } from "../../test/contract-factories.ts";
import {
  createTestClient,
  createTestStaff,
  signInClient,
  signInStaff,
} from "../../test/factories.ts";
import { liveData, openSse, type SseMessage, type SseStream } from "../../test/sse-client.ts";
import { type Instance, setupInstances } from "../../test/two-instances.ts";

/** A multipart body, as the browser's FormData sends it. */
async function form(fields: Record<string, string>) {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  const request = new Request("http://localhost/", { method: "POST", body: data });
  return {
    payload: Buffer.from(await request.arrayBuffer()),
    headers: { "content-type": request.headers.get("content-type") ?? "" },
  };
}

/**
 * «Чат с врачом» on two instances of one PostgreSQL database (only with TEST_DATABASE_URL): the
 * client on one, the doctor on the other, as a load balancer may place them.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)("a chat across two instances", () => {
  const instances = setupInstances();
  const streams: SseStream[] = [];
  let one: Instance;
  let two: Instance;
  beforeAll(() => {
    [one, two] = instances.list as [Instance, Instance];
  });
  afterAll(() => {
    for (const stream of streams) stream.close();
  });

  async function open(url: string, cookie: string): Promise<SseStream> {
    const stream = await openSse(url, { cookie });
    streams.push(stream);
    expect(stream.status).toBe(200);
    await stream.next((m) => m.event === "ready");
    return stream;
  }

  const live =
    (type: string, check: (payload: Record<string, unknown>) => boolean) => (m: SseMessage) =>
      m.event === "message" && liveData(m).type === type && check(liveData(m).payload);

  it("brings a client's message on A to the doctor's stream on B, and the doctor's typing and reply back", async () => {
    const db = one.database.db;
    const client = await createTestClient(db, { lastName: "Кравцова", birthDate: "1991-01-01" });
    const program = await createTestProgram(db, { includesChat: true });
    const year = Number(todayInMoscow().slice(0, 4));
    const contract = await createTestContract(db, {
      programId: program.id,
      startsOn: `${year - 1}-01-01`,
      endsOn: `${year + 1}-12-31`,
      persons: [
        {
          slot: 1,
          lastName: "Кравцова",
          firstName: "Анна",
          birthDate: "1991-01-01",
          phone: client.phone,
        },
      ],
    });
    const doctor = await createTestStaff(db, "doctor");
    const clientCookie = await signInClient(one.app, client);
    const doctorCookie = await signInStaff(two.app, doctor);
    const clientStream = await open(`${one.base}/api/events`, `rms_session=${clientCookie}`);
    const doctorStream = await open(
      `${two.base}/api/staff/events`,
      `rms_staff_session=${doctorCookie}`,
    );

    const started = await one.app.inject({
      method: "POST",
      url: "/api/chat/conversations",
      cookies: { rms_session: clientCookie },
      ...(await form({
        clientConversationId: randomUUID(),
        clientMessageId: randomUUID(),
        personId: contract.personIds[0] ?? "",
        body: "Здравствуйте!",
      })),
    });
    expect(started.statusCode, started.body).toBe(201);
    const id = started.json().id as string;
    const first = started.json().messages[0].id as string;
    await doctorStream.next(
      live("chat.message", (p) => p.messageId === first && p.author === "client"),
    );

    const asDoctor = { rms_staff_session: doctorCookie };
    expect(
      (
        await two.app.inject({
          method: "POST",
          url: `/api/staff/chats/${id}/take`,
          cookies: asDoctor,
        })
      ).statusCode,
    ).toBe(200);
    await clientStream.next(live("chat.taken", (p) => p.conversationId === id));

    const typing = await two.app.inject({
      method: "POST",
      url: `/api/staff/chats/${id}/typing`,
      cookies: asDoctor,
    });
    expect(typing.statusCode).toBe(204);
    const signal = await clientStream.next(live("chat.typing", (p) => p.conversationId === id));
    expect(liveData(signal).payload).toEqual({ conversationId: id, side: "doctor" });
    expect(signal.id).toBeUndefined();

    const reply = await two.app.inject({
      method: "POST",
      url: `/api/staff/chats/${id}/messages`,
      cookies: asDoctor,
      ...(await form({ clientMessageId: randomUUID(), body: "Слушаю вас" })),
    });
    expect(reply.statusCode).toBe(201);
    const arrived = await clientStream.next(
      live("chat.message", (p) => p.messageId === reply.json().id && p.author === "doctor"),
    );
    expect(arrived.id).toMatch(/^\d+$/);
  });
});
