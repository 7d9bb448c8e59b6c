import { Anchor, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { AppointmentView } from "../../../common/booking/booking.schema.ts";
import { QueryState } from "../contracts/query-state.tsx";
import type { FromState } from "../shell/back-link.tsx";
import { AppointmentCard } from "./appointment-card.tsx";
import { BOOKING_PATH, useAppointmentList, useAppointmentsLive } from "./appointments.api.ts";

/** The nearest visit with a time; a request (no time yet) only when there is none. */
export function nextVisit(upcoming: readonly AppointmentView[]): AppointmentView | null {
  const timed = upcoming
    .filter((appointment) => appointment.startsAt !== null)
    .sort((a, b) => Date.parse(a.startsAt ?? "") - Date.parse(b.startsAt ?? ""));
  return timed[0] ?? upcoming[0] ?? null;
}

/** «Главная»: the next upcoming visit and the way to «Мои записи». */
export function NextVisit({ from }: { from: FromState }) {
  const { t } = useTranslation("appointments");
  const appointments = useAppointmentList();
  useAppointmentsLive();
  const titleId = useId();
  return (
    <Paper withBorder radius="lg" p="md" component="section" aria-labelledby={titleId}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Title order={2} fz="h3" id={titleId}>
            {t("home.title")}
          </Title>
          <Anchor component={Link} to="/cabinet/appointments" state={from} fw={600}>
            {t("home.all")}
          </Anchor>
        </Group>
        <Button component={Link} to={BOOKING_PATH} state={from} style={{ alignSelf: "flex-start" }}>
          {t("home.book")}
        </Button>
        <QueryState query={appointments}>
          {({ upcoming }) => {
            const next = nextVisit(upcoming);
            if (!next) {
              return <Text c="dimmed">{t("home.none")}</Text>;
            }
            return (
              <Stack gap="xs">
                <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: "none" }}>
                  <AppointmentCard appointment={next} from={from} />
                </Stack>
                {upcoming.length > 1 ? (
                  <Text c="dimmed" fz="sm">
                    {t("home.more", { count: upcoming.length - 1 })}
                  </Text>
                ) : null}
              </Stack>
            );
          }}
        </QueryState>
      </Stack>
    </Paper>
  );
}
