import {
  Anchor,
  Button,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useDeferredValue, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import {
  BOOKING_MODES,
  type BookingMode,
  type StaffClinic,
} from "../../../common/booking/staff-clinics.schema.ts";
import { PageLoader } from "../../ui/page-loader.tsx";
import { LoadFailed, StatusBadge } from "../../ui/query-states.tsx";
import { useSignedInStaff } from "../auth/staff-session.ts";
import { clinicsQuery } from "./clinics.api.ts";

type ActiveFilter = "" | "true" | "false";

/** «Клиники»: the network's clinics, found by name or metro; an admin adds and edits them. */
export function ClinicsPage() {
  const { t } = useTranslation("staffClinics");
  const { t: ts } = useTranslation("staff");
  const isAdmin = useSignedInStaff().role === "admin";
  const [search, setSearch] = useState("");
  const [mode, setMode] = useState<BookingMode | "">("");
  const [active, setActive] = useState<ActiveFilter>("");
  const q = useDeferredValue(search.trim());
  const clinics = useQuery({
    ...clinicsQuery({
      q: q || undefined,
      bookingMode: mode || undefined,
      active: active || undefined,
    }),
    placeholderData: keepPreviousData,
  });

  return (
    <Stack gap="lg">
      <title>{`${t("title")} — ${ts("pageTitleSuffix")}`}</title>
      <Group justify="space-between" gap="sm">
        <Title order={1}>{t("title")}</Title>
        {/* The section's header actions; the price-list and doctors import adds its link here. */}
        <Group gap="xs" role="group" aria-label={t("clinics.actions")} data-clinic-actions="">
          <Button component={Link} to="/staff/clinics/networks" variant="default">
            {t("clinics.networks")}
          </Button>
          {isAdmin ? (
            <Button component={Link} to="/staff/clinics/import" variant="default">
              {t("clinics.import")}
            </Button>
          ) : null}
          {isAdmin ? (
            <Button component={Link} to="/staff/clinics/new">
              {t("clinics.new")}
            </Button>
          ) : null}
        </Group>
      </Group>
      <Text c="dimmed">{t("clinics.intro")}</Text>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
        <TextInput
          type="search"
          label={t("clinics.search")}
          placeholder={t("clinics.searchPlaceholder")}
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
          autoComplete="off"
        />
        <NativeSelect
          label={t("clinics.mode")}
          value={mode}
          onChange={(event) => setMode(event.currentTarget.value as BookingMode | "")}
          data={[
            { value: "", label: t("clinics.modeAll") },
            ...BOOKING_MODES.map((value) => ({ value, label: t(`clinics.modes.${value}`) })),
          ]}
        />
        <NativeSelect
          label={t("clinics.state")}
          value={active}
          onChange={(event) => setActive(event.currentTarget.value as ActiveFilter)}
          data={[
            { value: "", label: t("clinics.stateAll") },
            { value: "true", label: t("clinics.stateActive") },
            { value: "false", label: t("clinics.stateInactive") },
          ]}
        />
      </SimpleGrid>
      {clinics.isPending ? <PageLoader label={t("clinics.loading")} /> : null}
      {clinics.isError ? <LoadFailed title={t("clinics.failedTitle")} query={clinics} /> : null}
      {clinics.data?.clinics.length === 0 ? <Text c="dimmed">{t("clinics.empty")}</Text> : null}
      <Stack component="ul" gap="sm" m={0} p={0} style={{ listStyle: "none" }}>
        {clinics.data?.clinics.map((clinic) => (
          <ClinicItem key={clinic.id} clinic={clinic} />
        ))}
      </Stack>
    </Stack>
  );
}

function ClinicItem({ clinic }: { clinic: StaffClinic }) {
  const { t } = useTranslation("staffClinics");
  const headingId = `clinic-${clinic.id}`;
  return (
    <Paper component="li" withBorder radius="lg" p="md" aria-labelledby={headingId}>
      <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
        <Stack gap={4}>
          <Group gap="xs" wrap="wrap">
            <Title order={2} fz="h4" id={headingId}>
              <Anchor component={Link} to={`/staff/clinics/${clinic.id}`} inherit>
                {clinic.name}
              </Anchor>
            </Title>
            <StatusBadge tone={clinic.bookingMode === "online" ? "blue" : "yellow"}>
              {t(`clinics.modes.${clinic.bookingMode}`)}
            </StatusBadge>
            {clinic.active ? null : <StatusBadge tone="gray">{t("clinics.inactive")}</StatusBadge>}
          </Group>
          <Text fz="sm">
            {clinic.address}
            {clinic.metro ? ` · ${t("clinics.metro", { metro: clinic.metro })}` : ""}
          </Text>
          <Text fz="sm" c="dimmed">
            {t("clinics.counts", { doctors: clinic.doctorCount, services: clinic.serviceCount })}
          </Text>
        </Stack>
      </Group>
    </Paper>
  );
}
