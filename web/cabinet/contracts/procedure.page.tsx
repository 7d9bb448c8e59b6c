import { Paper, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { useBackTo } from "../shell/back-link.tsx";
import { Page } from "../shell/page.tsx";
import { useProgramProcedure } from "./contracts.api.ts";
import { QueryState } from "./query-state.tsx";
import { SafeHtml } from "./safe-html.tsx";

/** «Порядок получения медицинского обслуживания» of a program on one of the account's contracts. */
export function ProcedurePage() {
  const { t } = useTranslation("contracts");
  const { id = "" } = useParams();
  const procedure = useProgramProcedure(id);
  // Opened from a contract's page; without that, the list of contracts is the way up.
  const back = useBackTo({ to: "/cabinet/contracts", label: t("list.title") });
  return (
    <Page documentTitle={t("procedure.pageTitle")} title={t("procedure.title")} back={back}>
      <QueryState query={procedure}>
        {(loaded) => (
          <Paper withBorder radius="lg" p={{ base: "md", sm: "lg" }}>
            <Stack gap="md">
              <Text fw={700}>{t("procedure.program", { name: loaded.name })}</Text>
              <SafeHtml html={loaded.procedureHtml} />
            </Stack>
          </Paper>
        )}
      </QueryState>
    </Page>
  );
}
