import { zodResolver } from "@hookform/resolvers/zod";
import {
  Anchor,
  Badge,
  Button,
  Code,
  Group,
  Modal,
  NativeSelect,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { formatMoscowDateTime } from "../../../common/format/date.ts";
import {
  type IntegrationToken,
  type IssuedIntegrationToken,
  type IssueIntegrationToken,
  issueIntegrationTokenSchema,
} from "../../../common/integration/integration.schema.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { bindField, controlledFieldProps } from "../../ui/form-field.ts";
import { PageLoader } from "../../ui/page-loader.tsx";
import { describeProblem, placeProblem } from "../../ui/problem-errors.ts";
import { clinicImportChoicesQuery } from "../clinics/import/clinic-import.api.ts";
import { useFallbackMessages } from "../errors.ts";
import { ColumnHeads } from "../shell/column-heads.tsx";
import { ShownOnceSecret } from "../shell/shown-once-secret.tsx";
import {
  integrationTokensQuery,
  issueToken,
  revokeToken,
  useStoreToken,
} from "./integration.api.ts";

type IssueBody = z.output<typeof issueIntegrationTokenSchema>;

function IssueForm({ onIssued }: { onIssued: (issued: IssuedIntegrationToken) => void }) {
  const { t } = useTranslation("staffIntegration");
  const messages = useFallbackMessages();
  const store = useStoreToken();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<IssueIntegrationToken, unknown, IssueBody>({
    resolver: zodResolver(issueIntegrationTokenSchema),
    defaultValues: { name: "", clinicId: null },
  });
  const { handleSubmit, setError, reset } = form;
  const issue = useMutation({ mutationFn: issueToken });
  // A clinic's token sends that clinic's slots; the list is the clinic import's.
  const clinics = useQuery(clinicImportChoicesQuery());

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    try {
      const issued = await issue.mutateAsync(values);
      store(issued.info);
      reset({ name: "", clinicId: null });
      onIssued(issued);
    } catch (error) {
      setFormError(
        placeProblem(
          error,
          ["name", "clinicId"] as const,
          (name, message, focus) =>
            setError(name, { type: "server", message }, { shouldFocus: focus }),
          messages,
        ),
      );
    }
  });

  return (
    <Paper withBorder radius="lg" p={{ base: "md", sm: "lg" }} component="section">
      <form onSubmit={onSubmit} noValidate aria-labelledby="token-issue-title">
        <Stack gap="md">
          <Title order={2} fz="h3" id="token-issue-title">
            {t("integration.issueTitle")}
          </Title>
          {formError ? (
            <FormAlert title={t("integration.issueFailed")}>{formError}</FormAlert>
          ) : null}
          <TextInput
            label={t("integration.name")}
            description={t("integration.nameHint")}
            placeholder={t("integration.namePlaceholder")}
            autoComplete="off"
            maw={480}
            {...bindField(form, "name")}
          />
          <Controller
            control={form.control}
            name="clinicId"
            render={({ field, fieldState }) => (
              <NativeSelect
                label={t("integration.clinic")}
                description={t("integration.clinicHint")}
                maw={480}
                name={field.name}
                ref={field.ref}
                onBlur={field.onBlur}
                value={field.value ?? ""}
                onChange={(event) => field.onChange(event.currentTarget.value || null)}
                data={[
                  { value: "", label: t("integration.noClinic") },
                  ...(clinics.data?.clinics ?? []).map((clinic) => ({
                    value: clinic.id,
                    label: `${clinic.name} — ${clinic.address}`,
                  })),
                ]}
                {...controlledFieldProps(fieldState)}
              />
            )}
          />
          <Group>
            <Button type="submit" loading={issue.isPending}>
              {t("integration.issue")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/** The token, this once: the server keeps only its hash. */
function IssuedToken({
  issued,
  onDismiss,
}: {
  issued: IssuedIntegrationToken;
  onDismiss: () => void;
}) {
  const { t } = useTranslation("staffIntegration");
  return (
    <ShownOnceSecret
      id="issued-token"
      title={t("integration.issuedTitle", { name: issued.info.name })}
      label={t("integration.issuedLabel")}
      secret={issued.token}
      testId="issued-token"
      copy={{ label: t("integration.copy"), done: t("integration.copied") }}
      note={t("integration.issuedWarning")}
      dismiss={t("integration.dismiss")}
      onDismiss={onDismiss}
    />
  );
}

function TokenStatus({ token }: { token: IntegrationToken }) {
  const { t } = useTranslation("staffIntegration");
  if (token.revokedAt) {
    return (
      <Badge
        color="gray"
        variant="light"
        tt="none"
        styles={{ label: { color: "#343a40", overflow: "visible" } }}
      >
        {t("integration.revoked", { date: formatMoscowDateTime(token.revokedAt) })}
      </Badge>
    );
  }
  return (
    <Badge
      color="green"
      variant="light"
      tt="none"
      styles={{ label: { color: "#1b5e20", overflow: "visible" } }}
    >
      {t("integration.active")}
    </Badge>
  );
}

/** «Интеграция»: the tokens of the company's information system. */
export function IntegrationPage() {
  const { t } = useTranslation("staffIntegration");
  const { t: tStaff } = useTranslation("staff");
  const messages = useFallbackMessages();
  const store = useStoreToken();
  const tokens = useQuery(integrationTokensQuery());
  const [issued, setIssued] = useState<IssuedIntegrationToken | null>(null);
  // The token stays named while the dialog fades out after a choice.
  const [confirming, setConfirming] = useState<IntegrationToken | null>(null);
  const [confirmOpen, setConfirmOpen] = useState(false);
  const closeConfirm = () => setConfirmOpen(false);
  const [actionError, setActionError] = useState<string | null>(null);

  const revoke = useMutation({
    mutationFn: revokeToken,
    onMutate: () => setActionError(null),
    onSuccess: store,
    onError: (error) => {
      setActionError(describeProblem(error, messages));
    },
  });

  return (
    <Stack gap="lg">
      <title>{`${t("integration.title")} — ${tStaff("pageTitleSuffix")}`}</title>
      <Title order={1}>{t("integration.title")}</Title>
      <Stack gap="xs">
        <Text>{t("integration.intro")}</Text>
        <Anchor href="/api/docs" target="_blank" rel="noopener">
          {t("integration.docs")}
        </Anchor>
      </Stack>

      {issued ? (
        <IssuedToken key={issued.info.id} issued={issued} onDismiss={() => setIssued(null)} />
      ) : null}
      <IssueForm onIssued={setIssued} />

      <Paper
        withBorder
        radius="lg"
        p={{ base: "md", sm: "lg" }}
        component="section"
        aria-labelledby="tokens-title"
      >
        <Stack gap="md">
          <Title order={2} fz="h3" id="tokens-title">
            {t("integration.listTitle")}
          </Title>
          {actionError ? (
            <FormAlert title={t("integration.revokeFailed")}>{actionError}</FormAlert>
          ) : null}
          {tokens.isPending ? <PageLoader label={t("integration.loading")} /> : null}
          {tokens.isError ? (
            <Stack gap="sm" align="flex-start">
              <FormAlert title={t("integration.loadFailed")} w="100%">
                {describeProblem(tokens.error, messages)}
              </FormAlert>
              <Button onClick={() => void tokens.refetch()}>{t("integration.retry")}</Button>
            </Stack>
          ) : null}
          {tokens.data?.tokens.length === 0 ? (
            <Text c="dimmed">{t("integration.empty")}</Text>
          ) : null}
          {tokens.data && tokens.data.tokens.length > 0 ? (
            <Table.ScrollContainer
              minWidth={760}
              // A table wider than a phone scrolls; the keyboard must reach it too.
              scrollAreaProps={{
                viewportProps: { tabIndex: 0, "aria-label": t("integration.listTitle") },
              }}
            >
              <Table verticalSpacing="sm" horizontalSpacing="xs" aria-labelledby="tokens-title">
                <ColumnHeads
                  labels={[
                    t("integration.columns.name"),
                    t("integration.columns.purpose"),
                    t("integration.columns.prefix"),
                    t("integration.columns.created"),
                    t("integration.columns.lastUsed"),
                    t("integration.columns.status"),
                    t("integration.columns.actions"),
                  ]}
                />
                <Table.Tbody>
                  {tokens.data.tokens.map((token) => (
                    <Table.Tr key={token.id}>
                      <Table.Th scope="row" fw={600}>
                        {token.name}
                      </Table.Th>
                      <Table.Td>
                        {token.clinic
                          ? t("integration.forClinic", { name: token.clinic.name })
                          : t("integration.forContracts")}
                      </Table.Td>
                      <Table.Td>
                        <Code>{`${token.prefix}…`}</Code>
                      </Table.Td>
                      <Table.Td>
                        {token.createdBy
                          ? t("integration.createdBy", {
                              date: formatMoscowDateTime(token.createdAt),
                              name: token.createdBy,
                            })
                          : formatMoscowDateTime(token.createdAt)}
                      </Table.Td>
                      <Table.Td>
                        {token.lastUsedAt
                          ? formatMoscowDateTime(token.lastUsedAt)
                          : t("integration.neverUsed")}
                      </Table.Td>
                      <Table.Td>
                        <TokenStatus token={token} />
                      </Table.Td>
                      <Table.Td>
                        {token.revokedAt ? null : (
                          <Button
                            size="xs"
                            variant="default"
                            loading={revoke.isPending && revoke.variables === token.id}
                            onClick={() => {
                              setConfirming(token);
                              setConfirmOpen(true);
                            }}
                          >
                            {t("integration.revoke")}
                            <span className="visually-hidden">{` — ${token.name}`}</span>
                          </Button>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          ) : null}
        </Stack>
      </Paper>

      <Modal
        opened={confirmOpen}
        onClose={closeConfirm}
        title={t("integration.confirmTitle")}
        closeButtonProps={{ "aria-label": t("integration.confirmCancel") }}
        centered
      >
        <Stack gap="lg">
          <Text>{t("integration.confirmText", { name: confirming?.name ?? "" })}</Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={closeConfirm}>
              {t("integration.confirmCancel")}
            </Button>
            <Button
              color="red"
              onClick={() => {
                if (confirming) revoke.mutate(confirming.id);
                closeConfirm();
              }}
            >
              {t("integration.revoke")}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
