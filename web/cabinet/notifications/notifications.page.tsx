import { Anchor, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { formatMoscowDateTime } from "../../../common/format/date.ts";
import type { InboxNotification } from "../../../common/notifications/notifications.schema.ts";
import { EmptyState } from "../../ui/empty-state.tsx";
import { FormAlert } from "../../ui/form-alert.tsx";
import { IconBell } from "../../ui/icons.tsx";
import { PageLoader } from "../../ui/page-loader.tsx";
import { StatusBadge } from "../../ui/query-states.tsx";
import { describeError } from "../../ui/server-errors.ts";
import { forgetSessionOn401 } from "../identity/session.ts";
import cardClasses from "../shell/link-card.module.css";
import { Page } from "../shell/page.tsx";
import {
  markAllNotificationsRead,
  markNotificationRead,
  notificationListQuery,
  refreshNotifications,
  showAsRead,
  unreadCountQuery,
} from "./notifications.api.ts";
import classes from "./notifications.module.css";

/** Only the cabinet's own screens are followed from a notification. */
function cabinetLink(link: string | null): string | null {
  return link !== null && /^\/cabinet(\/|$|\?)/.test(link) ? link : null;
}

function NotificationItem({
  item,
  onRead,
}: {
  item: InboxNotification;
  onRead: (id: string) => void;
}) {
  const { t } = useTranslation("notifications");
  const unread = item.readAt === null;
  const link = cabinetLink(item.link);
  const itemId = `notification-${item.id}`;
  return (
    <Paper
      component="li"
      withBorder
      radius="md"
      p="md"
      aria-labelledby={itemId}
      className={[unread ? classes.unread : "", link ? cardClasses.card : ""].join(" ")}
    >
      <Stack gap={6}>
        <Group gap="xs" wrap="nowrap" align="flex-start" justify="space-between">
          <Title order={3} fz="md" id={itemId} style={{ overflowWrap: "anywhere" }}>
            {link ? (
              <Link
                to={link}
                className={cardClasses.stretchedLink}
                onClick={unread ? () => onRead(item.id) : undefined}
              >
                {item.title}
              </Link>
            ) : (
              item.title
            )}
          </Title>
          {unread ? <StatusBadge tone="blue">{t("centre.unread")}</StatusBadge> : null}
        </Group>
        <Text fz="sm" style={{ overflowWrap: "anywhere", whiteSpace: "pre-line" }}>
          {item.body}
        </Text>
        <Text fz="sm" c="dimmed">
          <span className="visually-hidden">{t("centre.when")}: </span>
          <time dateTime={item.createdAt}>{formatMoscowDateTime(item.createdAt)}</time>
        </Text>
        {unread && !link ? (
          <Button
            variant="subtle"
            size="compact-sm"
            onClick={() => onRead(item.id)}
            style={{ alignSelf: "flex-start" }}
          >
            {t("centre.markRead")}
          </Button>
        ) : null}
      </Stack>
    </Paper>
  );
}

/**
 * The notification centre: newest first, unread marked («Новое» and a stripe), each with its
 * Moscow time and a link to what it is about; opening one marks it read. Live: the stream's
 * `notification.*` events make the list and the header's count stale (shell/live-updates.ts).
 */
export function NotificationsPage() {
  const { t } = useTranslation("notifications");
  const { t: tCommon } = useTranslation("common");
  const queryClient = useQueryClient();
  const list = useInfiniteQuery(notificationListQuery);
  const unreadCount = useQuery(unreadCountQuery);
  useEffect(() => {
    if (list.error) forgetSessionOn401(queryClient, list.error);
  }, [list.error, queryClient]);

  // The count drops at once; the list and the badge are read again once the server said so.
  const markOne = useMutation({
    mutationFn: markNotificationRead,
    onMutate: (id) => showAsRead(queryClient, id),
    onSettled: () => refreshNotifications(queryClient),
  });
  const markAll = useMutation({
    mutationFn: markAllNotificationsRead,
    onMutate: () => showAsRead(queryClient, "all"),
    onSettled: () => refreshNotifications(queryClient),
  });
  const markError = markAll.error ?? markOne.error;

  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  const unread = unreadCount.data?.unread ?? list.data?.pages[0]?.unread ?? 0;
  const firstFailed = list.isError && items.length === 0;

  return (
    <Page documentTitle={t("centre.pageTitle")} title={t("centre.title")}>
      <Group justify="space-between" gap="sm">
        {list.isSuccess && items.length > 0 ? (
          <Text fw={600}>{t("centre.unreadSummary", { count: unread })}</Text>
        ) : null}
        <Anchor component={Link} to="/cabinet/profile/notifications" fw={600}>
          {t("centre.settingsLink")}
        </Anchor>
      </Group>
      {list.isPending ? <PageLoader label={t("centre.loading")} /> : null}
      {firstFailed ? (
        <Stack gap="md" align="flex-start">
          <FormAlert title={t("centre.failedTitle")} w="100%">
            {describeError(list.error, tCommon)}
          </FormAlert>
          <Button variant="light" onClick={() => void list.refetch()} loading={list.isFetching}>
            {t("centre.retry")}
          </Button>
        </Stack>
      ) : null}
      {list.isSuccess && items.length === 0 ? (
        <EmptyState
          icon={<IconBell size={28} />}
          title={t("centre.emptyTitle")}
          description={t("centre.emptyText")}
        />
      ) : null}
      {markError ? (
        <FormAlert title={t("centre.markFailedTitle")}>
          {describeError(markError, tCommon)}
        </FormAlert>
      ) : null}
      {items.length > 0 ? (
        <section aria-labelledby="notifications-list">
          <Group justify="space-between" gap="sm" mb="sm">
            <Title order={2} fz="h4" id="notifications-list">
              {t("centre.listTitle")}
            </Title>
            {unread > 0 ? (
              <Button
                variant="default"
                size="sm"
                onClick={() => markAll.mutate()}
                loading={markAll.isPending}
              >
                {t("centre.markAll")}
              </Button>
            ) : null}
          </Group>
          <Stack component="ol" gap="sm" m={0} p={0} style={{ listStyle: "none" }}>
            {items.map((item) => (
              <NotificationItem key={item.id} item={item} onRead={(id) => markOne.mutate(id)} />
            ))}
          </Stack>
        </section>
      ) : null}
      {list.isFetchNextPageError ? (
        <FormAlert title={t("centre.moreFailedTitle")}>
          {describeError(list.error, tCommon)}
        </FormAlert>
      ) : null}
      {list.hasNextPage ? (
        <Group>
          <Button
            variant="default"
            onClick={() => void list.fetchNextPage()}
            loading={list.isFetchingNextPage}
          >
            {t("centre.more")}
          </Button>
        </Group>
      ) : null}
    </Page>
  );
}
