import { Paper, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useLocation, useParams } from "react-router";
import { Page } from "../shell/page.tsx";
import { useProgramProcedure } from "./contracts-api.ts";
import { QueryState } from "./query-state.tsx";
import { SafeHtml } from "./safe-html.tsx";

function backPath(state: unknown): string {
  if (typeof state === "object" && state !== null && "from" in state) {
    const from = (state as { from: unknown }).from;
    if (typeof from === "string" && from.startsWith("/cabinet/")) return from;
  }
  return "/cabinet/contracts";
}

/** «Порядок получения медицинского обслуживания» of a program on one of the account's contracts. */
export function ProcedurePage() {
  const { t } = useTranslation("contracts");
  const { id = "" } = useParams();
  const location = useLocation();
  const procedure = useProgramProcedure(id);
  return (
    <Page
      documentTitle={t("procedure.pageTitle")}
      title={t("procedure.title")}
      back={{ to: backPath(location.state), label: t("procedure.back") }}
    >
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
