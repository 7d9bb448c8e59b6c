import { vi } from "vitest";
import type {
  MedcardCardSummary,
  MedcardDocument,
  MedcardEntry,
  MedcardHome,
  MedcardShare,
  MedcardShareCreated,
  MedcardView,
} from "../../../common/medcard/medcard.schema.ts";
import { jsonAnswer } from "../test/render.tsx";

/** Test data and a fake «Медкарта» API for the component tests. */
export const medcardIds = {
  own: "00000000-0000-4000-8000-00000000ca01",
  child: "00000000-0000-4000-8000-00000000ca02",
  doctorEntry: "00000000-0000-4000-8000-00000000ce01",
  document: "00000000-0000-4000-8000-00000000cd01",
  image: "00000000-0000-4000-8000-00000000cd02",
  share: "00000000-0000-4000-8000-00000000cf01",
};

export const healthConsent = {
  slug: "health-data",
  title: "Согласие на обработку сведений о состоянии здоровья",
  version: 1,
  url: "/legal/health-data",
};

export const ownCard: MedcardCardSummary = {
  id: medcardIds.own,
  subject: "self",
  fullName: "Иванов Иван Иванович",
  birthDate: "1985-04-12",
};

export const childCard: MedcardCardSummary = {
  id: medcardIds.child,
  subject: "child",
  fullName: "Иванова Мария Ивановна",
  birthDate: "2016-03-12",
};

export const doctorAllergy: MedcardEntry = {
  id: medcardIds.doctorEntry,
  kind: "allergy",
  text: "Укусы ос",
  note: "Крапивница, отёк руки",
  author: { source: "doctor", name: "Петрова Анна Викторовна" },
  createdAt: "2026-07-02T19:45:00.000Z",
  updatedAt: "2026-07-02T19:45:00.000Z",
  editable: false,
};

export function documentOf(overrides: Partial<MedcardDocument> = {}): MedcardDocument {
  return {
    id: medcardIds.document,
    type: "test_result",
    title: "Общий анализ крови",
    documentDate: "2026-10-19",
    author: { source: "patient", name: null },
    fileName: "analiz.pdf",
    mediaType: "application/pdf",
    sizeBytes: 48_213,
    createdAt: "2026-10-19T09:00:00.000Z",
    removable: true,
    ...overrides,
  };
}

export function viewOf(
  card: MedcardCardSummary,
  overrides: Partial<MedcardView> = {},
): MedcardView {
  return { card, summary: [], timeline: [], documents: [], ...overrides };
}

export interface FakeCall {
  method: string;
  path: string;
  body: unknown;
}

export interface FakeMedcard {
  home: MedcardHome;
  views: Record<string, MedcardView>;
  shares: MedcardShare[];
  calls: FakeCall[];
}

let nextId = 0x100;
function newId(): string {
  nextId += 1;
  return `00000000-0000-4000-8000-${nextId.toString(16).padStart(12, "0")}`;
}

/**
 * A stateful fake of the client's medcard API on `fetch`: it keeps what was added, so a screen
 * that reads the card again sees it. Returns the state, whose `calls` record every request.
 */
