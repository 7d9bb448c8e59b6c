/**
 * Which requests the cabinet's service worker answers, and how (docs/decisions/0026). Pure, so the
 * rules are unit-tested without a browser: anything not named here goes to the network untouched.
 */

/** The worker controls the cabinet's pages only: not the landing, the shop, /verify or /staff. */
export const WORKER_SCOPE = "/cabinet";

/** Caches of this origin are the worker's; their names start so, and sign-out deletes them all. */
export const CACHE_PREFIX = "rms-offline-";
/** The personal answers (session, «Мои договоры», contract pages) of the signed-in account. */
export const DATA_CACHE = `${CACHE_PREFIX}data`;
/** The app shell of one build: `rms-offline-shell-<build>`. */
export const shellCacheName = (build: string) => `${CACHE_PREFIX}shell-${build}`;

/** The cabinet's page as built; every cabinet address opens it offline (a single-page app). */
export const SHELL_PAGE = "/cabinet";
/** Stored beside the data: whose they are (a key of the data cache, never sent to the network). */
export const ACCOUNT_KEY = "/cabinet/__offline-account";
/** Header of a stored answer: when it was saved, ISO 8601. */
export const SAVED_AT_HEADER = "x-rms-saved-at";

export type Route =
  /** A cabinet page: network first, the built page when the network fails. */
  | { kind: "page"; opensContracts: boolean }
  /** A built file of the cabinet: from the shell cache, else the network. */
  | { kind: "asset" }
  /** «Who is signed in»: network first, the stored answer offline; tells the worker the account. */
  | { kind: "session" }
  /** «Мои договоры» or one contract's page: network first, the stored answer offline. */
  | { kind: "data" }
  /** Everything else (chat, medcard, payments, profile, events, files, any change): untouched. */
  | { kind: "network" };

export interface RequestFacts {
  method: string;
  url: string;
  mode: string;
}

const CONTRACT_PAGE = /^\/api\/contracts\/[0-9a-f-]{36}$/i;

/**
 * The route of a request. `origin` is the worker's; `shellFiles` the built files of the cabinet
 * (paths, from the build). Only GETs of this origin are ever answered by the worker.
 */
export function routeOf(
  request: RequestFacts,
  origin: string,
  shellFiles: ReadonlySet<string>,
): Route {
  if (request.method !== "GET") return { kind: "network" };
  const url = new URL(request.url);
  if (url.origin !== origin) return { kind: "network" };
  const path = url.pathname;
  if (request.mode === "navigate") {
    if (path !== WORKER_SCOPE && !path.startsWith(`${WORKER_SCOPE}/`)) return { kind: "network" };
    // The installed app starts at /cabinet («Главная», which needs the network for most of what it
    // shows); offline it opens «Мои договоры» instead.
    return { kind: "page", opensContracts: path === WORKER_SCOPE || path === `${WORKER_SCOPE}/` };
  }
  if (shellFiles.has(path) && url.search === "") return { kind: "asset" };
  if (url.search !== "") return { kind: "network" };
  if (path === "/api/auth/session") return { kind: "session" };
  if (path === "/api/contracts" || CONTRACT_PAGE.test(path)) return { kind: "data" };
  return { kind: "network" };
}

/** What an answer of the server says about the signed-in account, for the data kept offline. */
export type AccountSignal =
  | { kind: "account"; id: string }
  /** Nobody is signed in (the session answer is null, or a contracts read answered 401). */
  | { kind: "signed-out" }
  | { kind: "none" };

/** The account a session answer (`{ session: { client: { id } } | null }`) names. */
export function accountOfSessionAnswer(body: unknown): AccountSignal {
  if (typeof body !== "object" || body === null || !("session" in body)) return { kind: "none" };
  const session: unknown = body.session;
  if (session === null) return { kind: "signed-out" };
  if (typeof session !== "object" || !("client" in session)) return { kind: "none" };
  const client: unknown = session.client;
  if (typeof client !== "object" || client === null || !("id" in client)) return { kind: "none" };
  return typeof client.id === "string" ? { kind: "account", id: client.id } : { kind: "none" };
}

/** Whether the stored data must go before keeping anything of `next`: they are someone else's. */
export function mustForget(stored: string | null, next: AccountSignal): boolean {
  if (next.kind === "signed-out") return true;
  return next.kind === "account" && stored !== null && stored !== next.id;
}

/** Answers worth keeping: a 200 with JSON. A 5xx or a dropped network falls back to the copy. */
export function isKeepable(status: number, contentType: string | null): boolean {
  return status === 200 && (contentType ?? "").includes("application/json");
}

/** Messages between the cabinet's pages and its worker. */
export type PageToWorker = { type: "account"; id: string } | { type: "signed-out" };
export type WorkerToPage =
  /** The network failed and a stored answer was shown, saved at `savedAt` (ISO). */
  | { type: "offline-copy"; url: string; savedAt: string }
  /** A read came from the network again. */
  | { type: "online" };
