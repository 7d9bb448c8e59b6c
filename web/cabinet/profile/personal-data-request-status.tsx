import { Group, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { formatMoscowDateTime, formatRuDate } from "../../../common/format/date.ts";
import { fullName } from "../../../common/format/person-name.ts";
import { formatPhone } from "../../../common/format/phone.ts";
import type { PersonalDataRequest } from "../../../common/identity/personal-data.schema.ts";
import { type BadgeTone, StatusBadge } from "../../ui/query-states.tsx";

const tones: Record<PersonalDataRequest["status"], BadgeTone> = {
  pending: "yellow",
  approved: "green",
  rejected: "red",
};

/** A change request's status («На рассмотрении», «Одобрено», «Отклонено»), what it asked, the comment. */
export function RequestStatus({ request }: { request: PersonalDataRequest }) {
  const { t } = useTranslation("personal");
  const asked =
    request.kind === "phone"
      ? t("personal.request.askedPhone", { phone: formatPhone(request.phone ?? "") })
      : t("personal.request.asked", {
          values: [
            fullName({
              lastName: request.lastName ?? "",
              firstName: request.firstName ?? "",
              patronymic: request.patronymic,
            }),
            request.birthDate ? formatRuDate(request.birthDate) : "",
          ]
            .filter(Boolean)
            .join(", "),
        });
  return (
    <Stack gap={4} aria-live="polite">
      <Group gap="xs">
        <StatusBadge tone={tones[request.status]}>
          {t(`personal.status.${request.status}`)}
        </StatusBadge>
        <Text fz="sm" c="dimmed">
          {t("personal.request.sentAt", { date: formatMoscowDateTime(request.createdAt) })}
        </Text>
      </Group>
      <Text fz="sm" style={{ overflowWrap: "anywhere" }}>
        {asked}
      </Text>
      {request.decidedAt ? (
        <Text fz="sm" c="dimmed">
          {t("personal.request.decidedAt", { date: formatMoscowDateTime(request.decidedAt) })}
        </Text>
      ) : null}
      {request.comment ? (
        <Text fz="sm" style={{ overflowWrap: "anywhere" }}>
          {t("personal.request.comment", { comment: request.comment })}
        </Text>
      ) : null}
    </Stack>
  );
}