export function stubMedcardApi(
  initial: Partial<Omit<FakeMedcard, "calls">> = {},
  now = new Date("2026-12-03T12:20:00.000Z"),
): FakeMedcard {
  const state: FakeMedcard = {
    home: initial.home ?? { consentRequired: null, cards: [ownCard] },
    views: initial.views ?? { [ownCard.id]: viewOf(ownCard) },
    shares: initial.shares ?? [],
    calls: [],
  };
  const card = (path: string) => /^\/api\/medcard\/cards\/([^/]+)/.exec(path)?.[1] ?? "";
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
      const url = new URL(String(input), "http://localhost");
      const method = init?.method ?? "GET";
      const path = url.pathname;
      const body = init?.body ? JSON.parse(String(init.body)) : undefined;
      state.calls.push({ method, path, body });
      const view = state.views[card(path)];

      if (method === "GET" && path === "/api/medcard") return jsonAnswer(200, state.home);
      if (method === "POST" && path === "/api/medcard/consent") {
        state.home = { ...state.home, consentRequired: null };
        return new Response(null, { status: 204 });
      }
      if (!view) {
        return jsonAnswer(404, { type: "about:blank", title: "Медкарта не найдена", status: 404 });
      }
      if (method === "GET" && path === `/api/medcard/cards/${view.card.id}`) {
        return jsonAnswer(200, view);
      }
      if (method === "POST" && path.endsWith("/entries")) {
        const entry: MedcardEntry = {
          id: newId(),
          kind: body.kind,
          text: body.text,
          note: body.note ?? null,
          author: { source: "patient", name: null },
          createdAt: now.toISOString(),
          updatedAt: now.toISOString(),
          editable: true,
        };
        view.summary = [
          ...view.summary.filter(
            (item) => entry.kind !== "blood_group" || item.kind !== "blood_group",
          ),
          entry,
        ];
        return jsonAnswer(201, entry);
      }
      const entryId = /\/entries\/([^/]+)$/.exec(path)?.[1];
      if (entryId && method === "PUT") {
        const entry = view.summary.find((item) => item.id === entryId);
        if (!entry?.editable) {
          return jsonAnswer(403, {
            type: "about:blank",
            title: "Запись врача не меняется",
            status: 403,
          });
        }
        Object.assign(entry, {
          text: body.text,
          note: body.note ?? null,
          updatedAt: now.toISOString(),
        });
        return jsonAnswer(200, entry);
      }
      if (entryId && method === "DELETE") {
        view.summary = view.summary.filter((item) => item.id !== entryId);
        return new Response(null, { status: 204 });
      }
      if (method === "GET" && path.endsWith("/shares")) {
        return jsonAnswer(200, { shares: state.shares });
      }
      if (method === "POST" && path.endsWith("/shares")) {
        const share: MedcardShareCreated = {
          id: newId(),
          scope: body.scope,
          documentIds: body.documentIds ?? [],
          createdAt: now.toISOString(),
          expiresAt: new Date(now.getTime() + body.hours * 3_600_000).toISOString(),
          revokedAt: null,
          status: "active",
          views: [],
          url: "http://localhost/medcard-share/Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA",
          code: "482913",
        };
        const { url: _url, code: _code, ...kept } = share;
        state.shares = [kept, ...state.shares];
        return jsonAnswer(201, share);
      }
      const revoked = /\/shares\/([^/]+)\/revoke$/.exec(path)?.[1];
      if (revoked && method === "POST") {
        const share = state.shares.find((item) => item.id === revoked);
        if (!share)
          return jsonAnswer(404, { type: "about:blank", title: "Не найдено", status: 404 });
        Object.assign(share, { status: "revoked", revokedAt: now.toISOString() });
        return jsonAnswer(200, share);
      }
      return jsonAnswer(404, { type: "about:blank", title: "Не найдено", status: 404 });
    }),
  );
  return state;
}

export interface SentUpload {
  path: string;
  body: FormData;
}

/**
 * An XMLHttpRequest for «Добавить документ» that reports the upload's progress and answers with
 * `answer(sent)` (status and JSON body); every upload it took is in `sent`.
 */
export function stubUploads(answer: (upload: SentUpload) => { status: number; body: unknown }) {
  const sent: SentUpload[] = [];
  class AnsweringXhr {
    upload: { onprogress?: (event: ProgressEvent) => void; onload?: () => void } = {};
    withCredentials = false;
    status = 0;
    responseText = "";
    onload?: () => void;
    onloadend?: () => void;
    onprogress?: () => void;
    onerror?: () => void;
    ontimeout?: () => void;
    onabort?: () => void;
    private path = "";
    private contentType = "";
    open(_method: string, path: string) {
      this.path = path;
    }
    setRequestHeader() {}
    getResponseHeader(name: string) {
      return name.toLowerCase() === "content-type" ? this.contentType : null;
    }
    abort() {}
    send(body: FormData) {
      const upload = { path: this.path, body };
      sent.push(upload);
      const { status, body: answerBody } = answer(upload);
      setTimeout(() => {
        this.upload.onprogress?.({
          lengthComputable: true,
          loaded: 50,
          total: 100,
        } as ProgressEvent);
        this.upload.onload?.();
        this.status = status;
        this.contentType = status >= 400 ? "application/problem+json" : "application/json";
        this.responseText = JSON.stringify(answerBody);
        this.onload?.();
        this.onloadend?.();
      }, 0);
    }
  }
  vi.stubGlobal("XMLHttpRequest", AnsweringXhr);
  return sent;
}
