import { Button, Stack } from "@mantine/core";
import { type UseQueryResult, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useEffect } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../ui/api.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { PageLoader } from "../../ui/page-loader.tsx";
import { describeError } from "../../ui/server-errors.ts";
import { forgetSessionOn401 } from "../identity/session.ts";

/** A query's loading spinner or its error with «Загрузить ещё раз»; the content once it is there. */
export function QueryState<T>({
  query,
  children,
}: {
  query: UseQueryResult<T>;
  children: (data: T) => ReactNode;
}) {
  const { t } = useTranslation("contracts");
  const { t: tCommon } = useTranslation("common");
  const queryClient = useQueryClient();
  // A session that ended elsewhere: the cabinet's layout then opens the sign-in page.
  useEffect(() => {
    if (query.error) forgetSessionOn401(queryClient, query.error);
  }, [query.error, queryClient]);
  if (query.isPending) return <PageLoader label={t("loading")} />;
  if (query.isError) {
    // A contract that is not there (or not this account's) will not appear on a second try.
    const final = query.error instanceof ApiError && query.error.status === 404;
    return (
      <Stack gap="md">
        <FormAlert title={t("loadFailedTitle")}>{describeError(query.error, tCommon)}</FormAlert>
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
