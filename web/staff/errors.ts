import { useTranslation } from "react-i18next";
import type { FallbackMessages } from "../ui/problem-errors.ts";

/** The console's wording for errors the server did not put into words. */
export function useFallbackMessages(): FallbackMessages {
  const { t } = useTranslation("staff");
  return {
    network: t("errors.network"),
    unexpected: t("errors.unexpected"),
    tooManyRequests: t("errors.tooManyRequests"),
  };
}
