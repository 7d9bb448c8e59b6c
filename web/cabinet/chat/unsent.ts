import type { QueryClient } from "@tanstack/react-query";
import { useSyncExternalStore } from "react";
import { z } from "zod";
import type { ChatConversation, ChatMessage } from "../../../common/chat/chat.schema.ts";
import { ApiError, NetworkError } from "../../ui/api.ts";
import { randomId } from "../../ui/random-id.ts";
import { forgetSessionOn401, onSignOut } from "../identity/session.ts";
import { chatQueryKeys, postChatMessage, startChat, storeSentMessage } from "./chat.api.ts";

/**
 * The client's messages the server has not acknowledged yet, per conversation. Each gets its id
 * (randomId) before the first try and keeps it on every retry, so the server, idempotent
 * on it, stores a message once however often it is sent. The texts are kept in localStorage, so a
 * reload does not lose them; files cannot be kept there and live only as long as this tab.
 */
export interface UnsentMessage {
  clientMessageId: string;
  body: string;
  createdAt: string;
  /** The names of the files it had, to say which are gone after a reload. */
  fileNames: string[];
}

export type Failure = { error: unknown; retryable: boolean };

export interface OutboxItem extends UnsentMessage {
  /** Under way (with the upload's percent), or failed with why. */
  state: { kind: "sending"; percent: number } | { kind: "failed"; failure: Failure | null };
  /** Its files are not in this tab any more (the page was reloaded after it failed). */
  filesLost: boolean;
}

/** «Новый чат»'s first message: the conversation to be and its person travel with it. */
export interface UnsentStart extends UnsentMessage {
  clientConversationId: string;
  personId: string;
}

const unsentMessageSchema = z.object({
  clientMessageId: z.uuid(),
  body: z.string(),
  createdAt: z.string(),
  fileNames: z.array(z.string()),
});
const unsentStartSchema = unsentMessageSchema.extend({
  clientConversationId: z.uuid(),
  personId: z.uuid(),
});

const STORAGE_PREFIX = "rms.chat.unsent.";
/** The outbox of «Новый чат», before there is a conversation. */
export const NEW_CHAT = "new";

/** A failure that another try may get past: no answer, a server error, a timeout, a limit. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof NetworkError) return true;
  if (!(error instanceof ApiError)) return false;
  return error.status >= 500 || [401, 408, 429].includes(error.status);
}

function storage(): Storage | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    return null;
  }
}

function load<T>(key: string, schema: z.ZodType<T>): T[] {
  try {
    const parsed = z.array(schema).safeParse(JSON.parse(storage()?.getItem(key) ?? "[]"));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

function save(key: string, items: readonly UnsentMessage[]): void {
  try {
    const store = storage();
    if (!store) return;
    if (items.length === 0) store.removeItem(key);
    else store.setItem(key, JSON.stringify(items));
  } catch {
    // A full or refused storage: the message is still in the thread until the tab closes.
  }
}

type Item = OutboxItem & Partial<Pick<UnsentStart, "clientConversationId" | "personId">>;

/** The items of each outbox loaded so far, the files held in this tab, and who listens. */
const outboxes = new Map<string, Item[]>();
const heldFiles = new Map<string, File[]>();
const listeners = new Set<() => void>();

function itemsOf(outbox: string): Item[] {
  let items = outboxes.get(outbox);
  if (!items) {
    const schema = outbox === NEW_CHAT ? unsentStartSchema : unsentMessageSchema;
    // Read back after a reload: whatever was under way then did not finish in this tab.
    items = load<UnsentMessage>(STORAGE_PREFIX + outbox, schema).map((stored) => ({
      ...stored,
      state: { kind: "failed", failure: null },
      filesLost: stored.fileNames.length > 0 && !heldFiles.has(stored.clientMessageId),
    }));
    outboxes.set(outbox, items);
  }
  return items;
}

function setItems(outbox: string, items: Item[]): void {
  outboxes.set(outbox, items);
  save(
    STORAGE_PREFIX + outbox,
    items.map(({ state: _state, filesLost: _lost, ...stored }) => stored),
  );
  for (const listener of listeners) listener();
}

