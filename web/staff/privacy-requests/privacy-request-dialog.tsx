import { Button, Group, Modal, Stack, Text, Textarea } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { formatMoscowDateTime, formatRuDate } from "../../../common/format/date.ts";
import { fullName } from "../../../common/format/person-name.ts";
import { formatPhone } from "../../../common/format/phone.ts";
import {
  closePrivacyRequestSchema,
  PRIVACY_REQUEST_MAX,
  type StaffPrivacyRequest,
} from "../../../common/privacy/privacy.schema.ts";
import { ApiError } from "../../ui/api.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { fieldErrorProps } from "../../ui/form-field.ts";
import { PageLoader } from "../../ui/page-loader.tsx";
import { describeProblem } from "../../ui/problem-errors.ts";
import { LoadFailed } from "../../ui/query-states.tsx";
import { useFallbackMessages } from "../errors.ts";
import {
  closePrivacyRequest,
  privacyRequestQuery,
  privacyRequestsKey,
  takePrivacyRequest,
} from "./privacy-requests.api.ts";
import { PrivacyStatus } from "./privacy-status.tsx";

/** «Открыть»: the request and its client, «Взять в работу», the answer and «Ответить и закрыть». */
export function PrivacyRequestDialog({
  requestId,
  onClose,
  onDone,
}: {
  requestId: string | null;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation("staffPrivacyRequests");
  const detail = useQuery(privacyRequestQuery(requestId));
  const request = detail.data?.request;
  return (
    <Modal
      opened={requestId !== null}
      onClose={onClose}
      title={request ? t("dialogTitle", { kind: t(`kind.${request.kind}`) }) : t("detailLoading")}
      closeButtonProps={{ "aria-label": t("cancel") }}
      size="lg"
      centered
    >
      {detail.isPending ? <PageLoader label={t("detailLoading")} /> : null}
      {detail.isError ? <LoadFailed title={t("detailFailed")} query={detail} /> : null}
      {request ? <RequestBody key={request.id} request={request} onDone={onDone} /> : null}
    </Modal>
  );
}

function RequestBody({
  request,
  onDone,
}: {
  request: StaffPrivacyRequest;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation("staffPrivacyRequests");
  const messages = useFallbackMessages();
  const queryClient = useQueryClient();
  const [answer, setAnswer] = useState("");
  const [answerError, setAnswerError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);

  const onError = (error: unknown) => {
    const field =
      error instanceof ApiError
        ? error.fieldErrors.find((e) => e.field.split(".").at(-1) === "answer")
        : undefined;
    if (field) setAnswerError(field.message);
    else setFormError(describeProblem(error, messages));
  };
  const refresh = () => queryClient.invalidateQueries({ queryKey: privacyRequestsKey });
  const take = useMutation({
    mutationFn: () => takePrivacyRequest(request.id),
    onMutate: () => setFormError(null),
    onSuccess: async () => {
      await refresh();
      setFormError(null);
    },
    onError,
  });
  const close = useMutation({
    mutationFn: () => closePrivacyRequest(request.id, answer),
    onMutate: () => {
      setFormError(null);
      setAnswerError(null);
    },
    onSuccess: async () => {
      await refresh();
      onDone(t("closed"));
    },
    onError,
  });

  const submit = () => {
    const parsed = closePrivacyRequestSchema.safeParse({ answer });
    if (!parsed.success) {
      setAnswerError(parsed.error.issues[0]?.message ?? null);
      document.getElementById("privacy-answer")?.focus();
      return;
    }
    close.mutate();
  };

  const { client } = request;
  return (
    <Stack gap="md">
      <PrivacyStatus request={request} />
      <Stack gap={2}>
        <Text fz="sm" c="dimmed">
          {t("client")}
        </Text>
        <Text fw={600}>{client.deleted ? t("deletedClient") : fullName(client)}</Text>
        {client.phone ? <Text>{t("phone", { phone: formatPhone(client.phone) })}</Text> : null}
      </Stack>
      <Text fz="sm">
        {t("received", { date: formatMoscowDateTime(request.createdAt) })} ·{" "}
        {t("dueDate", { date: formatRuDate(request.dueDate) })}
      </Text>
      <Stack gap={2}>
        <Text fz="sm" c="dimmed">
          {t("text")}
        </Text>
        <Text style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>{request.text}</Text>
      </Stack>
      {request.assignedToName && request.status === "in_progress" ? (
        <Text fz="sm">{t("assignedTo", { name: request.assignedToName })}</Text>
      ) : null}
      {request.status === "closed" ? (
        <Stack gap={2}>
          <Text fz="sm" c="dimmed">
            {t("answer")}
          </Text>
          <Text style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>{request.answer}</Text>
          {request.closedByName && request.closedAt ? (
            <Text fz="sm" c="dimmed">
              {t("closedBy", {
                name: request.closedByName,
                date: formatMoscowDateTime(request.closedAt),
              })}
            </Text>
          ) : null}
        </Stack>
      ) : (
        <>
          {formError ? <FormAlert title={t("actionFailed")}>{formError}</FormAlert> : null}
          {request.status === "new" ? (
            <Button
              variant="default"
              onClick={() => take.mutate()}
              loading={take.isPending}
              style={{ alignSelf: "flex-start" }}
            >
              {t("take")}
            </Button>
          ) : null}
          <Textarea
            id="privacy-answer"
            label={t("answer")}
            description={t("answerHint")}
            value={answer}
            onChange={(event) => setAnswer(event.currentTarget.value)}
            autosize
            minRows={4}
            maxLength={PRIVACY_REQUEST_MAX}
            {...fieldErrorProps(answerError)}
          />
          <Group gap="sm">
            <Button onClick={submit} loading={close.isPending}>
              {t("close")}
            </Button>
          </Group>
        </>
      )}
    </Stack>
  );
}
