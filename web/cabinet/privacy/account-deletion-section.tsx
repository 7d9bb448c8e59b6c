import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Group, List, Paper, Stack, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { forwardRef, useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { formatPhone } from "../../../common/format/phone.ts";
import {
  type AccountDeletionRequest,
  accountDeletionRequestSchema,
} from "../../../common/privacy/privacy.schema.ts";
import { ApiError } from "../../ui/api.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { bindField } from "../../ui/form-field.ts";
import { PageLoader } from "../../ui/page-loader.tsx";
import { LoadFailed } from "../../ui/query-states.tsx";
import { describeError, placeServerErrors, serverFieldError } from "../../ui/server-errors.ts";
import { formatCountdown, useCountdown } from "../../ui/use-countdown.ts";
import { forgetSessionOn401, useSignOut } from "../identity/session.ts";
import { deleteAccount, deletionInfoQuery, sendDeletionCode } from "./privacy.api.ts";

type Body = z.output<typeof accountDeletionRequestSchema>;

const ERASED = ["profile", "phone", "medcard", "messages", "notifications", "log"] as const;
const KEPT = ["contracts", "payments", "medical"] as const;

/** «Удалить учётную запись»: what goes and what the law keeps, then the SMS code. */
export const AccountDeletionSection = forwardRef<
  HTMLButtonElement,
  { open: boolean; onOpenChange: (open: boolean) => void }
>(function AccountDeletionSection({ open, onOpenChange }, startRef) {
  const { t } = useTranslation("dataRights");
  return (
    <Paper withBorder radius="lg" p="md" component="section" aria-labelledby="deletion-title">
      <Stack gap="md">
        <Title order={2} fz="h3" id="deletion-title">
          {t("deletion.title")}
        </Title>
        {open ? (
          <DeletionSteps onCancel={() => onOpenChange(false)} />
        ) : (
          <>
            <Text fz="sm">{t("deletion.intro")}</Text>
            <Button
              ref={startRef}
              color="red"
              variant="light"
              onClick={() => onOpenChange(true)}
              style={{ alignSelf: "flex-start" }}
            >
              {t("deletion.start")}
            </Button>
          </>
        )}
      </Stack>
    </Paper>
  );
});

function DeletionSteps({ onCancel }: { onCancel: () => void }) {
  const { t } = useTranslation("dataRights");
  const { t: tCommon } = useTranslation("common");
  const queryClient = useQueryClient();
  const info = useQuery(deletionInfoQuery());
  const [codeSent, setCodeSent] = useState(false);
  const [sendError, setSendError] = useState<string | null>(null);
  const resend = useCountdown();
  const send = useMutation({ mutationFn: sendDeletionCode });

  async function sendCode() {
    setSendError(null);
    try {
      const sent = await send.mutateAsync();
      resend.start(sent.resendAfterSeconds);
      setCodeSent(true);
    } catch (error) {
      forgetSessionOn401(queryClient, error);
      if (error instanceof ApiError && error.status === 429) {
        resend.start(error.retryAfterSeconds ?? 60);
      }
      setSendError(describeError(error, tCommon));
    }
  }

  const blockers = info.data?.blockers ?? [];
  return (
    <Stack gap="md">
      <Stack gap="xs" component="section" aria-labelledby="deletion-kept">
        <Title order={3} fz="lg" id="deletion-kept">
          {t("deletion.keptTitle")}
        </Title>
        <List spacing="xs" fz="sm">
          {KEPT.map((key) => (
            <List.Item key={key}>{t(`deletion.kept.${key}`)}</List.Item>
          ))}
        </List>
        <Text fz="sm" c="dimmed">
          {t("deletion.keptNote")}
        </Text>
      </Stack>
      <Stack gap="xs" component="section" aria-labelledby="deletion-erased">
        <Title order={3} fz="lg" id="deletion-erased">
          {t("deletion.erasedTitle")}
        </Title>
        <List spacing="xs" fz="sm">
          {ERASED.map((key) => (
            <List.Item key={key}>{t(`deletion.erased.${key}`)}</List.Item>
          ))}
        </List>
      </Stack>
      <Text fw={600}>{t("deletion.irreversible")}</Text>

      {info.isPending ? <PageLoader label={t("loading")} /> : null}
      {info.isError ? <LoadFailed title={t("deletion.infoFailed")} query={info} /> : null}
      {blockers.length > 0 ? (
        <FormAlert title={t("deletion.blockedTitle")}>
          <List spacing={4} fz="sm">
            {blockers.map((key) => (
              <List.Item key={key}>{t(`deletion.blockers.${key}`)}</List.Item>
            ))}
          </List>
        </FormAlert>
      ) : null}
      {sendError ? <FormAlert title={t("deletion.failed")}>{sendError}</FormAlert> : null}

      {info.isSuccess && blockers.length === 0 && codeSent ? (
        <DeletionCodeForm
          phone={info.data.phone}
          secondsLeft={resend.secondsLeft}
          resending={send.isPending}
          onResend={() => void sendCode()}
          onCancel={onCancel}
        />
      ) : null}
      {info.isSuccess && blockers.length === 0 && !codeSent ? (
        <Group gap="sm">
          <Button color="red.9" onClick={() => void sendCode()} loading={send.isPending}>
            {t("deletion.sendCode")}
          </Button>
          <Button variant="default" onClick={onCancel}>
            {t("deletion.cancel")}
          </Button>
        </Group>
      ) : null}
      {blockers.length > 0 ? (
        <Button variant="default" onClick={onCancel} style={{ alignSelf: "flex-start" }}>
          {t("deletion.cancel")}
        </Button>
      ) : null}
    </Stack>
  );
}

function DeletionCodeForm({
  phone,
  secondsLeft,
  resending,
  onResend,
  onCancel,
}: {
  phone: string;
  secondsLeft: number;
  resending: boolean;
  onResend: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation("dataRights");
  const { t: tCommon } = useTranslation("common");
  const queryClient = useQueryClient();
  const signOut = useSignOut();
  const [formError, setFormError] = useState<string | null>(null);
  const remove = useMutation({ mutationFn: deleteAccount });
  const form = useForm<AccountDeletionRequest, unknown, Body>({
    resolver: zodResolver(accountDeletionRequestSchema),
    defaultValues: { code: "" },
  });

  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    try {
      await remove.mutateAsync(values);
      // The server ended every session; «Выйти»'s own path forgets what this browser kept
      // (the caches, the offline copies) and opens the sign-in page.
      signOut.mutate();
    } catch (error) {
      forgetSessionOn401(queryClient, error);
      setFormError(
        placeServerErrors(error, ["code"] as const, serverFieldError(form.setError), tCommon),
      );
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md" maw={440}>
        <Text role="status">{t("deletion.codeSent", { phone: formatPhone(phone) })}</Text>
        {formError ? <FormAlert title={t("deletion.failed")}>{formError}</FormAlert> : null}
        <TextInput
          label={t("deletion.code")}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          {...bindField(form, "code")}
        />
        <Button
          type="submit"
          color="red.9"
          loading={remove.isPending || signOut.isPending}
          h="auto"
          mih={36}
          py={6}
          styles={{ label: { whiteSpace: "normal" } }}
          style={{ alignSelf: "flex-start" }}
        >
          {t("deletion.confirm")}
        </Button>
        <Group gap="sm">
          <Button
            variant="subtle"
            onClick={onResend}
            disabled={secondsLeft > 0}
            loading={resending}
          >
            {t("deletion.resend")}
          </Button>
          <Button variant="subtle" onClick={onCancel}>
            {t("deletion.cancel")}
          </Button>
        </Group>
        {secondsLeft > 0 ? (
          <Text fz="sm" c="dimmed">
            {t("deletion.resendIn", { time: formatCountdown(secondsLeft) })}
          </Text>
        ) : null}
      </Stack>
    </form>
  );
}
