import { useQuery, useQueryClient } from "@tanstack/react-query";
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
import { uploadForm } from "../../ui/upload.ts";
import { forgetSessionOn401 } from "../identity/session.ts";

export const callbacksQueryKey = ["callbacks"] as const;
export const messagesQueryKey = (contractId?: string) =>
  contractId ? (["messages", contractId] as const) : (["messages"] as const);

/** The client's call-back requests, newest first. */
export function useCallbacks() {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: callbacksQueryKey,
    queryFn: async ({ signal }) => {
      try {
        return (await api.get("/api/callbacks", { schema: callbackListSchema, signal })).callbacks;
      } catch (error) {
        forgetSessionOn401(queryClient, error);
        throw error;
      }
    },
  });
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
export function useMessages(contractId?: string) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: messagesQueryKey(contractId),
    queryFn: async ({ signal }) => {
      const query = contractId ? `?contractId=${encodeURIComponent(contractId)}` : "";
      try {
        return await api.get(`/api/messages${query}`, { schema: clientMessageListSchema, signal });
      } catch (error) {
        forgetSessionOn401(queryClient, error);
        throw error;
      }
    },
  });
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
