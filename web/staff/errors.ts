import { useTranslation } from "react-i18next";
import type { FallbackMessages } from "../ui/problem-errors.ts";
import type { QueryStateTexts } from "../ui/query-states.tsx";

/** The console's wording for errors the server did not put into words. */
export function useFallbackMessages(): FallbackMessages {
  const { t } = useTranslation("staff");
  return {
    network: t("errors.network"),
    unexpected: t("errors.unexpected"),
    tooManyRequests: t("errors.tooManyRequests"),
  };
}

/** The console's wording of the shared list states (web/ui/query-states.tsx). */
export function useConsoleQueryStateTexts(): QueryStateTexts {
  const { t } = useTranslation("staff");
  const errors = useFallbackMessages();
  return { retry: t("common.retry"), loadMore: t("common.loadMore"), errors };
}
