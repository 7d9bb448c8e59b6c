import { Anchor, Button, Container, List, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { LegalDocumentSummary } from "../../../common/identity/legal.schema.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { describeError } from "../../ui/server-errors.ts";
import { acceptDocuments } from "./identity.api.ts";
import { setSession, useSignOut } from "./session.ts";

/** A link to a legal document's own page, which opens beside the cabinet. */
export function LegalDocumentLink({
  document,
  newTabNote,
}: {
  document: LegalDocumentSummary;
  newTabNote: string;
}) {
  return (
    <Anchor href={document.url} target="_blank" rel="noopener" underline="always">
      {document.title}
      <span className="visually-hidden"> ({newTabNote})</span>
    </Anchor>
  );
}

/**
 * Shown before anything else in the cabinet when new versions of the documents are waiting:
 * the client accepts them or signs out.
 */
export function ConsentScreen({ documents }: { documents: LegalDocumentSummary[] }) {
  const { t } = useTranslation("identity");
  const { t: tCommon } = useTranslation("common");
  const queryClient = useQueryClient();
  const signOut = useSignOut();
  const [error, setError] = useState<string | null>(null);

  const accept = useMutation({
    mutationFn: () => acceptDocuments(documents),
    onSuccess: (session) => setSession(queryClient, session),
    onError: (failure) => setError(describeError(failure, tCommon)),
  });

  return (
    <Container size="xs" px="md" py={{ base: "lg", sm: 48 }}>
      <title>{t("consent.pageTitle")}</title>
      <Stack gap="md">
        <Title order={1}>{t("consent.title")}</Title>
        <Text>{t("consent.text")}</Text>
        <Title order={2} fz="lg">
          {t("consent.listTitle")}
        </Title>
        <List spacing="xs">
          {documents.map((document) => (
            <List.Item key={document.slug}>
              <LegalDocumentLink document={document} newTabNote={t("consent.newTab")} />{" "}
              <Text span c="dimmed" fz="sm">
                ({t("consent.version", { version: document.version })})
              </Text>
            </List.Item>
          ))}
        </List>
        {error ? <FormAlert title={t("consent.errorTitle")}>{error}</FormAlert> : null}
        {signOut.error ? (
          <FormAlert title={t("consent.errorTitle")}>
            {describeError(signOut.error, tCommon)}
          </FormAlert>
        ) : null}
        <Button
          fullWidth
          loading={accept.isPending}
          onClick={() => {
            setError(null);
            accept.mutate();
          }}
        >
          {t("consent.accept")}
        </Button>
        <Button
          fullWidth
          variant="default"
          loading={signOut.isPending}
          onClick={() => signOut.mutate()}
        >
          {t("consent.signOut")}
        </Button>
      </Stack>
    </Container>
  );
}
