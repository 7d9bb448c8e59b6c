import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { NavLink } from "react-router";
import { IconBell } from "../../ui/icons.tsx";
import { unreadCountQuery } from "./notifications.api.ts";
import classes from "./notifications.module.css";
// «Выйти» stops this device's pushes: registered with the header, which every signed-in page has.
import "./push-subscription.ts";

/** The centre's address: a page, which on a 360 px phone reads better than a popover. */
export const NOTIFICATIONS_PATH = "/cabinet/notifications";

/**
 * «Уведомления» in the signed-in header: a bell with the unread count, named with the count
 * («Уведомления, 3 непрочитанных») so that a screen reader hears what the badge shows.
 */
export function NotificationsBell() {
  const { t } = useTranslation("cabinet");
  const unread = useQuery(unreadCountQuery).data?.unread ?? 0;
  const label =
    unread > 0 ? t("header.notificationsUnread", { count: unread }) : t("header.notifications");
  return (
    <NavLink to={NOTIFICATIONS_PATH} end className={classes.bell} aria-label={label}>
      <span className={classes.bellIcon}>
        <IconBell size={24} />
        {unread > 0 ? <span className={classes.count}>{unread > 99 ? "99+" : unread}</span> : null}
      </span>
      <span className={classes.bellText}>{t("header.notifications")}</span>
    </NavLink>
  );
}