function update(outbox: string, clientMessageId: string, change: Partial<Item>): void {
  setItems(
    outbox,
    itemsOf(outbox).map((item) =>
      item.clientMessageId === clientMessageId ? { ...item, ...change } : item,
    ),
  );
}

function remove(outbox: string, clientMessageId: string): void {
  heldFiles.delete(clientMessageId);
  setItems(
    outbox,
    itemsOf(outbox).filter((item) => item.clientMessageId !== clientMessageId),
  );
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The unsent messages of one conversation (or of «Новый чат»), oldest first. */
export function useOutbox(outbox: string): readonly OutboxItem[] {
  return useSyncExternalStore(subscribe, () => itemsOf(outbox));
}

/** «Новый чат»'s first message that is not acknowledged yet, if there is one. */
export function useUnsentStart(): (OutboxItem & UnsentStart) | null {
  const [first] = useOutbox(NEW_CHAT) as readonly (OutboxItem & UnsentStart)[];
  return first ?? null;
}

function formOf(item: Item): FormData {
  const form = new FormData();
  if (item.clientConversationId) form.append("clientConversationId", item.clientConversationId);
  if (item.personId) form.append("personId", item.personId);
  form.append("clientMessageId", item.clientMessageId);
  form.append("body", item.body);
  for (const file of heldFiles.get(item.clientMessageId) ?? []) {
    form.append("files", file, file.name);
  }
  return form;
}

async function attempt<T>(
  queryClient: QueryClient,
  outbox: string,
  item: Item,
  post: (form: FormData, onProgress: (sent: number, total: number) => void) => Promise<T>,
  /** Puts the answer where the thread reads it, before the unsent copy goes (no flicker). */
  acknowledged: (answer: T) => void,
): Promise<T | null> {
  update(outbox, item.clientMessageId, { state: { kind: "sending", percent: 0 } });
  try {
    const answer = await post(formOf(item), (sent, total) =>
      update(outbox, item.clientMessageId, {
        state: { kind: "sending", percent: total > 0 ? Math.round((sent / total) * 100) : 0 },
      }),
    );
    acknowledged(answer);
    remove(outbox, item.clientMessageId);
    return answer;
  } catch (error) {
    forgetSessionOn401(queryClient, error);
    update(outbox, item.clientMessageId, {
      state: { kind: "failed", failure: { error, retryable: isRetryable(error) } },
    });
    return null;
  }
}

function sendMessageItem(queryClient: QueryClient, conversationId: string, item: Item) {
  void attempt(
    queryClient,
    conversationId,
    item,
    (form, onProgress) => postChatMessage(conversationId, form, onProgress),
    (message) => {
      storeSentMessage(queryClient, conversationId, message);
      void queryClient.invalidateQueries({ queryKey: chatQueryKeys.list });
    },
  );
}

function newItem(body: string, files: readonly File[]): Item {
  const clientMessageId = randomId();
  if (files.length > 0) heldFiles.set(clientMessageId, [...files]);
  return {
    clientMessageId,
    body,
    createdAt: new Date().toISOString(),
    fileNames: files.map((file) => file.name),
    state: { kind: "sending", percent: 0 },
    filesLost: false,
  };
}

/** Sends a message in a conversation; it stays in the thread until the server has it. */
export function sendChatMessage(
  queryClient: QueryClient,
  conversationId: string,
  body: string,
  files: readonly File[],
): void {
  const item = newItem(body, files);
  setItems(conversationId, [...itemsOf(conversationId), item]);
  sendMessageItem(queryClient, conversationId, item);
}

/** «Повторить»: the same message, under the same id, so the server cannot store it twice. */
export function retryChatMessage(
  queryClient: QueryClient,
  conversationId: string,
  clientMessageId: string,
): void {
  const item = itemsOf(conversationId).find((known) => known.clientMessageId === clientMessageId);
  if (item?.state.kind === "failed") sendMessageItem(queryClient, conversationId, item);
}

/** Tries again every message of a conversation that failed for want of a connection. */
export function retryAllChatMessages(queryClient: QueryClient, conversationId: string): void {
  for (const item of itemsOf(conversationId)) {
    if (item.state.kind === "failed" && item.state.failure?.retryable && canRetry(item)) {
      sendMessageItem(queryClient, conversationId, item);
    }
  }
}

/** A message that lost its files to a reload can go again only if it has text. */
export function canRetry(item: OutboxItem): boolean {
  return !item.filesLost || item.body.trim().length > 0;
}

/**
 * Takes a failed message out of the thread; its text and files (if this tab still has them)
 * come back, for «Изменить».
 */
export function discardChatMessage(
  outbox: string,
  clientMessageId: string,
): { body: string; files: File[] } | null {
  const item = itemsOf(outbox).find((known) => known.clientMessageId === clientMessageId);
  if (!item) return null;
  const files = heldFiles.get(clientMessageId) ?? [];
  remove(outbox, clientMessageId);
  return { body: item.body, files };
}

/**
 * Drops the unsent messages the server turns out to have (an answer lost on the way back: the
 * message arrived, and the history read since shows it under its id).
 */
export function forgetArrived(conversationId: string, messages: readonly ChatMessage[]): void {
  const arrived = new Set(messages.map((message) => message.clientMessageId));
  const items = itemsOf(conversationId);
  if (items.some((item) => arrived.has(item.clientMessageId) && item.state.kind === "failed")) {
    for (const item of items) {
      if (arrived.has(item.clientMessageId)) heldFiles.delete(item.clientMessageId);
    }
    setItems(
      conversationId,
      items.filter((item) => !arrived.has(item.clientMessageId) || item.state.kind === "sending"),
    );
  }
}

function sendStartItem(queryClient: QueryClient, item: Item): Promise<ChatConversation | null> {
  return attempt(
    queryClient,
    NEW_CHAT,
    item,
    (form, onProgress) => startChat(form, onProgress),
    (conversation) => {
      queryClient.setQueryData(chatQueryKeys.conversation(conversation.id), conversation);
    },
  );
}

/**
 * «Отправить» on «Новый чат»: the conversation and the message get their ids now; the answer is
 * the new conversation, or null when it failed (the item then says why). A failure that another
 * try cannot help (a refused field) leaves nothing behind: the form shows it and keeps its values.
 */
export async function startChatConversation(
  queryClient: QueryClient,
  personId: string,
  body: string,
  files: readonly File[],
): Promise<{ conversation: ChatConversation } | { failure: Failure }> {
  const item: Item = {
    ...newItem(body, files),
    clientConversationId: randomId(),
    personId,
  };
  setItems(NEW_CHAT, [item]);
  return settleStart(queryClient, item);
}

/** «Повторить» the first message: the same conversation id and message id as before. */
export async function retryStart(
  queryClient: QueryClient,
): Promise<{ conversation: ChatConversation } | { failure: Failure } | null> {
  const [item] = itemsOf(NEW_CHAT);
  if (item?.state.kind !== "failed") return null;
  return settleStart(queryClient, item);
}

async function settleStart(
  queryClient: QueryClient,
  item: Item,
): Promise<{ conversation: ChatConversation } | { failure: Failure }> {
  const conversation = await sendStartItem(queryClient, item);
  if (conversation) {
    void queryClient.invalidateQueries({ queryKey: chatQueryKeys.list });
    return { conversation };
  }
  const failed = itemsOf(NEW_CHAT).find((known) => known.clientMessageId === item.clientMessageId);
  const failure =
    failed?.state.kind === "failed" && failed.state.failure
      ? failed.state.failure
      : { error: null, retryable: true };
  // Refused for what was filled in: nothing to retry, the form says what to change.
  if (!failure.retryable) remove(NEW_CHAT, item.clientMessageId);
  return { failure };
}

function dropHeld(): void {
  outboxes.clear();
  heldFiles.clear();
}

/** Test hook: forgets everything this tab holds (storage is the test's own to clear). */
export const resetOutboxesForTests = dropHeld;

/** «Выйти» on this device: the unsent texts (health matters, in the client's words) go too. */
function forgetAll(): void {
  dropHeld();
  const store = storage();
  if (!store) return;
  try {
    const keys = Array.from({ length: store.length }, (_, at) => store.key(at));
    for (const key of keys) if (key?.startsWith(STORAGE_PREFIX)) store.removeItem(key);
  } catch {
    // Storage refused: nothing of it can be read back either.
  }
  for (const listener of listeners) listener();
}
onSignOut(forgetAll);
