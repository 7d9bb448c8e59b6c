import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { todayInMoscow } from "../../../common/format/date.ts";
import { setupTestApp } from "../../test/build-test-app.ts";
import { createTestContract, createTestProgram } from "../../test/contract-factories.ts";
import {
  createTestClient,
  createTestStaff,
  signInClient,
  signInStaff,
} from "../../test/factories.ts";
import { liveData, openSse, type SseMessage, type SseStream } from "../../test/sse-client.ts";

const t = setupTestApp();
let base = "";
const streams: SseStream[] = [];
let clientCookie = "";
let doctorCookie = "";
let personId = "";

beforeAll(async () => {
  await t.app.listen({ port: 0, host: "127.0.0.1" });
  const address = t.app.server.address();
  if (typeof address !== "object" || !address) throw new Error("not listening");
  base = `http://127.0.0.1:${address.port}`;
  const db = t.database.db;
  const client = await createTestClient(db, { lastName: "Живая", birthDate: "1992-02-02" });
  const program = await createTestProgram(db, { includesChat: true });
  const year = Number(todayInMoscow().slice(0, 4));
  const contract = await createTestContract(db, {
    programId: program.id,
    startsOn: `${year - 1}-01-01`,
    endsOn: `${year + 1}-12-31`,
    persons: [
      {
        slot: 1,
        lastName: "Живая",
        firstName: "Анна",
        birthDate: "1992-02-02",
        phone: client.phone,
      },
    ],
  });
  personId = contract.personIds[0] ?? "";
  clientCookie = await signInClient(t.app, client);
  doctorCookie = await signInStaff(t.app, await createTestStaff(db, "doctor"));
});
afterAll(() => {
  for (const stream of streams) stream.close();
});

async function open(path: string, cookie: string): Promise<SseStream> {
  const stream = await openSse(`${base}${path}`, { cookie });
  streams.push(stream);
  await stream.next((m) => m.event === "ready");
  return stream;
}

async function form(fields: Record<string, string>) {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  const request = new Request("http://localhost/", { method: "POST", body: data });
  return {
    payload: Buffer.from(await request.arrayBuffer()),
    headers: { "content-type": request.headers.get("content-type") ?? "" },
  };
}

const typingOf = (id: string, side: string) => (m: SseMessage) =>
  m.event === "message" &&
  liveData(m).type === "chat.typing" &&
  liveData(m).payload.conversationId === id &&
  liveData(m).payload.side === side;

describe("a chat's live stream on one instance", () => {
  it("tells the doctor's typing to the client once per burst, as a signal without id, and a new chat to the doctor as an event with its id", async () => {
    const clientStream = await open("/api/events", `rms_session=${clientCookie}`);
    const doctorStream = await open("/api/staff/events", `rms_staff_session=${doctorCookie}`);
    const started = await t.app.inject({
      method: "POST",
      url: "/api/chat/conversations",
      cookies: { rms_session: clientCookie },
      ...(await form({
        clientConversationId: randomUUID(),
        clientMessageId: randomUUID(),
        personId,
        body: "Добрый день",
      })),
    });
    expect(started.statusCode).toBe(201);
    const id = started.json().id as string;
    const started_ = await doctorStream.next(
      (m) =>
        m.event === "message" &&
        liveData(m).type === "chat.started" &&
        liveData(m).payload.conversationId === id,
    );
    expect(started_.id).toMatch(/^\d+$/);

    const asDoctor = { rms_staff_session: doctorCookie };
    await t.app.inject({ method: "POST", url: `/api/staff/chats/${id}/take`, cookies: asDoctor });
    for (let i = 0; i < 5; i++) {
      const res = await t.app.inject({
        method: "POST",
        url: `/api/staff/chats/${id}/typing`,
        cookies: asDoctor,
      });
      expect(res.statusCode).toBe(204);
    }
    const typing = await clientStream.next(typingOf(id, "doctor"));
    expect(typing.id).toBeUndefined();
    // The client's own typing is a signal the doctor's console hears too.
    await t.app.inject({
      method: "POST",
      url: `/api/chat/conversations/${id}/typing`,
      cookies: { rms_session: clientCookie },
    });
    await doctorStream.next(typingOf(id, "client"));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(clientStream.received.filter(typingOf(id, "doctor"))).toHaveLength(1);
  });
});
