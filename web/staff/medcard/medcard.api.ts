import type { QueryClient } from "@tanstack/react-query";
import {
  type MedcardEntryInput,
  type MedcardView,
  medcardDocumentSchema,
  medcardEntrySchema,
  medcardViewSchema,
} from "../../../common/medcard/medcard.schema.ts";
import {
  type StaffMedcardOpen,
  staffMedcardOpenedSchema,
} from "../../../common/medcard/staff-medcard.schema.ts";
import { api } from "../../ui/api.ts";
import { uploadForm } from "../../ui/upload.ts";
import { staffQuery } from "../staff-query.ts";

export const medcardKey = (cardId: string) => ["staff", "medcard", cardId] as const;

const cardPath = (cardId: string) => `/api/staff/medcard/cards/${encodeURIComponent(cardId)}`;

/** «Медкарта пациента» from a chat or an appeal, with the doctor's reason (audited). */
export function openMedcard(body: StaffMedcardOpen) {
  return api.post("/api/staff/medcard/open", body, { schema: staffMedcardOpenedSchema });
}

/** The opened card as the server has it now (each read is audited). */
export const medcardQuery = (cardId: string) =>
  staffQuery(medcardKey(cardId), cardPath(cardId), medcardViewSchema);

/** The card the opening answered with, kept so that it is not read a second time at once. */
export function storeMedcard(queryClient: QueryClient, view: MedcardView): void {
  queryClient.setQueryData(medcardKey(view.card.id), view);
}

/** «Добавить запись»: an entry of «Сводка» under the doctor's name. */
export function addMedcardEntry(cardId: string, body: MedcardEntryInput) {
  return api.post(`${cardPath(cardId)}/entries`, body, { schema: medcardEntrySchema });
}

export interface NewMedcardDocument {
  type: string;
  title: string;
  documentDate: string;
  file: File;
}

/** «Добавить документ»: the form with its one file, with upload progress. */
export function addMedcardDocument(
  cardId: string,
  document: NewMedcardDocument,
  onProgress?: (sent: number, total: number) => void,
) {
  const form = new FormData();
  form.append("type", document.type);
  form.append("title", document.title);
  form.append("documentDate", document.documentDate);
  form.append("file", document.file, document.file.name);
  return uploadForm(`${cardPath(cardId)}/documents`, form, {
    schema: medcardDocumentSchema,
    ...(onProgress ? { onProgress } : {}),
  });
}

/** A document's file: inline (a new tab shows it) or, with `download`, as an attachment. */
export function medcardFileUrl(cardId: string, documentId: string, download: boolean): string {
  const path = `${cardPath(cardId)}/documents/${encodeURIComponent(documentId)}/file`;
  return download ? `${path}?download=1` : path;
}
