import { Group } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { StaffPrivacyRequest } from "../../../common/privacy/privacy.schema.ts";
import { type BadgeTone, StatusBadge } from "../../ui/query-states.tsx";

const tones: Record<StaffPrivacyRequest["status"], BadgeTone> = {
  new: "yellow",
  in_progress: "blue",
  closed: "green",
};

/** A request's status, and «Просрочен» past its legal deadline. */
export function PrivacyStatus({
  request,
}: {
  request: Pick<StaffPrivacyRequest, "status" | "overdue">;
}) {
  const { t } = useTranslation("staffPrivacyRequests");
  return (
    <Group gap="xs">
      <StatusBadge tone={tones[request.status]}>{t(`status.${request.status}`)}</StatusBadge>
      {request.overdue ? <StatusBadge tone="red">{t("overdue")}</StatusBadge> : null}
    </Group>
  );
}
