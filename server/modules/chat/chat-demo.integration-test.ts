import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD, demoClient } from "../../db/seed.ts";
import { setupTestApp } from "../../test/build-test-app.ts";

const t = setupTestApp({ env: { SEED_DEMO: "1" } });

async function signInDemo(): Promise<string> {
  const res = await t.app.inject({
    method: "POST",
    url: "/api/auth/sign-in",
    payload: { phone: demoClient.phone, password: DEMO_PASSWORD },
  });
  const cookie = res.cookies.find((c) => c.name === "rms_session");
  if (!cookie) throw new Error(`the demo client did not sign in: ${res.statusCode}`);
  return cookie.value;
}

describe("the demo data of «Чат с врачом»", () => {
  it("shows the demo client a finished chat with its conclusion and lets it start a new one", async () => {
    const cookie = await signInDemo();
    const list = await t.app.inject({
      method: "GET",
      url: "/api/chat/conversations",
      cookies: { rms_session: cookie },
    });
    expect(list.json().conversations).toEqual([
      expect.objectContaining({
        status: "closed",
        contractNumber: "11/30117742",
        doctor: expect.objectContaining({
          name: "Кузнецов Андрей Викторович",
          specialty: "терапевт",
        }),
        conclusion: expect.objectContaining({ outcome: "recommendations" }),
      }),
    ]);
    const options = await t.app.inject({
      method: "GET",
      url: "/api/chat/options",
      cookies: { rms_session: cookie },
    });
    const persons = options.json().persons;
    // The DMS policy's program has no chat; the certificate starting next month is not in force;
    // the daughter's certificate is his to write about (she is under 15).
    expect(persons).toEqual([
      expect.objectContaining({
        name: "Иванов Иван Иванович",
        contractNumber: "11/30117742",
        isAccountHolder: true,
      }),
      expect.objectContaining({
        name: "Иванова Софья Ивановна",
        contractNumber: "11/30388416",
        isAccountHolder: false,
      }),
    ]);
    const data = new FormData();
    data.append("clientConversationId", randomUUID());
    data.append("clientMessageId", randomUUID());
    data.append("personId", persons[0].personId);
    data.append("body", "Здравствуйте! Можно вопрос?");
    const request = new Request("http://localhost/", { method: "POST", body: data });
    const started = await t.app.inject({
      method: "POST",
      url: "/api/chat/conversations",
      cookies: { rms_session: cookie },
      payload: Buffer.from(await request.arrayBuffer()),
      headers: { "content-type": request.headers.get("content-type") ?? "" },
    });
    expect(started.statusCode, started.body).toBe(201);
    expect(started.json()).toMatchObject({ status: "waiting", personName: "Иванов Иван Иванович" });
  });
});
