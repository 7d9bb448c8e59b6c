import { Button, Group, Paper, Stack, Text } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { Callback } from "../../../common/contact/contact.schema.ts";
import { formatMoscowDateTime } from "../../../common/format/date.ts";
import { formatPhone } from "../../../common/format/phone.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { describeError } from "../../ui/server-errors.ts";
import { InkBadge } from "../contracts/status-badge.tsx";
import { forgetSessionOn401 } from "../identity/session.ts";
import { callbacksQueryKey, cancelCallback } from "./contact.api.ts";

const statusColor = {
  new: "blue",
  in_progress: "yellow",
  done: "green",
  cancelled: "gray",
} as const;

/** When the call is expected: «до 21:45» or «с 10:00 до 12:00», Moscow time. */
export function useExpectedTime() {
  const { t } = useTranslation("contact");
  return (callback: Callback) => {
    const time = (moment: string) => formatMoscowDateTime(moment).slice(11);
    const day = (moment: string) => formatMoscowDateTime(moment).slice(0, 10);
    return callback.windowStart && callback.windowEnd
      ? t("callback.expectedWindow", {
          day: day(callback.windowStart),
          from: time(callback.windowStart),
          to: time(callback.windowEnd),
        })
      : t("callback.expectedAsap", { time: time(callback.dueAt) });
  };
}

/** One call-back request: its status, when to expect the call, and «Отменить заявку» while open. */
export function CallbackCard({ callback }: { callback: Callback }) {
  const { t } = useTranslation("contact");
  const { t: tCommon } = useTranslation("common");
  const queryClient = useQueryClient();
  const expected = useExpectedTime();
  const cancel = useMutation({
    mutationFn: () => cancelCallback(callback.id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: callbacksQueryKey }),
    onError: (error) => forgetSessionOn401(queryClient, error),
  });
  const open = callback.status === "new" || callback.status === "in_progress";
  return (
    <Paper
      withBorder
      radius="lg"
      p="md"
      component="article"
      aria-label={t("callback.cardLabel", { number: callback.contractNumber })}
    >
      <Stack gap={6}>
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Text fw={600}>{t("callback.cardTitle", { number: callback.contractNumber })}</Text>
          <InkBadge color={statusColor[callback.status]}>
            {t(`callback.status.${callback.status}`)}
          </InkBadge>
        </Group>
        <Text>
          {t("callback.cardPhone", {
            phone: formatPhone(callback.phone),
            name: callback.personName,
          })}
        </Text>
        {open ? <Text c="dimmed">{expected(callback)}</Text> : null}
        {callback.note ? <Text c="dimmed">{callback.note}</Text> : null}
        {cancel.isError ? <FormAlert>{describeError(cancel.error, tCommon)}</FormAlert> : null}
        {open ? (
          <Button
            variant="default"
            size="sm"
            loading={cancel.isPending}
            onClick={() => cancel.mutate()}
            style={{ alignSelf: "flex-start" }}
          >
            {t("callback.cancel")}
          </Button>
        ) : null}
      </Stack>
    </Paper>
  );
}
