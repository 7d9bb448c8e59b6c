/**
 * The cabinet's service worker (docs/decisions/0026): the cabinet installs, and the last seen
 * «Мои договоры» and contract pages open without a network. It keeps the built cabinet and the GET
 * answers of the session, the contract list and the contract pages opened — nothing else, and
 * those only for the account signed in. It also shows Web Push notifications and opens the
 * cabinet at a tapped one (push-events.ts; decision 0028), touching no cache. Built by
 * web/cabinet/offline/service-worker.build.ts, which puts the build's file list in place of
 * BUILD_FILES.
 */

import texts from "../locales/ru/notifications.json" with { type: "json" };
import {
  ACCOUNT_KEY,
  type AccountSignal,
  accountOfSessionAnswer,
  CACHE_PREFIX,
  DATA_CACHE,
  isKeepable,
  mustForget,
  type PageToWorker,
  routeOf,
  SAVED_AT_HEADER,
  SHELL_PAGE,
  shellCacheName,
  type WorkerToPage,
} from "./offline-routes.ts";
import {
  type NotificationData,
  notificationOfPush,
  readMarkPath,
  type ShownNotification,
  tapOf,
  windowForTap,
} from "./push-events.ts";

// The worker's global scope, named by what is used of it: the DOM library the web is checked
// with has no service worker types, and the WebWorker library cannot be loaded beside it.
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  readonly clientId: string;
  readonly preloadResponse: Promise<Response | undefined>;
  respondWith(response: Promise<Response>): void;
}
interface ExtendableMessageEvent extends ExtendableEvent {
  readonly data: unknown;
}
interface PushEvent extends ExtendableEvent {
  readonly data: { json(): unknown } | null;
}
interface NotificationEvent extends ExtendableEvent {
  readonly notification: { readonly data: unknown; close(): void };
}
interface WorkerClient {
  postMessage(message: WorkerToPage): void;
}
interface WindowClient {
  readonly url: string;
  focus(): Promise<WindowClient>;
  navigate(url: string): Promise<WindowClient | null>;
}
interface WorkerScope {
  readonly location: Location;
  readonly registration: {
    readonly navigationPreload?: { enable(): Promise<void> };
    showNotification(title: string, options: ShownNotification["options"]): Promise<void>;
  };
  readonly clients: {
    claim(): Promise<void>;
    get(id: string): Promise<WorkerClient | undefined>;
    matchAll(options: { type: "window"; includeUncontrolled: boolean }): Promise<WindowClient[]>;
    openWindow(url: string): Promise<WindowClient | null>;
  };
  skipWaiting(): Promise<void>;
  addEventListener(type: "install" | "activate", listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: "fetch", listener: (event: FetchEvent) => void): void;
  addEventListener(type: "message", listener: (event: ExtendableMessageEvent) => void): void;
  addEventListener(type: "push", listener: (event: PushEvent) => void): void;
  addEventListener(type: "notificationclick", listener: (event: NotificationEvent) => void): void;
}

declare const BUILD_FILES: { build: string; files: string[] };
const worker = self as unknown as WorkerScope;
const { build, files } = BUILD_FILES;
const SHELL_CACHE = shellCacheName(build);
const shellFiles = new Set([SHELL_PAGE, ...files]);
const origin = worker.location.origin;
/** How long a read waits for the network before the stored copy is shown (a phone on lie-fi). */
const NETWORK_WAIT_MS = 6000;

async function fillShell(): Promise<void> {
  const cache = await caches.open(SHELL_CACHE);
  const kept = new Set((await cache.keys()).map((request) => new URL(request.url).pathname));
  const missing = [...shellFiles].filter((path) => !kept.has(path));
  if (missing.length > 0) await cache.addAll(missing);
}

worker.addEventListener("install", (event) => {
  // A new build takes over at once: pages are never served from the cache while online and the
  // files are content-hashed, so an open page and the new worker cannot mix two builds' files.
  event.waitUntil(fillShell().then(() => worker.skipWaiting()));
});

worker.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(`${CACHE_PREFIX}shell-`) && name !== SHELL_CACHE) {
          await caches.delete(name);
        }
      }
      await worker.registration.navigationPreload?.enable();
      await worker.clients.claim();
    })(),
  );
});

