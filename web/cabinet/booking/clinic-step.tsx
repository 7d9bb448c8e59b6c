import { Button, Group, Paper, Select, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import type { networkClinicSchema } from "../../../common/booking/booking.schema.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { coverageLabel } from "../appointments/appointment-format.ts";
import { QueryState } from "../contracts/query-state.tsx";
import { type ClinicFilters, useClinics } from "./booking.api.ts";

export type NetworkClinic = z.infer<typeof networkClinicSchema>;

export interface Location {
  latitude: number;
  longitude: number;
}

const km = new Intl.NumberFormat("ru-RU", { maximumFractionDigits: 1 });

/** Asks the browser for its location only when the button is pressed. */
function useLocationOnRequest() {
  const [location, setLocation] = useState<Location | null>(null);
  const [state, setState] = useState<"idle" | "locating" | "failed" | "unsupported">("idle");
  const locate = () => {
    if (!("geolocation" in navigator)) {
      setState("unsupported");
      return;
    }
    setState("locating");
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocation({
          latitude: Number(position.coords.latitude.toFixed(4)),
          longitude: Number(position.coords.longitude.toFixed(4)),
        });
        setState("idle");
      },
      () => setState("failed"),
      { enableHighAccuracy: false, timeout: 15_000, maximumAge: 10 * 60_000 },
    );
  };
  return { location, state, locate, forget: () => setLocation(null) };
}

function ClinicCard({
  clinic,
  onChoose,
}: {
  clinic: NetworkClinic;
  onChoose: (clinic: NetworkClinic) => void;
}) {
  const { t } = useTranslation("booking");
  const { t: tAppointments } = useTranslation("appointments");
  const online = clinic.bookingMode === "online";
  return (
    <Paper component="li" withBorder radius="lg" p="md">
      <Stack gap={4}>
        <Title order={3} fz="lg" style={{ overflowWrap: "anywhere" }}>
          {clinic.name}
        </Title>
        <Text>{clinic.address}</Text>
        {clinic.metro || clinic.district ? (
          <Text fz="sm" c="dimmed">
            {[
              clinic.metro ? `${t("clinic.metro")} ${clinic.metro}` : null,
              clinic.district ? `${t("clinic.district")}: ${clinic.district}` : null,
            ]
              .filter(Boolean)
              .join(" · ")}
          </Text>
        ) : null}
        {clinic.distanceKm !== null ? (
          <Text fz="sm">{t("clinic.distance", { km: km.format(clinic.distanceKm) })}</Text>
        ) : null}
        {clinic.openingHours ? (
          <Text fz="sm" c="dimmed">
            {t("clinic.hours", { hours: clinic.openingHours })}
          </Text>
        ) : null}
        {clinic.coverage ? (
          <Text fz="sm" fw={600}>
            {coverageLabel(tAppointments, clinic.coverage)}
          </Text>
        ) : null}
        {online ? null : <Text fz="sm">{t("clinic.requestsOnly")}</Text>}
        <Button
          mt={6}
          variant={online ? "filled" : "light"}
          style={{ alignSelf: "flex-start" }}
          aria-label={t(online ? "clinic.chooseTimeLabel" : "clinic.requestLabel", {
            clinic: clinic.name,
          })}
          onClick={() => onChoose(clinic)}
        >
          {t(online ? "clinic.chooseTime" : "clinic.request")}
        </Button>
      </Stack>
    </Paper>
  );
}

/** The clinics of the person's network, filtered by metro or district, nearest first on request. */
export function ClinicStep({
  filters,
  onFilter,
  onChoose,
}: {
  filters: Omit<ClinicFilters, "latitude" | "longitude">;
  onFilter: (changes: { metro?: string | null; district?: string | null }) => void;
  onChoose: (clinic: NetworkClinic) => void;
}) {
  const { t } = useTranslation("booking");
  const geo = useLocationOnRequest();
  const clinics = useClinics({ ...filters, ...(geo.location ?? {}) });
  // The filters' choices come from the unfiltered list, kept while a filtered one loads.
  const [options, setOptions] = useState<{ metros: string[]; districts: string[] }>({
    metros: [],
    districts: [],
  });
  const data = clinics.data;
  if (
    data &&
    (data.metros.join("\n") !== options.metros.join("\n") ||
      data.districts.join("\n") !== options.districts.join("\n"))
  ) {
    setOptions({ metros: data.metros, districts: data.districts });
  }

  return (
    <Stack gap="md">
      <Text c="dimmed">{t("clinic.hint")}</Text>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <Select
          label={t("clinic.metro")}
          placeholder={t("clinic.any")}
          data={options.metros}
          value={filters.metro ?? null}
          onChange={(value) => onFilter({ metro: value })}
          clearable
          searchable
          nothingFoundMessage="—"
        />
        <Select
          label={t("clinic.district")}
          placeholder={t("clinic.anyDistrict")}
          data={options.districts}
          value={filters.district ?? null}
          onChange={(value) => onFilter({ district: value })}
          clearable
          searchable
          nothingFoundMessage="—"
        />
      </SimpleGrid>
      <Group gap="sm">
        {geo.location ? (
          <Button variant="default" onClick={geo.forget}>
            {t("clinic.byName")}
          </Button>
        ) : (
          <Button variant="light" onClick={geo.locate} loading={geo.state === "locating"}>
            {t("clinic.nearest")}
          </Button>
        )}
      </Group>
      {geo.state === "failed" ? (
        <FormAlert tone="info">{t("clinic.locationFailed")}</FormAlert>
      ) : geo.state === "unsupported" ? (
        <FormAlert tone="info">{t("clinic.locationUnsupported")}</FormAlert>
      ) : geo.location ? (
        <Text role="status" fz="sm">
          {t("clinic.byDistance")}
        </Text>
      ) : null}
      <QueryState query={clinics}>
        {({ clinics: list }) => {
          // With a specialty chosen the server lists only the clinics that have its visit.
          return list.length === 0 ? (
            <Text>{t("clinic.none")}</Text>
          ) : (
            <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: "none" }}>
              {list.map((clinic) => (
                <ClinicCard key={clinic.id} clinic={clinic} onChoose={onChoose} />
              ))}
            </Stack>
          );
        }}
      </QueryState>
    </Stack>
  );
}
