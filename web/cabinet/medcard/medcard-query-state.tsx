import { Button, Group, Loader, Stack } from "@mantine/core";
import { type UseQueryResult, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useEffect } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../ui/api.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { PageLoader } from "../../ui/page-loader.tsx";
import { describeError } from "../../ui/server-errors.ts";
import { forgetSessionOn401 } from "../identity/session.ts";

/** A medcard query's spinner or its Russian error with «Загрузить ещё раз»; the content once loaded. */
export function MedcardQueryState<T>({
  query,
  failedTitle,
  inline = false,
  children,
}: {
  query: UseQueryResult<T>;
  failedTitle?: string;
  /** A section's own query: a small spinner in its place, not a screen's. */
  inline?: boolean;
  children: (data: T) => ReactNode;
}) {
  const { t } = useTranslation("medcard");
  const { t: tCommon } = useTranslation("common");
  const queryClient = useQueryClient();
  useEffect(() => {
    if (query.error) forgetSessionOn401(queryClient, query.error);
  }, [query.error, queryClient]);
  if (query.isPending) {
    return inline ? (
      <Group role="status" aria-live="polite">
        <Loader size="sm" aria-hidden="true" />
        <span className="visually-hidden">{t("loading")}</span>
      </Group>
    ) : (
      <PageLoader label={t("loading")} />
    );
  }
  if (query.isError) {
    // A card that is not this account's (404) will not appear on a second try.
    const final = query.error instanceof ApiError && query.error.status === 404;
    return (
      <Stack gap="md">
        <FormAlert title={failedTitle ?? t("loadFailedTitle")}>
          {describeError(query.error, tCommon)}
        </FormAlert>
        {final ? null : (
          <Button
            variant="light"
            onClick={() => void query.refetch()}
            loading={query.isFetching}
            style={{ alignSelf: "flex-start" }}
          >
            {t("retry")}
          </Button>
        )}
      </Stack>
    );
  }
  return <>{children(query.data)}</>;
}
