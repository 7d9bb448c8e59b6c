import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import {
  type MedcardSharedView,
  medcardSharedViewSchema,
  medcardShareStatusSchema,
} from "../../../common/medcard/medcard.schema.ts";
import { ApiError, api } from "../../ui/api.ts";

// The shared card's page talks to the public routes only: no account, the link's token and code.

const sharePath = (token: string) => `/api/medcard-shares/${encodeURIComponent(token)}`;

export const medcardShareQueryKeys = {
  status: (token: string) => ["medcard-share", token, "status"] as const,
};

/** Whether the link still opens (an unknown one answers 404): asked before the code. */
export function shareStatusQuery(token: string) {
  return queryOptions({
    queryKey: medcardShareQueryKeys.status(token),
    queryFn: ({ signal }) =>
      api.get(sharePath(token), { schema: medcardShareStatusSchema, signal }),
    // An unknown link stays unknown; only a failure of the network or the server is worth a retry.
    retry: (failures, error) => failures < 1 && !(error instanceof ApiError && error.status < 500),
    refetchOnWindowFocus: false,
  });
}

/**
 * «Открыть» with the code: the card as the link shows it. The answer also gives this browser the
 * opening's cookie for the files. A 404 means the link closed meanwhile, so its status is asked again.
 */
export function useOpenSharedCard(token: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (code: string): Promise<MedcardSharedView> =>
      api.post(`${sharePath(token)}/open`, { code }, { schema: medcardSharedViewSchema }),
    onError: (error) => {
      if (error instanceof ApiError && error.status === 404) {
        void queryClient.invalidateQueries({ queryKey: medcardShareQueryKeys.status(token) });
      }
    },
  });
}

/** A shared document's file: shown in the browser, or with `download` saved under its name. */
export function sharedFileUrl(token: string, documentId: string, download = false): string {
  const path = `${sharePath(token)}/documents/${encodeURIComponent(documentId)}/file`;
  return download ? `${path}?download=1` : path;
}