// Every change of the personal cache goes through this chain, in the order the answers came, and
// each clear counts a generation: an answer that arrives after a sign-out is not kept.
let writes: Promise<unknown> = Promise.resolve();
let generation = 0;
function serially<T>(step: () => Promise<T>): Promise<T> {
  const next = writes.then(step, step);
  writes = next.catch(() => undefined);
  return next;
}

async function storedAccount(): Promise<string | null> {
  const answer = await caches.match(ACCOUNT_KEY, { cacheName: DATA_CACHE });
  return answer ? answer.text() : null;
}

function forgetData(): Promise<boolean> {
  generation += 1;
  return caches.delete(DATA_CACHE);
}

/** Keeps the data only for the account now signed in (another's or nobody's: all goes). */
async function applyAccount(signal: AccountSignal): Promise<string | null> {
  const stored = await storedAccount();
  if (signal.kind === "none") return stored;
  if (mustForget(stored, signal)) await forgetData();
  if (signal.kind !== "account") return null;
  if (stored !== signal.id) {
    const cache = await caches.open(DATA_CACHE);
    await cache.put(ACCOUNT_KEY, new Response(signal.id));
    // After a sign-out the shell went with the data: the new session keeps it again.
    await fillShell().catch(() => undefined);
  }
  return signal.id;
}

function noteAccount(signal: AccountSignal): Promise<void> {
  return serially(async () => {
    await applyAccount(signal);
  });
}

/** Who is signed in, asked of the server with this browser's cookie (null: unknown, nobody). */
async function askAccount(): Promise<string | null> {
  try {
    const answer = await fetch("/api/auth/session", { credentials: "same-origin" });
    if (!answer.ok) return null;
    return applyAccount(accountOfSessionAnswer(await answer.json()));
  } catch {
    return null;
  }
}

function keep(request: Request, answer: Response, body: ArrayBuffer): Promise<void> {
  const seen = generation;
  return serially(async () => {
    // Not kept when a sign-out came after the answer, nor for nobody known: whose data these
    // are is recorded first (the page says at each signed-in mount, and each session answer).
    if (seen !== generation) return;
    const account = (await storedAccount()) ?? (await askAccount());
    if (account === null || seen !== generation) return;
    const headers = new Headers(answer.headers);
    headers.set(SAVED_AT_HEADER, new Date().toISOString());
    const cache = await caches.open(DATA_CACHE);
    await cache.put(request.url, new Response(body, { status: 200, headers }));
  });
}

function forgetOne(request: Request): Promise<void> {
  return serially(async () => {
    const cache = await caches.open(DATA_CACHE);
    await cache.delete(request.url);
  });
}

async function tell(clientId: string, message: WorkerToPage): Promise<void> {
  if (!clientId) return;
  const client = await worker.clients.get(clientId);
  client?.postMessage(message);
}

/** The network's answer, or a rejection once it has taken longer than a phone should wait. */
function fromNetwork(request: Request, event: FetchEvent): Promise<Response> {
  const answer = fetch(request);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("the network is too slow")), NETWORK_WAIT_MS);
  });
  // A late answer still refreshes the copy (handled below by whoever awaited it first).
  event.waitUntil(answer.catch(() => undefined));
  return Promise.race([answer, timeout]).finally(() => clearTimeout(timer));
}

async function storedCopy(request: Request, clientId: string): Promise<Response> {
  const copy = await caches.match(request.url, { cacheName: DATA_CACHE });
  if (!copy) return Response.error();
  const savedAt = copy.headers.get(SAVED_AT_HEADER) ?? new Date().toISOString();
  await tell(clientId, { type: "offline-copy", url: new URL(request.url).pathname, savedAt });
  return copy;
}

