import { type QueryClient, queryOptions, useQuery } from "@tanstack/react-query";
import { z } from "zod";
import {
  type MedcardDocument,
  type MedcardEntry,
  type MedcardEntryInput,
  type MedcardShare,
  type MedcardShareCreated,
  type MedcardShareInput,
  type MedcardView,
  medcardDocumentSchema,
  medcardEntrySchema,
  medcardHomeSchema,
  medcardShareCreatedSchema,
  medcardShareSchema,
  medcardViewSchema,
} from "../../../common/medcard/medcard.schema.ts";
import { ApiError, api } from "../../ui/api.ts";
import { uploadForm } from "../../ui/upload.ts";
import { forgetSessionOn401 } from "../identity/session.ts";

/** Every «Медкарта» query sits under ["medcard"]. */
export const medcardQueryKeys = {
  all: ["medcard"] as const,
  home: ["medcard", "home"] as const,
  card: (cardId: string) => ["medcard", "card", cardId] as const,
  shares: (cardId: string) => ["medcard", "shares", cardId] as const,
};

const cardPath = (cardId: string) => `/api/medcard/cards/${encodeURIComponent(cardId)}`;
const documentPath = (cardId: string, documentId: string) =>
  `${cardPath(cardId)}/documents/${encodeURIComponent(documentId)}`;

/** 4xx answers (no consent, not this account's card, signed out) are final: only the others are retried. */
function retryTransient(failures: number, error: Error): boolean {
  return failures < 1 && !(error instanceof ApiError && error.status < 500);
}

function withSession<T>(load: (signal: AbortSignal) => Promise<T>) {
  return async ({ signal, client }: { signal: AbortSignal; client: QueryClient }) => {
    try {
      return await load(signal);
    } catch (error) {
      forgetSessionOn401(client, error);
      throw error;
    }
  };
}

/** The cards this account may read, and whether the consent to health data is still to be given. */
export function medcardHomeQuery() {
  return queryOptions({
    queryKey: medcardQueryKeys.home,
    queryFn: withSession((signal) =>
      api.get("/api/medcard", { schema: medcardHomeSchema, signal }),
    ),
    retry: retryTransient,
  });
}

export function useMedcardHome() {
  return useQuery(medcardHomeQuery());
}

/** One card: «Сводка», «Приёмы и консультации», «Документы». */
export function medcardViewQuery(cardId: string) {
  return queryOptions({
    queryKey: medcardQueryKeys.card(cardId),
    queryFn: withSession((signal) =>
      api.get(cardPath(cardId), { schema: medcardViewSchema, signal }),
    ),
    retry: retryTransient,
  });
}

export function useMedcardView(cardId: string) {
  return useQuery(medcardViewQuery(cardId));
}

const shareListSchema = z.object({ shares: z.array(medcardShareSchema) });

/** «Открытые доступы»: the card's shares, newest first, with their openings. */
export function medcardSharesQuery(cardId: string) {
  return queryOptions({
    queryKey: medcardQueryKeys.shares(cardId),
    queryFn: withSession(
      async (signal) =>
        (await api.get(`${cardPath(cardId)}/shares`, { schema: shareListSchema, signal })).shares,
    ),
    retry: retryTransient,
  });
}

export function useMedcardShares(cardId: string) {
  return useQuery(medcardSharesQuery(cardId));
}

/**
 * «Дать согласие»: accepts the version of the consent to processing health data the client was
 * shown; 409 when a newer one was published meanwhile.
 */
export function giveHealthConsent(version: number): Promise<void> {
  return api.post("/api/medcard/consent", { version });
}

/** «Добавить» in «Сводка»: 201 with the new entry (a blood group replaces the one before). */
export function addEntry(cardId: string, input: MedcardEntryInput): Promise<MedcardEntry> {
  return api.post(`${cardPath(cardId)}/entries`, input, { schema: medcardEntrySchema });
}

/** «Изменить»: only the client's own entries. */
export function changeEntry(
  cardId: string,
  entryId: string,
  input: MedcardEntryInput,
): Promise<MedcardEntry> {
  return api.put(`${cardPath(cardId)}/entries/${encodeURIComponent(entryId)}`, input, {
    schema: medcardEntrySchema,
  });
}

/** «Удалить»: only the client's own entries. */
export function removeEntry(cardId: string, entryId: string): Promise<void> {
  return api.delete(`${cardPath(cardId)}/entries/${encodeURIComponent(entryId)}`);
}

/** «Добавить документ»: multipart (type, title, documentDate, file), with upload progress. */
export function uploadDocument(
  cardId: string,
  form: FormData,
  onProgress: (sent: number, total: number) => void,
): Promise<MedcardDocument> {
  return uploadForm(`${cardPath(cardId)}/documents`, form, {
    schema: medcardDocumentSchema,
    onProgress,
  });
}

/** «Удалить» a document the client added itself. */
export function removeDocument(cardId: string, documentId: string): Promise<void> {
  return api.delete(documentPath(cardId, documentId));
}

/** The document's file as the browser shows it (an image, a PDF in its viewer). */
export function documentFileHref(cardId: string, documentId: string): string {
  return `${documentPath(cardId, documentId)}/file`;
}

/** The same file as an attachment: «Скачать». */
export function documentDownloadHref(cardId: string, documentId: string): string {
  return `${documentFileHref(cardId, documentId)}?download=1`;
}

/** «Выписка»: the printable PDF of the card. */
export function extractHref(cardId: string): string {
  return `${cardPath(cardId)}/extract.pdf`;
}

/** «Скачать в формате FHIR»: the card as a FHIR R4 Bundle. */
export function fhirHref(cardId: string): string {
  return `${cardPath(cardId)}/fhir`;
}

/** «Создать ссылку»: the link and the code come back this once. */
export function createShare(
  cardId: string,
  input: MedcardShareInput,
): Promise<MedcardShareCreated> {
  return api.post(`${cardPath(cardId)}/shares`, input, { schema: medcardShareCreatedSchema });
}

/** «Отозвать»: the link stops working at once. */
export function revokeShare(cardId: string, shareId: string): Promise<MedcardShare> {
  return api.post(`${cardPath(cardId)}/shares/${encodeURIComponent(shareId)}/revoke`, undefined, {
    schema: medcardShareSchema,
  });
}

/** Puts a changed card into the cache at once and reads it again from the server. */
export function updateCard(
  queryClient: QueryClient,
  cardId: string,
  change: (view: MedcardView) => MedcardView,
): void {
  queryClient.setQueryData<MedcardView>(medcardQueryKeys.card(cardId), (view) =>
    view ? change(view) : view,
  );
  void queryClient.invalidateQueries({ queryKey: medcardQueryKeys.card(cardId) });
}
