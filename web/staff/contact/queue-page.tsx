import { Anchor, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { type UseQueryResult, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { CloseContact } from "../../../common/contact/contact-queue.schema.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { ListStates } from "../../ui/query-states.tsx";
import { CloseDialog, type CloseOutcome, type CloseTarget } from "./close-dialog.tsx";
import { type QueueWhich, refreshAfter } from "./contact.api.ts";
import { QueueSwitch } from "./queue-ui.tsx";

/**
 * What an item of either queue has for its close dialog (a call-back also names its person; a
 * site visitor's call-back has no contract, only the name the visitor gave).
 */
interface QueueItem {
  id: string;
  contractId: string | null;
  contractNumber: string | null;
  clientName: string | null;
  personName?: string | null;
  visitorName?: string | null;
}

interface QueuePageProps<T extends QueueItem> {
  /** The queue's section in the `staffContact` texts and the prefix of its element ids. */
  section: "callbacks" | "messages";
  which: QueueWhich;
  onWhichChange: (which: QueueWhich) => void;
  queue: UseQueryResult<unknown>;
  items: T[];
  /** Both tabs of the queue are fetched again after a close, whatever its outcome. */
  queueKey: readonly string[];
  close: (id: string, body: CloseContact) => Promise<unknown>;
  /** Closes an item without a contract (a site visitor's call-back): only its outcome. */
  closeOutcome?: (id: string, body: CloseOutcome) => Promise<unknown>;
  /** One `<li>` of the list; `onClose` opens the close dialog for the item. */
  renderItem: (item: T, onClose: () => void) => ReactNode;
}

/**
 * The frame of a contact-centre queue page: the title, the «Открытые» / «Закрытые» switch, the
 * loading, failure and empty states, the ordered list of items, and the close dialog with its
 * success notice linking to the contract.
 */
export function QueuePage<T extends QueueItem>({
  section,
  which,
  onWhichChange,
  queue,
  items,
  queueKey,
  close,
  closeOutcome,
  renderItem,
}: QueuePageProps<T>) {
  const { t } = useTranslation("staffContact");
  const { t: ts } = useTranslation("staff");
  const queryClient = useQueryClient();
  const [closing, setClosing] = useState<CloseTarget | null>(null);
  const [closed, setClosed] = useState<CloseTarget | null>(null);
  const listTitleId = `${section}-list-title`;
  const listTitle =
    which === "open" ? t(`${section}.listTitleOpen`) : t(`${section}.listTitleClosed`);
  const openClose = (item: T) => {
    setClosed(null);
    setClosing({
      kind: section === "callbacks" ? "callback" : "message",
      id: item.id,
      contractId: item.contractId,
      contractNumber: item.contractNumber,
      clientName: item.clientName ?? item.visitorName ?? "",
      ...(item.personName ? { personName: item.personName } : {}),
    });
  };

  return (
    <Stack gap="lg">
      <title>{`${t(`${section}.title`)} — ${ts("pageTitleSuffix")}`}</title>
      <Title order={1}>{t(`${section}.title`)}</Title>
      <Text c="dimmed">{t(`${section}.intro`)}</Text>

      {closed?.contractId ? (
        <FormAlert tone="success">
          {`${t(`common.closedNotice.${closed.kind}`)} `}
          <Anchor component={Link} to={`/staff/contracts/${closed.contractId}`}>
            {closed.contractNumber}
          </Anchor>
        </FormAlert>
      ) : closed ? (
        <FormAlert tone="success">{t("common.closedNotice.visitor")}</FormAlert>
      ) : null}

      <Paper
        withBorder
        radius="lg"
        p={{ base: "md", sm: "lg" }}
        component="section"
        aria-labelledby={listTitleId}
      >
        <Stack gap="md">
          <Group justify="space-between" align="flex-end" gap="sm">
            <Title order={2} fz="h3" id={listTitleId}>
              {listTitle}
            </Title>
            <QueueSwitch section={section} value={which} onChange={onWhichChange} />
          </Group>
          <Text fz="sm" c="dimmed">
            {t("common.refreshHint")}
          </Text>
          <ListStates
            query={queue}
            loading={t(`${section}.loading`)}
            failedTitle={t(`${section}.failedTitle`)}
            empty={which === "open" ? t(`${section}.emptyOpen`) : t(`${section}.emptyClosed`)}
            isEmpty={items.length === 0}
          />
          {items.length > 0 ? (
            <Stack
              component="ol"
              gap="sm"
              m={0}
              p={0}
              style={{ listStyle: "none" }}
              aria-labelledby={listTitleId}
            >
              {items.map((item) => renderItem(item, () => openClose(item)))}
            </Stack>
          ) : null}
        </Stack>
      </Paper>

      <CloseDialog
        target={closing}
        onClose={() => setClosing(null)}
        submit={async (target, body) => {
          try {
            return await close(target.id, body);
          } finally {
            await refreshAfter(queryClient, queueKey);
          }
        }}
        submitOutcome={async (target, body) => {
          try {
            if (!closeOutcome) throw new Error("this queue has no item without a contract");
            return await closeOutcome(target.id, body);
          } finally {
            await refreshAfter(queryClient, queueKey);
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
