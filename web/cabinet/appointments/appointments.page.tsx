import { Button, Group, Stack, Text, Title } from "@mantine/core";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { AppointmentView } from "../../../common/booking/booking.schema.ts";
import { EmptyState } from "../../ui/empty-state.tsx";
import { IconStethoscope } from "../../ui/icons.tsx";
import { QueryState } from "../contracts/query-state.tsx";
import { type FromState, useBackTo, useFromHere } from "../shell/back-link.tsx";
import { Page } from "../shell/page.tsx";
import { AppointmentCard } from "./appointment-card.tsx";
import { BOOKING_PATH, useAppointmentList, useAppointmentsLive } from "./appointments.api.ts";

function Section({
  title,
  empty,
  appointments,
  from,
}: {
  title: string;
  empty: string;
  appointments: AppointmentView[];
  from: FromState;
}) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId}>
      <Stack gap="sm">
        <Title order={2} fz="h3" id={headingId}>
          {title}
        </Title>
        {appointments.length === 0 ? (
          <Text c="dimmed">{empty}</Text>
        ) : (
          <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: "none" }}>
            {appointments.map((appointment) => (
              <AppointmentCard key={appointment.id} appointment={appointment} from={from} />
            ))}
          </Stack>
        )}
      </Stack>
    </section>
  );
}

/** «Мои записи»: upcoming and past visits, each with its status; opened from «Главная» and «Профиль». */
export function AppointmentsPage() {
  const { t } = useTranslation("appointments");
  const { t: tCabinet } = useTranslation("cabinet");
  const appointments = useAppointmentList();
  useAppointmentsLive();
  const back = useBackTo({ to: "/cabinet/profile", label: tCabinet("profile.title") });
  const fromList = useFromHere(t("title"));
  return (
    <Page documentTitle={t("pageTitle")} title={t("title")} back={back}>
      <QueryState query={appointments}>
        {({ upcoming, past }) =>
          upcoming.length === 0 && past.length === 0 ? (
            <EmptyState
              icon={<IconStethoscope size={28} />}
              title={t("list.emptyTitle")}
              description={t("list.emptyText")}
            >
              <Button component={Link} to={BOOKING_PATH}>
                {t("list.book")}
              </Button>
            </EmptyState>
          ) : (
            <Stack gap="xl">
              <Group>
                <Button component={Link} to={BOOKING_PATH} variant="light">
                  {t("list.book")}
                </Button>
              </Group>
              <Text c="dimmed" fz="sm">
                {t("when.moscow")}
              </Text>
              <Section
                title={t("list.upcoming")}
                empty={t("list.noUpcoming")}
                appointments={upcoming}
                from={fromList}
              />
              <Section
                title={t("list.past")}
                empty={t("list.noPast")}
                appointments={past}
                from={fromList}
              />
            </Stack>
          )
        }
      </QueryState>
    </Page>
  );
}
