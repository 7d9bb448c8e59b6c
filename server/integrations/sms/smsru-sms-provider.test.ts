import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SmsSendError } from "./sms-send-error.ts";
import { createSmsRuProvider } from "./smsru-sms-provider.ts";

interface SeenRequest {
  method: string | undefined;
  path: string;
  query: URLSearchParams;
  contentType: string | undefined;
  form: URLSearchParams;
}

type Answer = (request: SeenRequest, response: ServerResponse) => void;

/** A stand-in for sms.ru on 127.0.0.1: records each request and answers as the test tells it. */
function startFakeSmsRu() {
  const seen: SeenRequest[] = [];
  let answer: Answer = (_request, response) => response.writeHead(500).end();
  const server = createServer((incoming: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => {
      const url = new URL(incoming.url ?? "/", "http://fake");
      const request: SeenRequest = {
        method: incoming.method,
        path: url.pathname,
        query: url.searchParams,
        contentType: incoming.headers["content-type"],
        form: new URLSearchParams(Buffer.concat(chunks).toString("utf8")),
      };
      seen.push(request);
      answer(request, response);
    });
  });
  return {
    seen,
    answerWith(next: Answer) {
      answer = next;
    },
    async listen(): Promise<string> {
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const address = server.address();
      if (address === null || typeof address === "string") throw new Error("not on TCP");
      return `http://127.0.0.1:${address.port}`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function json(body: unknown, status = 200): Answer {
  return (_request, response) =>
    response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

const accepted = json({
  status: "OK",
  status_code: 100,
  sms: { "79261111111": { status: "OK", status_code: 100, sms_id: "000000-10000000" } },
  balance: 4122.56,
});

const fake = startFakeSmsRu();
let baseUrl = "";

beforeAll(async () => {
  baseUrl = await fake.listen();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.seen.length = 0;
});

async function sendFailure(send: Promise<void>): Promise<SmsSendError> {
  const error = await send.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof SmsSendError)) throw new Error(`expected an SmsSendError, got ${error}`);
  return error;
}

describe("the SMS.ru provider", () => {
  it("posts the message to /sms/send with api_id, the bare number, the text, json=1 and the sender", async () => {
    fake.answerWith(accepted);
    const provider = createSmsRuProvider({ apiId: "test-api-id", sender: "RMS", baseUrl });

    await provider.send({ to: "+79261111111", text: "Код для входа: 123456" });

    expect(fake.seen).toHaveLength(1);
    const [request] = fake.seen;
    expect(request?.method).toBe("POST");
    expect(request?.path).toBe("/sms/send");
    expect(request?.contentType).toMatch(/^application\/x-www-form-urlencoded/);
    expect(Object.fromEntries(request?.form ?? [])).toEqual({
      api_id: "test-api-id",
      to: "79261111111",
      msg: "Код для входа: 123456",
      json: "1",
      from: "RMS",
    });
    // The key and the code travel in the body, never in the URL.
    expect([...(request?.query.keys() ?? [])]).toEqual([]);
  });

  it("leaves the sender to the account's default when none is configured", async () => {
    fake.answerWith(accepted);
    const provider = createSmsRuProvider({ apiId: "test-api-id", baseUrl });

    await provider.send({ to: "+79261111111", text: "Привет" });

    expect(fake.seen[0]?.form.has("from")).toBe(false);
  });

  it("fails with SMS.ru's code and text when it refuses the whole request, and allows a retry", async () => {
    fake.answerWith(
      json({ status: "ERROR", status_code: 200, status_text: "Неправильный api_id" }),
    );
    const provider = createSmsRuProvider({ apiId: "wrong", baseUrl });

    const error = await sendFailure(provider.send({ to: "+79261111111", text: "x" }));

    expect(error.message).toBe("SMS.ru refused the request: code 200, Неправильный api_id");
    expect(error.permanent).toBe(false);
    expect(error.message).not.toContain("wrong");
  });

  it("fails for good when SMS.ru will never deliver to the number", async () => {
    fake.answerWith(
      json({
        status: "OK",
        status_code: 100,
        sms: {
          "79261111111": {
            status: "ERROR",
            status_code: 207,
            status_text: "На этот номер нельзя отправлять сообщения",
          },
        },
      }),
    );
    const provider = createSmsRuProvider({ apiId: "test-api-id", baseUrl });

    const error = await sendFailure(provider.send({ to: "+79261111111", text: "x" }));

    expect(error.message).toBe(
      "SMS.ru refused the message: code 207, На этот номер нельзя отправлять сообщения",
    );
    expect(error.permanent).toBe(true);
  });

  it("allows a retry when a number's refusal may pass, such as a daily limit", async () => {
    fake.answerWith(
      json({
        status: "OK",
        sms: { "79261111111": { status: "ERROR", status_code: 206, status_text: "Лимит" } },
      }),
    );
    const provider = createSmsRuProvider({ apiId: "test-api-id", baseUrl });

    const error = await sendFailure(provider.send({ to: "+79261111111", text: "x" }));

    expect(error.permanent).toBe(false);
  });

  it("fails when the answer says nothing about the number", async () => {
    fake.answerWith(json({ status: "OK", status_code: 100, sms: {} }));
    const provider = createSmsRuProvider({ apiId: "test-api-id", baseUrl });

    const error = await sendFailure(provider.send({ to: "+79261111111", text: "x" }));

    expect(error.message).toMatch(/reported nothing for the number/);
  });

  it("fails on an HTTP error and on an answer that is not JSON", async () => {
    const provider = createSmsRuProvider({ apiId: "test-api-id", baseUrl });

    fake.answerWith((_request, response) => response.writeHead(503).end("down for maintenance"));
    expect((await sendFailure(provider.send({ to: "+79261111111", text: "x" }))).message).toBe(
      "SMS.ru answered HTTP 503",
    );

    fake.answerWith((_request, response) => response.writeHead(200).end("100\nbalance=1"));
    expect((await sendFailure(provider.send({ to: "+79261111111", text: "x" }))).message).toBe(
      "SMS.ru answered with something that is not JSON",
    );
  });

  it("gives up on a gateway that does not answer in time", async () => {
    fake.answerWith(() => {
      // Never answers.
    });
    const provider = createSmsRuProvider({ apiId: "test-api-id", baseUrl, timeoutMs: 200 });

    const error = await sendFailure(provider.send({ to: "+79261111111", text: "x" }));

    expect(error.message).toBe("SMS.ru is unreachable: no answer within 200 ms");
    expect(error.permanent).toBe(false);
  });

  it("fails when nothing listens at the address", async () => {
    const closed = startFakeSmsRu();
    const deadUrl = await closed.listen();
    await closed.close();
    const provider = createSmsRuProvider({ apiId: "test-api-id", baseUrl: deadUrl });

    const error = await sendFailure(provider.send({ to: "+79261111111", text: "x" }));

    expect(error.message).toMatch(/^SMS\.ru is unreachable: .*ECONNREFUSED/);
  });
});
