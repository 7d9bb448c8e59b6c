import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Group, Paper, Radio, Stack, Text, Textarea, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { formatMoscowDateTime, formatRuDate } from "../../../common/format/date.ts";
import {
  type NewPrivacyRequest,
  newPrivacyRequestSchema,
  PRIVACY_REQUEST_MAX,
  type PrivacyRequest,
  privacyRequestKinds,
} from "../../../common/privacy/privacy.schema.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { bindField, controlledFieldProps } from "../../ui/form-field.ts";
import { PageLoader } from "../../ui/page-loader.tsx";
import { type BadgeTone, LoadFailed, StatusBadge } from "../../ui/query-states.tsx";
import { placeServerErrors, serverFieldError } from "../../ui/server-errors.ts";
import { forgetSessionOn401 } from "../identity/session.ts";
import {
  privacyRequestsQuery,
  privacyRequestsQueryKey,
  sendPrivacyRequest,
} from "./privacy.api.ts";

type Body = z.output<typeof newPrivacyRequestSchema>;

const tones: Record<PrivacyRequest["status"], BadgeTone> = {
  new: "yellow",
  in_progress: "blue",
  closed: "green",
};

/** «Запрос по персональным данным»: the form, and the account's requests with their answers. */
export function PrivacyRequestsSection() {
  const { t } = useTranslation("dataRights");
  const { t: tCommon } = useTranslation("common");
  const queryClient = useQueryClient();
  const query = useQuery(privacyRequestsQuery());
  const [notice, setNotice] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const send = useMutation({ mutationFn: sendPrivacyRequest });
  const form = useForm<NewPrivacyRequest, unknown, Body>({
    resolver: zodResolver(newPrivacyRequestSchema),
    defaultValues: { kind: undefined, text: "" },
  });

  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    setNotice(null);
    try {
      const { request } = await send.mutateAsync(values);
      form.reset({ kind: undefined, text: "" });
      setNotice(t("requests.sent", { date: formatRuDate(request.dueDate) }));
      void queryClient.invalidateQueries({ queryKey: privacyRequestsQueryKey });
    } catch (error) {
      forgetSessionOn401(queryClient, error);
      setFormError(
        placeServerErrors(
          error,
          ["kind", "text"] as const,
          serverFieldError(form.setError),
          tCommon,
        ),
      );
    }
  });

  return (
    <Paper withBorder radius="lg" p="md" component="section" aria-labelledby="requests-title">
      <Stack gap="md">
        <Title order={2} fz="h3" id="requests-title">
          {t("requests.title")}
        </Title>
        <Text fz="sm">{t("requests.intro")}</Text>
        <form onSubmit={onSubmit} noValidate>
          <Stack gap="md" maw={560}>
            {formError ? <FormAlert title={t("requests.failed")}>{formError}</FormAlert> : null}
            {notice ? <FormAlert tone="success">{notice}</FormAlert> : null}
            <Controller
              control={form.control}
              name="kind"
              render={({ field, fieldState }) => (
                <Radio.Group
                  label={t("requests.kind")}
                  name={field.name}
                  value={field.value ?? null}
                  onChange={field.onChange}
                  {...controlledFieldProps(fieldState)}
                >
                  <Stack gap="xs" mt="xs">
                    {privacyRequestKinds.map((kind) => (
                      <Radio key={kind} value={kind} label={t(`requests.kinds.${kind}`)} />
                    ))}
                  </Stack>
                </Radio.Group>
              )}
            />
            <Textarea
              label={t("requests.text")}
              description={t("requests.textHint")}
              autosize
              minRows={3}
              maxLength={PRIVACY_REQUEST_MAX}
              {...bindField(form, "text")}
            />
            <Button type="submit" loading={send.isPending} style={{ alignSelf: "flex-start" }}>
              {t("requests.send")}
            </Button>
          </Stack>
        </form>

        <Title order={3} fz="lg">
          {t("requests.listTitle")}
        </Title>
        {query.isPending ? <PageLoader label={t("loading")} /> : null}
        {query.isError ? <LoadFailed title={t("requests.listFailed")} query={query} /> : null}
        {query.isSuccess && query.data.requests.length === 0 ? (
          <Text c="dimmed">{t("requests.empty")}</Text>
        ) : null}
        {query.isSuccess && query.data.requests.length > 0 ? (
          <Stack gap="sm" component="ul" m={0} p={0} style={{ listStyle: "none" }}>
            {query.data.requests.map((request) => (
              <RequestItem key={request.id} request={request} />
            ))}
          </Stack>
        ) : null}
      </Stack>
    </Paper>
  );
}

function RequestItem({ request }: { request: PrivacyRequest }) {
  const { t } = useTranslation("dataRights");
  return (
    <Paper component="li" withBorder radius="md" p="sm">
      <Stack gap={6}>
        <Group gap="xs" justify="space-between">
          <Text fw={600}>{t(`requests.kindNames.${request.kind}`)}</Text>
          <StatusBadge tone={tones[request.status]}>
            {t(`requests.statuses.${request.status}`)}
          </StatusBadge>
        </Group>
        <Text fz="sm" c="dimmed">
          {t("requests.sentAt", { date: formatMoscowDateTime(request.createdAt) })}
          {request.status === "closed"
            ? null
            : ` · ${t("requests.due", { date: formatRuDate(request.dueDate) })}`}
        </Text>
        <Text fz="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
          {request.text}
        </Text>
        {request.answer ? (
          <Stack gap={2}>
            <Text fz="sm" fw={600}>
              {request.closedAt
                ? t("requests.answeredAt", { date: formatMoscowDateTime(request.closedAt) })
                : t("requests.answer")}
            </Text>
            <Text fz="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
              {request.answer}
            </Text>
          </Stack>
        ) : null}
      </Stack>
    </Paper>
  );
}
