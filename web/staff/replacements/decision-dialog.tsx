import { Button, Group, Modal, SimpleGrid, Stack, Text, Textarea } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { changesAllowed } from "../../../common/contracts/contract-status.ts";
import {
  type ReplacementDetail,
  rejectReplacementSchema,
} from "../../../common/contracts/staff-contracts.schema.ts";
import { formatRuDate } from "../../../common/format/date.ts";
import { formatPhone } from "../../../common/format/phone.ts";
import { ApiError } from "../../ui/api.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { fieldErrorProps } from "../../ui/form-field.ts";
import { PageLoader } from "../../ui/page-loader.tsx";
import { describeProblem } from "../../ui/problem-errors.ts";
import { LoadFailed } from "../../ui/query-states.tsx";
import { useSignedInStaff } from "../auth/staff-session.ts";
import { ReplacementStatusBadge, usePeriod } from "../contracts/contract-badges.tsx";
import { contractCardKey } from "../contracts/contracts.api.ts";
import { useFallbackMessages } from "../errors.ts";
import { decideReplacement, replacementRequestQuery, replacementsKey } from "./replacements.api.ts";

function PersonFacts({
  title,
  person,
}: {
  title: string;
  person: Pick<ReplacementDetail["requested"], "birthDate" | "phone" | "email"> & { name: string };
}) {
  const { t } = useTranslation("staffReplacements");
  return (
    <Stack gap={2}>
      <Text fz="sm" c="dimmed">
        {title}
      </Text>
      <Text fw={600}>{person.name}</Text>
      <Text fz="sm">{t("replacements.birthDate", { date: formatRuDate(person.birthDate) })}</Text>
      {person.phone ? (
        <Text fz="sm">{t("replacements.phone", { phone: formatPhone(person.phone) })}</Text>
      ) : null}
      {person.email ? (
        <Text fz="sm" style={{ overflowWrap: "anywhere" }}>
          {t("replacements.email", { email: person.email })}
        </Text>
      ) : null}
    </Stack>
  );
}

/** «Рассмотреть»: the request in full, a comment, and «Одобрить» / «Отклонить». */
export function DecisionDialog({
  requestId,
  onClose,
  onDecided,
}: {
  requestId: string | null;
  onClose: () => void;
  onDecided: (request: ReplacementDetail) => void;
}) {
  const { t } = useTranslation("staffReplacements");
  const { t: ts } = useTranslation("staff");
  const detail = useQuery(replacementRequestQuery(requestId));
  const request = detail.data?.request;
  return (
    <Modal
      opened={requestId !== null}
      onClose={onClose}
      title={
        request
          ? t("replacements.dialogTitle", { number: request.contractNumber })
          : t("replacements.detailLoading")
      }
      closeButtonProps={{ "aria-label": ts("common.cancel") }}
      size="lg"
      centered
    >
      {detail.isPending ? <PageLoader label={t("replacements.detailLoading")} /> : null}
      {detail.isError ? <LoadFailed title={t("replacements.detailFailed")} query={detail} /> : null}
      {request ? (
        <DecisionBody key={request.id} request={request} onClose={onClose} onDecided={onDecided} />
      ) : null}
    </Modal>
  );
}

function DecisionBody({
  request,
  onClose,
  onDecided,
}: {
  request: ReplacementDetail;
  onClose: () => void;
  onDecided: (request: ReplacementDetail) => void;
}) {
  const { t } = useTranslation("staffReplacements");
  const { t: ts } = useTranslation("staff");
  const messages = useFallbackMessages();
  const queryClient = useQueryClient();
  const staff = useSignedInStaff();
  const period = usePeriod();
  const [comment, setComment] = useState("");
  const [commentError, setCommentError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const mayDecide = staff.role === "operator" || staff.role === "admin";

  const decide = useMutation({
    mutationFn: (action: "approve" | "reject") =>
      decideReplacement(request.id, { action, body: { comment } }),
    onMutate: () => {
      setFormError(null);
      setCommentError(null);
    },
    onSuccess: async (decided) => {
      await queryClient.invalidateQueries({ queryKey: replacementsKey });
      await queryClient.invalidateQueries({ queryKey: contractCardKey(decided.contractId) });
      onDecided(decided);
    },
    onError: (error) => {
      const field =
        error instanceof ApiError
          ? error.fieldErrors.find((e) => e.field === "comment")
          : undefined;
      if (field) setCommentError(field.message);
      else setFormError(describeProblem(error, messages));
    },
  });

  const reject = () => {
    const parsed = rejectReplacementSchema.safeParse({ comment });
    if (!parsed.success) {
      setCommentError(parsed.error.issues[0]?.message ?? null);
      document.getElementById("decision-comment")?.focus();
      return;
    }
    decide.mutate("reject");
  };

  return (
    <Stack gap="md">
      <Group gap="sm">
        <ReplacementStatusBadge status={request.status} />
        <Text fz="sm">
          {`${request.programName} · ${t("replacements.period", { period: period(request.contractStartsOn, request.contractEndsOn) })}`}
        </Text>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <PersonFacts
          title={t("replacements.currentPerson")}
          person={{ ...request.currentPerson, name: request.currentPerson.fullName }}
        />
        <PersonFacts
          title={t("replacements.requestedPerson")}
          person={{ ...request.requested, name: request.requestedName }}
        />
      </SimpleGrid>
      <Stack gap={2}>
        <Text fz="sm" c="dimmed">
          {t("replacements.reason")}
        </Text>
        <Text style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>{request.reason}</Text>
      </Stack>
      {request.status === "pending" && !changesAllowed({ startsOn: request.contractStartsOn }) ? (
        <FormAlert tone="info">{t("replacements.startedWarning")}</FormAlert>
      ) : null}
      {request.status !== "pending" ? (
        request.decisionComment ? (
          <Text>{`${t("replacements.comment")}: ${request.decisionComment}`}</Text>
        ) : null
      ) : mayDecide ? (
        <>
          {formError ? (
            <FormAlert title={t("replacements.decideFailed")}>{formError}</FormAlert>
          ) : null}
          <Textarea
            id="decision-comment"
            label={t("replacements.comment")}
            description={t("replacements.commentHint")}
            value={comment}
            onChange={(event) => setComment(event.currentTarget.value)}
            {...fieldErrorProps(commentError)}
            autosize
            minRows={2}
            maxRows={6}
          />
          <Text fz="sm">
            {t("replacements.smsTo", { phone: formatPhone(request.requesterPhone) })}
          </Text>
          <Group gap="sm" justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {ts("common.cancel")}
            </Button>
            <Button
              color="red.9"
              onClick={reject}
              loading={decide.isPending && decide.variables === "reject"}
              disabled={decide.isPending}
            >
              {t("replacements.reject")}
            </Button>
            <Button
              onClick={() => decide.mutate("approve")}
              loading={decide.isPending && decide.variables === "approve"}
              disabled={decide.isPending}
            >
              {t("replacements.approve")}
            </Button>
          </Group>
        </>
      ) : (
        <Text c="dimmed">{t("replacements.viewOnly")}</Text>
      )}
    </Stack>
  );
}