/** A personal read: the network's answer kept (for this account), the kept one if it fails. */
async function personalRead(event: FetchEvent, isSession: boolean): Promise<Response> {
  const { request, clientId } = event;
  let answer: Response;
  try {
    answer = await fromNetwork(request, event);
  } catch {
    return storedCopy(request, clientId);
  }
  if (answer.status >= 500) {
    const copy = await caches.match(request.url, { cacheName: DATA_CACHE });
    return copy ? storedCopy(request, clientId) : answer;
  }
  if (answer.status === 401) {
    // The session is gone (expired, revoked elsewhere): so is what was kept for it.
    event.waitUntil(noteAccount({ kind: "signed-out" }));
    return answer;
  }
  if (answer.status === 404 && !isSession) {
    event.waitUntil(forgetOne(request));
    return answer;
  }
  if (!isKeepable(answer.status, answer.headers.get("content-type"))) return answer;
  const body = await answer.clone().arrayBuffer();
  event.waitUntil(
    (async () => {
      if (isSession) {
        const signal = accountOfSessionAnswer(JSON.parse(new TextDecoder().decode(body)));
        await noteAccount(signal);
        if (signal.kind !== "account") return tell(clientId, { type: "online" });
      }
      await keep(request, answer, body);
      await tell(clientId, { type: "online" });
    })(),
  );
  return answer;
}

async function page(event: FetchEvent, opensContracts: boolean): Promise<Response> {
  try {
    const preloaded = await event.preloadResponse;
    if (preloaded) return preloaded;
    return await fromNetwork(event.request, event);
  } catch {
    if (opensContracts && (await caches.match("/api/contracts", { cacheName: DATA_CACHE }))) {
      return Response.redirect(`${origin}/cabinet/contracts`, 302);
    }
    const shell = await caches.match(SHELL_PAGE, { cacheName: SHELL_CACHE });
    return shell ?? Response.error();
  }
}

async function asset(request: Request): Promise<Response> {
  const kept = await caches.match(request, { cacheName: SHELL_CACHE });
  if (kept) return kept;
  const answer = await fetch(request);
  // Filled in only while the shell is kept, that is while someone is signed in: after «Выйти»
  // the sign-in page's files do not bring the caches back.
  if (answer.ok && (await caches.has(SHELL_CACHE))) {
    const copy = answer.clone();
    void caches.open(SHELL_CACHE).then((cache) => cache.put(request, copy));
  }
  return answer;
}

worker.addEventListener("fetch", (event) => {
  const route = routeOf(event.request, origin, shellFiles);
  switch (route.kind) {
    case "page":
      return event.respondWith(page(event, route.opensContracts));
    case "asset":
      return event.respondWith(asset(event.request));
    case "session":
      return event.respondWith(personalRead(event, true));
    case "data":
      return event.respondWith(personalRead(event, false));
    case "network":
      return undefined;
  }
});

function isPageMessage(data: unknown): data is PageToWorker {
  return typeof data === "object" && data !== null && "type" in data;
}

worker.addEventListener("message", (event) => {
  const message = event.data;
  if (!isPageMessage(message)) return;
  if (message.type === "account" && typeof message.id === "string") {
    event.waitUntil(noteAccount({ kind: "account", id: message.id }));
  } else if (message.type === "signed-out") {
    event.waitUntil(serially(forgetData));
  }
});

// Web Push (issue 17): apart from the caches above, which it neither reads nor writes.

function payloadOf(event: PushEvent): unknown {
  try {
    return event.data?.json() ?? null;
  } catch {
    return null;
  }
}

worker.addEventListener("push", (event) => {
  const { title, options } = notificationOfPush(payloadOf(event), origin, {
    title: texts.worker.fallbackTitle,
    body: texts.worker.fallbackBody,
  });
  event.waitUntil(worker.registration.showNotification(title, options));
});

/** How long a tap waits for its read mark before the cabinet opens (so its badge is up to date). */
const READ_MARK_WAIT_MS = 1500;

/** The tap: the notification is read (with the browser's cookie), and the cabinet opens at it. */
async function openTapped(data: NotificationData): Promise<void> {
  if (data.notificationId) {
    const marked = fetch(readMarkPath(data.notificationId), {
      method: "POST",
      credentials: "include",
    }).catch(() => undefined);
    await Promise.race([marked, new Promise((resolve) => setTimeout(resolve, READ_MARK_WAIT_MS))]);
  }
  const windows = await worker.clients.matchAll({ type: "window", includeUncontrolled: true });
  const chosen = windowForTap(windows, data.url, origin);
  if (!chosen) {
    await worker.clients.openWindow(data.url);
    return;
  }
  const focused = await chosen.window.focus();
  if (chosen.navigate) await focused.navigate(data.url).catch(() => null);
}

worker.addEventListener("notificationclick", (event) => {
  event.notification.close();
  event.waitUntil(openTapped(tapOf(event.notification.data, origin)));
});
