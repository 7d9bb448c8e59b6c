import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  CONFIGURABLE_NOTIFICATION_KINDS,
  type NotificationPreferences,
} from "../../../common/notifications/notifications.schema.ts";
import { events, pushSubscriptions } from "../../db/schema/index.ts";
import { generatedVapidKeys, VAPID_KEYS_FILE } from "../../integrations/push/vapid-keys.ts";
import { setupTestApp } from "../../test/build-test-app.ts";
import { createTestClient, signInClient } from "../../test/factories.ts";

const t = setupTestApp();

interface Account {
  id: string;
  cookie: string;
}

async function account(): Promise<Account> {
  const client = await createTestClient(t.database.db);
  return { id: client.id, cookie: await signInClient(t.app, client) };
}

/** A notification of the account's own, written the way every one is: through the dispatcher. */
async function notify(who: Account, title: string): Promise<string> {
  const { notificationId } = await t.app.notifier.dispatch({
    key: randomUUID(),
    clientId: who.id,
    kind: "document",
    title,
    body: `${title}: подробности`,
    link: "/cabinet/medcard",
  });
  return notificationId;
}

function as(
  who: Account,
  method: "GET" | "POST" | "PUT" | "DELETE",
  url: string,
  payload?: object,
) {
  return t.app.inject({ method, url, cookies: { rms_session: who.cookie }, payload });
}

describe("the notification centre", () => {
  it("lists the account's own notifications newest first, a page at a time, and none of another account's", async () => {
    const who = await account();
    const other = await account();
    const titles = ["Первое", "Второе", "Третье"];
    for (const title of titles) await notify(who, title);
    await notify(other, "Чужое");

    const first = await as(who, "GET", "/api/notifications?limit=2");
    expect(first.statusCode, first.body).toBe(200);
    const page = first.json();
    expect(page.items.map((item: { title: string }) => item.title)).toEqual(["Третье", "Второе"]);
    expect(page.items[0]).toMatchObject({
      kind: "document",
      body: "Третье: подробности",
      link: "/cabinet/medcard",
      readAt: null,
    });
    expect(page.unread).toBe(3);
    expect(page.nextBefore).toBe(page.items[1].id);

    const second = await as(who, "GET", `/api/notifications?limit=2&before=${page.nextBefore}`);
    expect(second.json().items.map((item: { title: string }) => item.title)).toEqual(["Первое"]);
    expect(second.json().nextBefore).toBeNull();
    expect((await as(who, "GET", "/api/notifications/unread")).json()).toEqual({ unread: 3 });
  });

  it("emits notification.created for the account in the row's transaction, for the live stream", async () => {
    const who = await account();
    const id = await notify(who, "Живое");
    const rows = await t.database.db
      .select({ payload: events.payload, audience: events.audience })
      .from(events)
      .where(eq(events.type, "notification.created"));
    expect(rows).toContainEqual({
      payload: { notificationId: id },
      audience: { accountId: who.id },
    });
  });

  it("marks one read and all read, and answers another account's notification with a Russian 404", async () => {
    const who = await account();
    const other = await account();
    const mine = await notify(who, "Моё");
    await notify(who, "Ещё моё");
    const theirs = await notify(other, "Чужое");

    const foreign = await as(who, "POST", `/api/notifications/${theirs}/read`);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().detail).toBe("Уведомление не найдено");
    expect((await as(other, "GET", "/api/notifications/unread")).json()).toEqual({ unread: 1 });
    const before = await as(who, "GET", `/api/notifications?before=${theirs}`);
    expect(before.statusCode).toBe(404);

    expect((await as(who, "POST", `/api/notifications/${mine}/read`)).statusCode).toBe(204);
    // Read again: still 204, and the first reading's time is kept.
    expect((await as(who, "POST", `/api/notifications/${mine}/read`)).statusCode).toBe(204);
    expect((await as(who, "GET", "/api/notifications/unread")).json()).toEqual({ unread: 1 });
    expect((await as(who, "POST", "/api/notifications/read-all")).statusCode).toBe(204);
    const after = (await as(who, "GET", "/api/notifications")).json();
    expect(after.unread).toBe(0);
    expect(after.items.every((item: { readAt: string | null }) => item.readAt !== null)).toBe(true);
    expect((await as(other, "GET", "/api/notifications/unread")).json()).toEqual({ unread: 1 });
  });

  it("answers bad ids and limits with Russian 400s, and a signed-out browser with 401", async () => {
    const who = await account();
    const badId = await as(who, "POST", "/api/notifications/not-an-id/read");
    expect(badId.statusCode).toBe(400);
    expect(badId.json().detail).toBe("Неверный идентификатор уведомления");
    expect((await as(who, "GET", "/api/notifications?limit=500")).statusCode).toBe(400);
    const signedOut = await t.app.inject({ method: "GET", url: "/api/notifications" });
    expect(signedOut.statusCode).toBe(401);
  });
});

