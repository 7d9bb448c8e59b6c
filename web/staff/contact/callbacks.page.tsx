import { Anchor, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { formatMoscowDateTime } from "../../../common/format/date.ts";
import { formatPhone } from "../../../common/format/phone.ts";
import type { StaffCallback } from "../../../common/staff/contact-queue.schema.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { PageLoader } from "../../ui/page-loader.tsx";
import { describeProblem } from "../../ui/problem-errors.ts";
import { LoadFailed } from "../contracts/contract-ui.tsx";
import { useFallbackMessages } from "../errors.ts";
import { CloseDialog, type CloseTarget } from "./close-dialog.tsx";
import classes from "./contact.module.css";
import { callbackWindow } from "./contact-format.ts";
import {
  callbacksKey,
  closeCallback,
  refreshAfter,
  takeCallback,
  useCallbackQueue,
} from "./contact-queries.ts";
import {
  AssigneeBadge,
  Fact,
  Facts,
  QueueBadge,
  QueueSwitch,
  useQueueWhich,
  useWorkable,
} from "./queue-ui.tsx";

/** «Обратные звонки»: the clients' «Перезвонить мне» requests, the earliest due first. */
export function CallbacksPage() {
  const { t } = useTranslation("staffContact");
  const { t: ts } = useTranslation("staff");
  const [which, setWhich] = useQueueWhich();
  const queue = useCallbackQueue(which);
  const queryClient = useQueryClient();
  const [closing, setClosing] = useState<CloseTarget | null>(null);
  const [closed, setClosed] = useState<CloseTarget | null>(null);
  const callbacks = queue.data?.callbacks ?? [];
  const listTitle =
    which === "open" ? t("callbacks.listTitleOpen") : t("callbacks.listTitleClosed");

  return (
    <Stack gap="lg">
      <title>{`${t("callbacks.title")} — ${ts("pageTitleSuffix")}`}</title>
      <Title order={1}>{t("callbacks.title")}</Title>
      <Text c="dimmed">{t("callbacks.intro")}</Text>

      {closed ? (
        <FormAlert tone="success">
          {`${t("common.closedNotice")} `}
          <Anchor component={Link} to={`/staff/contracts/${closed.contractId}`}>
            {closed.contractNumber}
          </Anchor>
        </FormAlert>
      ) : null}

      <Paper
        withBorder
        radius="lg"
        p={{ base: "md", sm: "lg" }}
        component="section"
        aria-labelledby="callbacks-list-title"
      >
        <Stack gap="md">
          <Group justify="space-between" align="flex-end" gap="sm">
            <Title order={2} fz="h3" id="callbacks-list-title">
              {listTitle}
            </Title>
            <QueueSwitch value={which} onChange={setWhich} />
          </Group>
          <Text fz="sm" c="dimmed">
            {t("common.refreshHint")}
          </Text>
          {queue.isPending ? <PageLoader label={t("callbacks.loading")} /> : null}
          {queue.isError ? <LoadFailed title={t("callbacks.failedTitle")} query={queue} /> : null}
          {queue.isSuccess && callbacks.length === 0 ? (
            <Text c="dimmed">
              {which === "open" ? t("callbacks.emptyOpen") : t("callbacks.emptyClosed")}
            </Text>
          ) : null}
          {callbacks.length > 0 ? (
            <Stack
              component="ol"
              gap="sm"
              m={0}
              p={0}
              style={{ listStyle: "none" }}
              aria-labelledby="callbacks-list-title"
            >
              {callbacks.map((callback) => (
                <CallbackItem
                  key={callback.id}
                  callback={callback}
                  onClose={() => {
                    setClosed(null);
                    setClosing({
                      kind: "callback",
                      id: callback.id,
                      contractId: callback.contractId,
                      contractNumber: callback.contractNumber,
                      clientName: callback.clientName,
                      personName: callback.personName,
                    });
                  }}
                />
              ))}
            </Stack>
          ) : null}
        </Stack>
      </Paper>

      <CloseDialog
        target={closing}
        onClose={() => setClosing(null)}
        submit={async (target, body) => {
          try {
            return await closeCallback(target.id, body);
          } finally {
            await refreshAfter(queryClient, callbacksKey);
          }
        }}
        onClosed={(target) => {
          setClosing(null);
          setClosed(target);
        }}
      />
    </Stack>
  );
}

function CallbackItem({ callback, onClose }: { callback: StaffCallback; onClose: () => void }) {
  const { t } = useTranslation("staffContact");
  const messages = useFallbackMessages();
  const queryClient = useQueryClient();
  const workable = useWorkable();
  const take = useMutation({
    mutationFn: () => takeCallback(callback.id),
    onSettled: (_data, error) => refreshAfter(queryClient, callbacksKey, error),
  });
  const open = callback.status === "new" || callback.status === "in_progress";
  const due = formatMoscowDateTime(callback.dueAt);
  const titleId = `callback-${callback.id}`;
  const actionFor = (
    <span className="visually-hidden">
      {` — ${t("callbacks.actionFor", { client: callback.clientName, date: due })}`}
    </span>
  );
  const window =
    callback.windowStart && callback.windowEnd
      ? t("callbacks.window", callbackWindow(callback.windowStart, callback.windowEnd))
      : t("callbacks.asap");

  return (
    <Paper
      component="li"
      withBorder
      radius="md"
      p="sm"
      className={callback.overdue ? `${classes.item} ${classes.overdue}` : classes.item}
      aria-labelledby={titleId}
    >
      <Stack gap="sm">
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Title order={3} fz="md" id={titleId}>
            {t("callbacks.dueAt", { date: due })}
          </Title>
          <Group gap="xs">
            {callback.overdue ? <QueueBadge tone="red">{t("callbacks.overdue")}</QueueBadge> : null}
            {open ? (
              <AssigneeBadge
                assignedTo={callback.assignedTo}
                unassigned={t("callbacks.status.new")}
              />
            ) : (
              <QueueBadge tone="gray">{t(`callbacks.status.${callback.status}`)}</QueueBadge>
            )}
          </Group>
        </Group>
        <Facts>
          <Fact term={t("callbacks.when")}>{window}</Fact>
          <Fact term={t("common.client")}>{callback.clientName}</Fact>
          <Fact term={t("common.phone")}>
            <Anchor href={`tel:${callback.phone}`} style={{ whiteSpace: "nowrap" }}>
              {formatPhone(callback.phone)}
            </Anchor>
          </Fact>
          <Fact term={t("callbacks.person")}>{callback.personName}</Fact>
          <Fact term={t("common.contract")}>
            <Anchor component={Link} to={`/staff/contracts/${callback.contractId}`}>
              {callback.contractNumber}
            </Anchor>
          </Fact>
          <Fact term={t("callbacks.note")} wide>
            <span className={classes.text}>{callback.note || t("callbacks.noNote")}</span>
          </Fact>
          {callback.status === "done" && callback.assignedTo ? (
            <Fact term={t("callbacks.handledBy")}>{callback.assignedTo.fullName}</Fact>
          ) : null}
          {callback.outcome ? (
            <Fact term={t("callbacks.outcome")} wide>
              <span className={classes.text}>{callback.outcome}</span>
            </Fact>
          ) : null}
        </Facts>
        {take.isError ? (
          <FormAlert title={t("common.takeFailed")}>
            {describeProblem(take.error, messages)}
          </FormAlert>
        ) : null}
        {open && workable(callback) ? (
          <Group gap="sm">
            {callback.assignedTo === null ? (
              <Button size="sm" onClick={() => take.mutate()} loading={take.isPending}>
                {t("common.take")}
                {actionFor}
              </Button>
            ) : null}
            <Button size="sm" variant="default" onClick={onClose} disabled={take.isPending}>
              {t("common.close")}
              {actionFor}
            </Button>
          </Group>
        ) : null}
      </Stack>
    </Paper>
  );
}
