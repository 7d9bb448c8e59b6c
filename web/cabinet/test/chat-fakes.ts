import { vi } from "vitest";
import type {
  ChatConversation,
  ChatMessage,
  ChatOptions,
} from "../../../common/chat/chat.schema.ts";
import { jsonAnswer } from "./render.tsx";

export const conversationId = "00000000-0000-4000-8000-00000000c4a7";
export const personId = "00000000-0000-4000-8000-0000000000f1";

export const options: ChatOptions = {
  persons: [
    {
      personId,
      name: "Иванов Евгений Александрович",
      contractId: "00000000-0000-4000-8000-0000000000c1",
      contractNumber: "11/22445568",
      programName: "Позвони Врачу плюс",
      isAccountHolder: true,
    },
  ],
  typicalReplyMinutes: 7,
  targetReplyMinutes: 15,
};

/** The client's first message, read by the doctor. */
export const clientMessage: ChatMessage = {
  offeredSlots: [],
  id: "00000000-0000-4000-8000-0000000000e1",
  clientMessageId: "00000000-0000-4000-8000-0000000000b1",
  author: "client",
  authorName: "Иванов Евгений",
  authorSpecialty: null,
  body: "Болит горло третий день",
  files: [],
  createdAt: "2026-12-02T07:00:00.000Z",
  delivery: "read",
};

/** The doctor's answer, read by the client. */
export const doctorMessage: ChatMessage = {
  offeredSlots: [],
  id: "00000000-0000-4000-8000-0000000000e2",
  clientMessageId: null,
  author: "doctor",
  authorName: "Петрова Анна Сергеевна",
  authorSpecialty: "терапевт",
  body: "Здравствуйте! Есть ли температура?",
  files: [],
  createdAt: "2026-12-02T07:05:00.000Z",
  delivery: "read",
};

export function conversationOf(change: Partial<ChatConversation> = {}): ChatConversation {
  return {
    recommendedSpecialty: null,
    id: conversationId,
    clientConversationId: "00000000-0000-4000-8000-0000000000a1",
    status: "active",
    personId,
    personName: "Иванов Евгений Александрович",
    contractId: "00000000-0000-4000-8000-0000000000c1",
    contractNumber: "11/22445568",
    doctor: {
      id: "00000000-0000-4000-8000-0000000000d1",
      name: "Петрова Анна Сергеевна",
      specialty: "терапевт",
    },
    createdAt: "2026-12-02T07:00:00.000Z",
    lastMessageAt: "2026-12-02T07:05:00.000Z",
    lastMessagePreview: "Здравствуйте",
    unread: 0,
    conclusion: null,
    rating: null,
    messages: [clientMessage, doctorMessage],
    ...change,
  };
}

/** An upload the test answers (or cuts off) by hand, as the browser's XMLHttpRequest would. */
export class FakeXhr {
  static sent: FakeXhr[] = [];
  upload: { onprogress?: (event: ProgressEvent) => void; onload?: () => void } = {};
  withCredentials = false;
  method = "";
  path = "";
  body: FormData | null = null;
  status = 0;
  responseText = "";
  onload?: () => void;
  onerror?: () => void;
  onabort?: () => void;
  ontimeout?: () => void;
  onloadend?: () => void;
  onprogress?: () => void;
  open(method: string, path: string) {
    this.method = method;
    this.path = path;
  }
  setRequestHeader() {}
  getResponseHeader(name: string) {
    return name.toLowerCase() === "content-type" ? "application/json" : null;
  }
  abort() {
    this.onabort?.();
  }
  send(body: FormData) {
    this.body = body;
    FakeXhr.sent.push(this);
  }
  /** The connection drops: no answer at all. */
  failNetwork() {
    this.onerror?.();
    this.onloadend?.();
  }
  answer(status: number, body: unknown) {
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.onload?.();
    this.onloadend?.();
  }
}

export function stubXhr() {
  FakeXhr.sent = [];
  vi.stubGlobal("XMLHttpRequest", FakeXhr);
}

type Handler = (request: { method: string; path: string; body: unknown }) => Response | undefined;

/** The API at the fetch level: GETs of options and the conversation, the rest by `handle`. */
export function stubApi(
  state: { conversation?: ChatConversation; options?: ChatOptions },
  handle?: Handler,
) {
  const fetch = vi.fn(async (input: string, init?: RequestInit) => {
    const method = init?.method ?? "GET";
    const path = String(input);
    const body = typeof init?.body === "string" ? (JSON.parse(init.body) as unknown) : undefined;
    const handled = handle?.({ method, path, body });
    if (handled) return handled;
    if (method === "GET" && path === "/api/chat/options")
      return jsonAnswer(200, state.options ?? options);
    if (method === "GET" && path === "/api/chat/conversations") {
      return jsonAnswer(200, { conversations: state.conversation ? [state.conversation] : [] });
    }
    if (
      method === "GET" &&
      state.conversation &&
      path === `/api/chat/conversations/${state.conversation.id}`
    ) {
      return jsonAnswer(200, state.conversation);
    }
    if (method === "POST" && path.endsWith("/receipts")) return new Response(null, { status: 204 });
    if (method === "POST" && path.endsWith("/typing")) return new Response(null, { status: 204 });
    return jsonAnswer(404, { type: "about:blank", title: "Не найдено", status: 404 });
  });
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

/** What an upload sent (the test fails here if it sent nothing). */
export function sentForm(xhr: FakeXhr | undefined): FormData {
  if (!xhr?.body) throw new Error("nothing was uploaded");
  return xhr.body;
}

export function messageFrom(form: FormData, change: Partial<ChatMessage> = {}): ChatMessage {
  return {
    offeredSlots: [],
    id: "00000000-0000-4000-8000-0000000000e9",
    clientMessageId: String(form.get("clientMessageId")),
    author: "client",
    authorName: "Иванов Евгений",
    authorSpecialty: null,
    body: String(form.get("body")),
    files: [],
    createdAt: "2026-12-02T07:10:00.000Z",
    delivery: "sent",
    ...change,
  };
}
