import { ActionIcon, Anchor, Paper, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { IconX } from "../../ui/icons.tsx";
import { useLiveListener } from "../../ui/live-events.ts";
import classes from "./chat.module.css";

/** At most this many notices stay on screen; an older one gives way to a newer. */
const MAX_NOTICES = 3;

/**
 * The console's notice to doctors when a chat waits longer than the target reply time
 * (`chat.escalated` on the live stream): «Клиент ждёт ответа врача дольше 15 минут» with a link
 * to the chat, until dismissed or opened. Texts are the frame's own (this lives in the layout).
 */
export function EscalationNotices({ targetMinutes }: { targetMinutes: number | null }) {
  const { t } = useTranslation("staff");
  const [chats, setChats] = useState<string[]>([]);
  useLiveListener((update) => {
    const id = update.payload.conversationId;
    if (update.type !== "chat.escalated" || typeof id !== "string") return;
    setChats((shown) => [id, ...shown.filter((other) => other !== id)].slice(0, MAX_NOTICES));
  });
  const dismiss = (id: string) => setChats((shown) => shown.filter((other) => other !== id));
  return (
    <section className={classes.notices} aria-label={t("chatEscalation.label")} aria-live="polite">
      {chats.length > 0 ? (
        <Stack gap="xs">
          {chats.map((id) => (
            <Paper key={id} withBorder shadow="md" p="sm" radius="md" className={classes.notice}>
              <Stack gap={4}>
                <Text fw={700} fz="sm">
                  {t("chatEscalation.title")}
                </Text>
                <Text fz="sm">
                  {targetMinutes === null
                    ? t("chatEscalation.textNoTarget")
                    : t("chatEscalation.text", { count: targetMinutes })}
                </Text>
                <Anchor
                  component={Link}
                  to={`/staff/chats/${id}`}
                  fz="sm"
                  onClick={() => dismiss(id)}
                >
                  {t("chatEscalation.open")}
                </Anchor>
              </Stack>
              <ActionIcon
                variant="subtle"
                color="gray"
                className={classes.noticeClose}
                onClick={() => dismiss(id)}
                aria-label={t("chatEscalation.dismiss")}
              >
                <IconX size={18} />
              </ActionIcon>
            </Paper>
          ))}
        </Stack>
      ) : null}
    </section>
  );
}
