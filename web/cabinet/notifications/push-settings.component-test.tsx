import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { jsonAnswer, renderScreen } from "../test/render.tsx";
import { PushSettings } from "./push-settings.tsx";
import {
  applicationServerKey,
  type PushEnvironment,
  PushEnvironmentContext,
  type PushManagerLike,
  type PushSubscriptionLike,
} from "./push-subscription.ts";

// A P-256 public key as base64url (65 bytes, uncompressed), as the server hands it out.
const PUBLIC_KEY =
  "BEl62iUYgUivxIkv69yViEuiBIa-Ib9-SkvMeAtA3LFgDzkrxZJjSgSnfckjBJuBkr3qBUYIHBQFLXYp5Nksh8U";
const ENDPOINT = "https://push.example/send/abc";

function fakeSubscription(): PushSubscriptionLike & { unsubscribe: ReturnType<typeof vi.fn> } {
  return {
    endpoint: ENDPOINT,
    toJSON: () => ({ endpoint: ENDPOINT, expirationTime: null, keys: { p256dh: "p", auth: "a" } }),
    unsubscribe: vi.fn(async () => true),
  };
}

/** A browser with push: its permission, and whether it is subscribed already. */
function browser({
  permission = "default" as NotificationPermission,
  answer = "granted" as NotificationPermission,
  subscribed = false,
} = {}) {
  const subscription = fakeSubscription();
  let current: PushSubscriptionLike | null = subscribed ? subscription : null;
  const manager: PushManagerLike & { subscribe: ReturnType<typeof vi.fn> } = {
    getSubscription: async () => current,
    subscribe: vi.fn(async () => {
      current = subscription;
      return subscription;
    }),
  };
  subscription.unsubscribe.mockImplementation(async () => {
    current = null;
    return true;
  });
  const environment: PushEnvironment & { requestPermission: ReturnType<typeof vi.fn> } = {
    pushManager: async () => manager,
    permission: () => permission,
    requestPermission: vi.fn(async () => answer),
  };
  return { environment, manager, subscription, current: () => current };
}

function server(publicKey: string | null) {
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), "http://localhost");
    if (url.pathname === "/api/push/public-key") return jsonAnswer(200, { publicKey });
    if (url.pathname === "/api/push/subscriptions") return new Response(null, { status: 204 });
    return jsonAnswer(404, { title: "Не найдено", status: 404, method: init?.method });
  });
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

function renderWith(environment: PushEnvironment) {
  return renderScreen(
    <PushEnvironmentContext value={environment}>
      <PushSettings />
    </PushEnvironmentContext>,
  );
}

const call = (fetch: ReturnType<typeof server>, method: string) =>
  fetch.mock.calls.find(
    ([url, init]) => String(url) === "/api/push/subscriptions" && init?.method === method,
  );

describe("push notifications on this device", () => {
  it("asks the browser's permission only after «Включить push-уведомления», then subscribes with the server's key and tells the server", async () => {
    const fetch = server(PUBLIC_KEY);
    const { environment, manager } = browser();
    const { user } = renderWith(environment);
    const enable = await screen.findByRole("button", { name: "Включить push-уведомления" });
    expect(environment.requestPermission).not.toHaveBeenCalled();

    await user.click(enable);
    expect(await screen.findByText("Push-уведомления включены на этом устройстве.")).toBeDefined();
    expect(environment.requestPermission).toHaveBeenCalledTimes(1);
    expect(manager.subscribe).toHaveBeenCalledWith({
      userVisibleOnly: true,
      applicationServerKey: applicationServerKey(PUBLIC_KEY),
    });
    expect(applicationServerKey(PUBLIC_KEY)).toHaveLength(65);
    expect(JSON.parse(String(call(fetch, "POST")?.[1]?.body))).toEqual({
      endpoint: ENDPOINT,
      expirationTime: null,
      keys: { p256dh: "p", auth: "a" },
    });
  });

  it("«Отключить push-уведомления» tells the server the endpoint and unsubscribes the browser", async () => {
    const fetch = server(PUBLIC_KEY);
    const { environment, current } = browser({ permission: "granted", subscribed: true });
    const { user } = renderWith(environment);
    await user.click(await screen.findByRole("button", { name: "Отключить push-уведомления" }));
    expect(await screen.findByRole("button", { name: "Включить push-уведомления" })).toBeDefined();
    expect(JSON.parse(String(call(fetch, "DELETE")?.[1]?.body))).toEqual({ endpoint: ENDPOINT });
    expect(current()).toBeNull();
  });

  it("says the browser blocks notifications, when it was refused before or at the question", async () => {
    server(PUBLIC_KEY);
    renderWith(browser({ permission: "denied" }).environment);
    expect(await screen.findByText(/запрещены в настройках браузера/)).toBeDefined();
    expect(screen.queryByRole("button", { name: "Включить push-уведомления" })).toBeNull();
  });

  it("says so when the client refuses at the browser's question, and subscribes nothing", async () => {
    const fetch = server(PUBLIC_KEY);
    const { environment, manager } = browser({ answer: "denied" });
    const { user } = renderWith(environment);
    await user.click(await screen.findByRole("button", { name: "Включить push-уведомления" }));
    expect(await screen.findByText(/запрещены в настройках браузера/)).toBeDefined();
    expect(manager.subscribe).not.toHaveBeenCalled();
    expect(call(fetch, "POST")).toBeUndefined();
  });

  it("explains a browser without push, iOS outside the Home Screen among them", async () => {
    server(PUBLIC_KEY);
    renderWith({ ...browser().environment, pushManager: async () => null });
    expect(await screen.findByText("Этот браузер не поддерживает push-уведомления.")).toBeDefined();
    expect(screen.getByText(/iOS 16\.4 и новее.*на экран «Домой»/)).toBeDefined();
    expect(screen.queryByRole("button", { name: "Включить push-уведомления" })).toBeNull();
  });

  it("says push is off on the server when it has no key", async () => {
    server(null);
    renderWith(browser().environment);
    expect(
      await screen.findByText("Push-уведомления сейчас не отправляются — выберите SMS или e-mail."),
    ).toBeDefined();
    expect(screen.queryByRole("button", { name: "Включить push-уведомления" })).toBeNull();
  });

  it("leaves the browser unsubscribed when the server does not take the subscription", async () => {
    const fetch = vi.fn(async (input: RequestInfo | URL) =>
      new URL(String(input), "http://localhost").pathname === "/api/push/public-key"
        ? jsonAnswer(200, { publicKey: PUBLIC_KEY })
        : jsonAnswer(500, { title: "Ошибка", status: 500 }),
    );
    vi.stubGlobal("fetch", fetch);
    const { environment, current } = browser();
    const { user } = renderWith(environment);
    await user.click(await screen.findByRole("button", { name: "Включить push-уведомления" }));
    expect(await screen.findByText(/Не удалось изменить push-уведомления/)).toBeDefined();
    await waitFor(() => expect(current()).toBeNull());
    expect(screen.getByRole("button", { name: "Включить push-уведомления" })).toBeDefined();
  });
});
