import { Alert, Anchor, Text } from "@mantine/core";
import { Trans, useTranslation } from "react-i18next";
import { IconAlert } from "../../ui/icons.tsx";

/**
 * Before the first message and in every conversation: the chat informs, it does not diagnose,
 * and an emergency is a call to 103 or 112, one tap away on a phone.
 */
export function SafetyNotice() {
  const { t } = useTranslation("chat");
  return (
    <Alert
      // A standing note, not news: Mantine's default role=alert would be read out on every visit.
      role="note"
      color="yellow"
      variant="light"
      radius="md"
      icon={<IconAlert size={20} />}
      title={t("notice.label")}
      styles={{ title: { color: "#5c3600" } }}
    >
      <Text fz="sm" c="dark.7">
        {t("notice.text")}{" "}
        <Trans
          t={t}
          i18nKey="notice.emergency"
          components={{
            ambulance: (
              <Anchor href="tel:103" fw={700} c="red.9" aria-label={t("notice.callAmbulance")} />
            ),
            rescue: (
              <Anchor href="tel:112" fw={700} c="red.9" aria-label={t("notice.callRescue")} />
            ),
          }}
        />
      </Text>
    </Alert>
  );
}

/** «Обычно врач отвечает в течение N минут», when the last day gave a median. */
export function ReplyTime({ minutes }: { minutes: number | null }) {
  const { t } = useTranslation("chat");
  if (minutes === null) return null;
  return (
    <Text fz="sm" c="dimmed">
      {t("replyTime", { count: Math.max(1, minutes) })}
    </Text>
  );
}