describe("«Уведомления» preferences", () => {
  it("answer every configurable kind once with today's channels, and quiet hours 21:00–09:00", async () => {
    const who = await account();
    const res = await as(who, "GET", "/api/profile/notifications");
    expect(res.statusCode, res.body).toBe(200);
    const prefs: NotificationPreferences = res.json();
    expect(prefs.kinds.map((row) => row.kind)).toEqual([...CONFIGURABLE_NOTIFICATION_KINDS]);
    expect(prefs.kinds).toContainEqual({ kind: "reminder", sms: true, email: true, push: true });
    expect(prefs.kinds).toContainEqual({ kind: "chat_reply", sms: true, email: false, push: true });
    expect(prefs.kinds).toContainEqual({ kind: "payment", sms: false, email: false, push: true });
    expect(prefs.quietHours).toEqual({ enabled: true, start: "21:00", end: "09:00" });
  });

  it("keep what the client saved, for this account only", async () => {
    const who = await account();
    const other = await account();
    const prefs: NotificationPreferences = (
      await as(who, "GET", "/api/profile/notifications")
    ).json();
    const changed: NotificationPreferences = {
      kinds: prefs.kinds.map((row) => (row.kind === "reminder" ? { ...row, sms: false } : row)),
      quietHours: { enabled: true, start: "22:30", end: "07:15" },
    };
    const saved = await as(who, "PUT", "/api/profile/notifications", changed);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toEqual(changed);
    expect((await as(who, "GET", "/api/profile/notifications")).json()).toEqual(changed);
    expect((await as(other, "GET", "/api/profile/notifications")).json()).toEqual(prefs);
  });

  it("refuse a missing or repeated kind, a time not ЧЧ:ММ and empty quiet hours in Russian, changing nothing", async () => {
    const who = await account();
    const prefs: NotificationPreferences = (
      await as(who, "GET", "/api/profile/notifications")
    ).json();
    const put = (body: object) => as(who, "PUT", "/api/profile/notifications", body);

    const missing = await put({ ...prefs, kinds: prefs.kinds.slice(1) });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors).toContainEqual({
      field: "kinds",
      message: "Укажите каналы для каждого вида уведомлений",
    });
    const twice = await put({ ...prefs, kinds: [...prefs.kinds, prefs.kinds[0]] });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().errors[0].message).toBe("Этот вид уведомлений указан дважды");
    const badTime = await put({
      ...prefs,
      quietHours: { enabled: true, start: "25:00", end: "09:00" },
    });
    expect(badTime.statusCode).toBe(400);
    expect(JSON.stringify(badTime.json())).toContain("Укажите время в виде ЧЧ:ММ");
    const empty = await put({
      ...prefs,
      quietHours: { enabled: true, start: "09:00", end: "09:00" },
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors).toContainEqual({
      field: "quietHours.end",
      message: "Время окончания тихих часов должно отличаться от времени начала",
    });
    const security = await put({
      ...prefs,
      kinds: [...prefs.kinds, { kind: "security", sms: false, email: false, push: false }],
    });
    expect(security.statusCode).toBe(400);
    expect((await as(who, "GET", "/api/profile/notifications")).json()).toEqual(prefs);
  });
});

describe("Web Push subscriptions", () => {
  const keys = {
    p256dh:
      "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM",
    auth: "tBHItJI5svbpez7KI4CCXg",
  };

  it("give the VAPID public key that the browser subscribes with", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/push/public-key" });
    expect(res.statusCode).toBe(200);
    const { publicKey } = res.json();
    expect(Buffer.from(publicKey, "base64url")).toHaveLength(65);
    expect(publicKey).toBe(t.app.vapid?.publicKey);
  });

  it("are generated once into DATA_DIR, readable by the owner only, and reused at the next start", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "rms-vapid-"));
    const [first, second] = await Promise.all([
      generatedVapidKeys(dataDir),
      generatedVapidKeys(dataDir),
    ]);
    expect(second).toEqual(first);
    expect(await generatedVapidKeys(dataDir)).toEqual(first);
    const file = join(dataDir, VAPID_KEYS_FILE);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(file, "utf8")).publicKey).toBe(first.publicKey);
  });

  it("bind a browser to the signed-in account once per endpoint, move it to another account, and unsubscribe", async () => {
    const who = await account();
    const other = await account();
    const endpoint = `https://push.example.ru/send/${randomUUID()}`;
    const body = { endpoint, expirationTime: null, keys };
    expect((await as(who, "POST", "/api/push/subscriptions", body)).statusCode).toBe(201);
    expect((await as(who, "POST", "/api/push/subscriptions", body)).statusCode).toBe(200);
    const owners = () =>
      t.database.db
        .select({ clientId: pushSubscriptions.clientId })
        .from(pushSubscriptions)
        .where(eq(pushSubscriptions.endpoint, endpoint));
    expect(await owners()).toEqual([{ clientId: who.id }]);
    // The same browser, another account signed in now: the endpoint is that account's.
    expect((await as(other, "POST", "/api/push/subscriptions", body)).statusCode).toBe(200);
    expect(await owners()).toEqual([{ clientId: other.id }]);
    // The first account cannot remove what is no longer its own.
    expect((await as(who, "DELETE", "/api/push/subscriptions", { endpoint })).statusCode).toBe(204);
    expect(await owners()).toEqual([{ clientId: other.id }]);
    expect((await as(other, "DELETE", "/api/push/subscriptions", { endpoint })).statusCode).toBe(
      204,
    );
    expect(await owners()).toEqual([]);
  });

  it("refuse an endpoint that is not a web address, and keys that are missing, in Russian", async () => {
    const who = await account();
    const notUrl = await as(who, "POST", "/api/push/subscriptions", {
      endpoint: "javascript:alert(1)",
      keys,
    });
    expect(notUrl.statusCode).toBe(400);
    expect(notUrl.json().title).toBe("Проверьте введённые данные");
    const noKeys = await as(who, "POST", "/api/push/subscriptions", {
      endpoint: "https://push.example.ru/x",
      keys: { p256dh: "", auth: "" },
    });
    expect(noKeys.statusCode).toBe(400);
    const rows = await t.database.db
      .select({ id: pushSubscriptions.id })
      .from(pushSubscriptions)
      .where(and(eq(pushSubscriptions.clientId, who.id)));
    expect(rows).toEqual([]);
  });
});
