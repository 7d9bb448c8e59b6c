import { Anchor, Group, Paper, Stack, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { StaffCallback } from "../../../common/contact/contact-queue.schema.ts";
import { formatMoscowDateTime } from "../../../common/format/date.ts";
import { formatPhone } from "../../../common/format/phone.ts";
import { callbacksKey, closeCallback, takeCallback, useCallbackQueue } from "./contact.api.ts";
import classes from "./contact.module.css";
import { callbackWindow } from "./contact-format.ts";
import { QueuePage } from "./queue-page.tsx";
import {
  AssigneeBadge,
  Fact,
  Facts,
  ItemActions,
  QueueBadge,
  TakeFailed,
  useQueueWhich,
  useTake,
  useWorkable,
} from "./queue-ui.tsx";

/** «Обратные звонки»: the clients' «Перезвонить мне» requests, the earliest due first. */
export function CallbacksPage() {
  const [which, setWhich] = useQueueWhich();
  const queue = useCallbackQueue(which);
  return (
    <QueuePage
      section="callbacks"
      which={which}
      onWhichChange={setWhich}
      queue={queue}
      items={queue.data?.callbacks ?? []}
      queueKey={callbacksKey}
      close={closeCallback}
      closeOutcome={closeCallback}
      renderItem={(callback, onClose) => (
        <CallbackItem key={callback.id} callback={callback} onClose={onClose} />
      )}
    />
  );
}

function CallbackItem({ callback, onClose }: { callback: StaffCallback; onClose: () => void }) {
  const { t } = useTranslation("staffContact");
  const workable = useWorkable();
  const take = useTake(() => takeCallback(callback.id), callbacksKey);
  const open = callback.status === "new" || callback.status === "in_progress";
  const due = formatMoscowDateTime(callback.dueAt);
  const titleId = `callback-${callback.id}`;
  const visitor = callback.source !== "client";
  const actionFor = (
    <span className="visually-hidden">
      {` — ${t("callbacks.actionFor", { client: callback.clientName ?? callback.visitorName ?? "", date: due })}`}
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
            {visitor ? (
              <QueueBadge tone="gray">
                {t(
                  callback.source === "sales"
                    ? "callbacks.source.sales"
                    : "callbacks.source.visitor",
                )}
              </QueueBadge>
            ) : null}
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
          {visitor ? (
            <Fact term={t("callbacks.visitorName")}>{callback.visitorName}</Fact>
          ) : (
            <Fact term={t("common.client")}>{callback.clientName}</Fact>
          )}
          <Fact term={t("common.phone")}>
            <Anchor href={`tel:${callback.phone}`} style={{ whiteSpace: "nowrap" }}>
              {formatPhone(callback.phone)}
            </Anchor>
          </Fact>
          {visitor ? (
            <>
              <Fact term={t("callbacks.topic")}>
                {callback.topic ? t(`callbacks.topics.${callback.topic}`) : t("callbacks.noNote")}
              </Fact>
              {callback.companyName ? (
                <Fact term={t("callbacks.company")}>{callback.companyName}</Fact>
              ) : null}
            </>
          ) : (
            <>
              <Fact term={t("callbacks.person")}>{callback.personName}</Fact>
              <Fact term={t("common.contract")}>
                <Anchor component={Link} to={`/staff/contracts/${callback.contractId}`}>
                  {callback.contractNumber}
                </Anchor>
              </Fact>
              <Fact term={t("callbacks.note")} wide>
                <span className={classes.text}>{callback.note || t("callbacks.noNote")}</span>
              </Fact>
            </>
          )}
          {callback.status === "done" && callback.assignedTo ? (
            <Fact term={t("callbacks.handledBy")}>{callback.assignedTo.fullName}</Fact>
          ) : null}
          {callback.outcome ? (
            <Fact term={t("callbacks.outcome")} wide>
              <span className={classes.text}>{callback.outcome}</span>
            </Fact>
          ) : null}
        </Facts>
        <TakeFailed take={take} />
        {open && workable(callback) ? (
          <ItemActions
            free={callback.assignedTo === null}
            take={take}
            onClose={onClose}
            actionFor={actionFor}
          />
        ) : null}
      </Stack>
    </Paper>
  );
}
