import { useTranslation } from "react-i18next";
import type { ChatDoctor, ChatStatus } from "../../../common/chat/chat.schema.ts";
import { useSignedInStaff } from "../auth/staff-session.ts";
import { QueueBadge } from "../contact/queue-ui.tsx";
import { minutesSince, splitMinutes } from "./chat-format.ts";

/** Where a chat stands, in words: in the queue, with you, with another doctor, closed. */
export function ChatStatusBadge({
  status,
  doctor,
}: {
  status: ChatStatus;
  doctor: ChatDoctor | null;
}) {
  const { t } = useTranslation("staffChat");
  const staff = useSignedInStaff();
  if (status === "closed") return <QueueBadge tone="gray">{t("status.closed")}</QueueBadge>;
  if (status === "waiting" || !doctor) {
    return <QueueBadge tone="blue">{t("status.waiting")}</QueueBadge>;
  }
  if (doctor.id === staff.id) return <QueueBadge tone="green">{t("status.mine")}</QueueBadge>;
  return <QueueBadge tone="yellow">{t("status.withDoctor", { name: doctor.name })}</QueueBadge>;
}

/** Overdue said in words, not by colour alone: «Просрочен: ждёт ответа дольше 15 минут». */
export function OverdueBadge({ minutes }: { minutes: number | null }) {
  const { t } = useTranslation("staffChat");
  return (
    <QueueBadge tone="red">
      {minutes === null ? t("status.overdueNoTarget") : t("status.overdue", { count: minutes })}
    </QueueBadge>
  );
}

/** «12 мин», «1 ч 5 мин». */
export function WaitingTime({ since, now }: { since: string; now: number }) {
  const { t } = useTranslation("staffChat");
  const { hours, minutes } = splitMinutes(minutesSince(since, now));
  return (
    <time dateTime={since}>
      {hours > 0 ? t("common.hoursMinutes", { hours, minutes }) : t("common.minutes", { minutes })}
    </time>
  );
}
