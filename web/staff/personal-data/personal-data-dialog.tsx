import { Button, Group, Modal, SimpleGrid, Stack, Text, Textarea } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { formatMoscowDateTime, formatRuDate } from "../../../common/format/date.ts";
import { fullName } from "../../../common/format/person-name.ts";
import { formatPhone } from "../../../common/format/phone.ts";
import {
  rejectPersonalDataSchema,
  type StaffPersonalDataRequest,
} from "../../../common/identity/personal-data.schema.ts";
import { ApiError } from "../../ui/api.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { fieldErrorProps } from "../../ui/form-field.ts";
import { PageLoader } from "../../ui/page-loader.tsx";
import { describeProblem } from "../../ui/problem-errors.ts";
import { LoadFailed } from "../../ui/query-states.tsx";
import { useFallbackMessages } from "../errors.ts";
import {
  decidePersonalDataRequest,
  personalDataKey,
  personalDataRequestQuery,
} from "./personal-data.api.ts";
import { PersonalDataStatusBadge } from "./personal-data-status.tsx";

/** «Рассмотреть»: the request beside the account's data, a comment, «Одобрить» / «Отклонить». */
export function PersonalDataDialog({
  requestId,
  onClose,
  onDecided,
}: {
  requestId: string | null;
  onClose: () => void;
  onDecided: (request: StaffPersonalDataRequest) => void;
}) {
  const { t } = useTranslation("staffPersonalData");
  const detail = useQuery(personalDataRequestQuery(requestId));
  const request = detail.data?.request;
  return (
    <Modal
      opened={requestId !== null}
      onClose={onClose}
      title={
        request
          ? t("personalData.dialogTitle", { kind: t(`personalData.kind.${request.kind}`) })
          : t("personalData.detailLoading")
      }
      closeButtonProps={{ "aria-label": t("personalData.cancel") }}
      size="lg"
      centered
    >
      {detail.isPending ? <PageLoader label={t("personalData.detailLoading")} /> : null}
      {detail.isError ? <LoadFailed title={t("personalData.detailFailed")} query={detail} /> : null}
      {request ? (
        <DecisionBody key={request.id} request={request} onClose={onClose} onDecided={onDecided} />
      ) : null}
    </Modal>
  );
}

function Facts({ title, lines }: { title: string; lines: string[] }) {
  return (
    <Stack gap={2}>
      <Text fz="sm" c="dimmed">
        {title}
      </Text>
      {lines.map((line, index) => (
        <Text key={line} fw={index === 0 ? 600 : undefined} style={{ overflowWrap: "anywhere" }}>
          {line}
        </Text>
      ))}
    </Stack>
  );
}

function DecisionBody({
  request,
  onClose,
  onDecided,
}: {
  request: StaffPersonalDataRequest;
  onClose: () => void;
  onDecided: (request: StaffPersonalDataRequest) => void;
}) {
  const { t } = useTranslation("staffPersonalData");
  const messages = useFallbackMessages();
  const queryClient = useQueryClient();
  const [comment, setComment] = useState("");
  const [commentError, setCommentError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const { current } = request;

  const decide = useMutation({
    mutationFn: (action: "approve" | "reject") =>
      decidePersonalDataRequest(request.id, action, comment),
    onMutate: () => {
      setFormError(null);
      setCommentError(null);
    },
    onSuccess: async (decided) => {
      await queryClient.invalidateQueries({ queryKey: personalDataKey });
      onDecided(decided);
    },
    onError: (error) => {
      const field =
        error instanceof ApiError
          ? error.fieldErrors.find((e) => e.field.split(".").at(-1) === "comment")
          : undefined;
      if (field) setCommentError(field.message);
      else setFormError(describeProblem(error, messages));
    },
  });

  const reject = () => {
    const parsed = rejectPersonalDataSchema.safeParse({ comment });
    if (!parsed.success) {
      setCommentError(parsed.error.issues[0]?.message ?? null);
      document.getElementById("personal-data-comment")?.focus();
      return;
    }
    decide.mutate("reject");
  };

  const currentLines = [
    fullName(current),
    t("personalData.birthDate", { date: formatRuDate(current.birthDate) }),
    t("personalData.phone", { phone: formatPhone(current.phone) }),
  ];
  const requestedLines =
    request.kind === "phone"
      ? [t("personalData.newPhone", { phone: formatPhone(request.phone ?? "") })]
      : [
          request.patronymic === null
            ? `${fullName({ lastName: request.lastName ?? "", firstName: request.firstName ?? "", patronymic: null })} (${t("personalData.noPatronymic")})`
            : fullName({
                lastName: request.lastName ?? "",
                firstName: request.firstName ?? "",
                patronymic: request.patronymic,
              }),
          t("personalData.birthDate", { date: formatRuDate(request.birthDate ?? "") }),
        ];

  return (
    <Stack gap="md">
      <Group gap="sm">
        <PersonalDataStatusBadge status={request.status} />
        <Text fz="sm">{formatMoscowDateTime(request.createdAt)}</Text>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <Facts title={t("personalData.currentData")} lines={currentLines} />
        <Facts title={t("personalData.requestedData")} lines={requestedLines} />
      </SimpleGrid>
      <Stack gap={2}>
        <Text fz="sm" c="dimmed">
          {t("personalData.reason")}
        </Text>
        <Text style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>{request.reason}</Text>
      </Stack>
      {request.status === "pending" ? (
        <>
          <FormAlert tone="info">
            {request.kind === "phone"
              ? t("personalData.callNewPhone")
              : `${t("personalData.callFirst", { phone: formatPhone(current.phone) })} ${t("personalData.contractsUnchanged")}`}
          </FormAlert>
          {formError ? (
            <FormAlert title={t("personalData.decideFailed")}>{formError}</FormAlert>
          ) : null}
          <Textarea
            id="personal-data-comment"
            label={t("personalData.comment")}
            description={t("personalData.commentHint")}
            value={comment}
            onChange={(event) => setComment(event.currentTarget.value)}
            {...fieldErrorProps(commentError)}
            autosize
            minRows={2}
            maxRows={6}
          />
          <Group gap="sm" justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("personalData.cancel")}
            </Button>
            <Button
              color="red.9"
              onClick={reject}
              loading={decide.isPending && decide.variables === "reject"}
              disabled={decide.isPending}
            >
              {t("personalData.reject")}
            </Button>
            <Button
              onClick={() => decide.mutate("approve")}
              loading={decide.isPending && decide.variables === "approve"}
              disabled={decide.isPending}
            >
              {t("personalData.approve")}
            </Button>
          </Group>
        </>
      ) : (
        <Stack gap={2}>
          {request.decidedAt ? (
            <Text>
              {t("personalData.decision", {
                name: request.decidedByName ?? "—",
                date: formatMoscowDateTime(request.decidedAt),
              })}
            </Text>
          ) : null}
          {request.comment ? (
            <Text>{t("personalData.decisionComment", { comment: request.comment })}</Text>
          ) : null}
        </Stack>
      )}
    </Stack>
  );
}
