import { Anchor, Button, Paper, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { LegalDocumentSummary } from "../../../common/identity/legal.schema.ts";
import { ApiError } from "../../ui/api.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { describeError } from "../../ui/server-errors.ts";
import { forgetSessionOn401 } from "../identity/session.ts";
import { giveHealthConsent, medcardQueryKeys } from "./medcard.api.ts";

/**
 * The step before the first card: health data are medical secrecy and need their own consent
 * (apart from the personal-data one given at registration); once given, the cards open.
 */
export function ConsentStep({ document }: { document: LegalDocumentSummary }) {
  const { t } = useTranslation("medcard");
  const { t: tCommon } = useTranslation("common");
  const queryClient = useQueryClient();
  const consent = useMutation({
    mutationFn: () => giveHealthConsent(document.version),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: medcardQueryKeys.home }),
    onError: (error) => {
      forgetSessionOn401(queryClient, error);
      // A newer version published meanwhile (409): show that one to be read and accepted.
      if (error instanceof ApiError && error.status === 409) {
        void queryClient.invalidateQueries({ queryKey: medcardQueryKeys.home });
      }
    },
  });
  return (
    <Paper
      component="section"
      aria-labelledby="medcard-consent-title"
      withBorder
      radius="lg"
      p={{ base: "md", sm: "lg" }}
    >
      <Stack gap="md" maw={640}>
        <Title order={2} fz="h3" id="medcard-consent-title">
          {t("consent.title")}
        </Title>
        <Text>{t("consent.text")}</Text>
        <Text>
          {t("consent.documentLabel")}{" "}
          <Anchor href={document.url} target="_blank" rel="noopener" underline="always">
            {document.title}
            <span className="visually-hidden"> {t("actions.newTab")}</span>
          </Anchor>
        </Text>
        {consent.isError ? (
          <FormAlert title={t("consent.failedTitle")}>
            {describeError(consent.error, tCommon)}
          </FormAlert>
        ) : null}
        <Button
          onClick={() => consent.mutate()}
          loading={consent.isPending}
          style={{ alignSelf: "flex-start" }}
        >
          {t("consent.accept")}
        </Button>
      </Stack>
    </Paper>
  );
}
