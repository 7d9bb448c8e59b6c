import { queryOptions, useQuery } from "@tanstack/react-query";
import {
  type Callback,
  type CallbackRequestInput,
  type ClientMessage,
  callbackListSchema,
  callbackSchema,
  clientMessageListSchema,
  clientMessageSchema,
} from "../../../common/contact/contact.schema.ts";
import { api } from "../../ui/api.ts";
import { liveFallbackInterval } from "../../ui/live-events.ts";
import { uploadForm } from "../../ui/upload.ts";
import { forgetSessionOn401 } from "../identity/session.ts";

export const callbacksQueryKey = ["callbacks"] as const;
export const messagesQueryKey = (contractId?: string) =>
  contractId ? (["messages", contractId] as const) : (["messages"] as const);

/** The client's call-back requests, newest first. */
export function callbacksQuery() {
  return queryOptions({
    queryKey: callbacksQueryKey,
    queryFn: async ({ signal, client }) => {
      try {
        return (await api.get("/api/callbacks", { schema: callbackListSchema, signal })).callbacks;
      } catch (error) {
        forgetSessionOn401(client, error);
        throw error;
      }
    },
    refetchInterval: liveFallbackInterval(),
  });
}

export function useCallbacks() {
  return useQuery(callbacksQuery());
}

export function requestCallback(contractId: string, body: CallbackRequestInput): Promise<Callback> {
  return api.post(`/api/contracts/${encodeURIComponent(contractId)}/callbacks`, body, {
    schema: callbackSchema,
  });
}

export function cancelCallback(id: string): Promise<Callback> {
  return api.post(`/api/callbacks/${encodeURIComponent(id)}/cancel`, undefined, {
    schema: callbackSchema,
  });
}

/** The correspondence: every message of the account, or of one contract. */
export function messagesQuery(contractId?: string) {
  return queryOptions({
    queryKey: messagesQueryKey(contractId),
    queryFn: async ({ signal, client }) => {
      const query = contractId ? `?contractId=${encodeURIComponent(contractId)}` : "";
      try {
        return await api.get(`/api/messages${query}`, { schema: clientMessageListSchema, signal });
      } catch (error) {
        forgetSessionOn401(client, error);
        throw error;
      }
    },
    // A reply shows up through the cabinet's live stream; polled slowly only while it is down.
    refetchInterval: liveFallbackInterval(),
  });
}

export function useMessages(contractId?: string) {
  return useQuery(messagesQuery(contractId));
}

export function markThreadRead(id: string): Promise<ClientMessage> {
  return api.post(`/api/messages/${encodeURIComponent(id)}/read`, undefined, {
    schema: clientMessageSchema,
  });
}

export function sendMessage(
  contractId: string,
  form: FormData,
  onProgress: (sent: number, total: number) => void,
): Promise<ClientMessage> {
  return uploadForm(`/api/contracts/${encodeURIComponent(contractId)}/messages`, form, {
    schema: clientMessageSchema,
    onProgress,
  });
}

export function attachmentHref(messageId: string, attachmentId: string): string {
  return `/api/messages/${encodeURIComponent(messageId)}/attachments/${encodeURIComponent(attachmentId)}`;
}
