import { Paper, Stack, Text, Title, UnstyledButton } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ClinicServiceView } from "../../../common/booking/booking.schema.ts";
import { IconChevronRight } from "../../ui/icons.tsx";
import { coverageLabel } from "../appointments/appointment-format.ts";
import { QueryState } from "../contracts/query-state.tsx";
import { type ServiceFilters, useClinicServices } from "./booking.api.ts";
import { capitalize } from "./booking-format.ts";

/**
 * «Услуги и цены» under the times: the chosen clinic's services (of the specialty), each with what
 * it costs the person, worded as the times word it. Folded on a phone, where the times come first.
 */
export function ClinicServices({ filters }: { filters: ServiceFilters }) {
  const { t } = useTranslation("booking");
  const wide = useMediaQuery("(min-width: 48em)", false, { getInitialValueInEffect: false });
  const [open, setOpen] = useState<boolean | null>(null);
  const expanded = open ?? wide;
  const headingId = useId();
  const listId = useId();
  const services = useClinicServices(filters, expanded);
  return (
    <Paper withBorder radius="lg" p="md" component="section" aria-labelledby={headingId}>
      <Title order={3} fz="h4" m={0} id={headingId}>
        <UnstyledButton
          aria-expanded={expanded}
          aria-controls={listId}
          onClick={() => setOpen(!expanded)}
          fw={700}
          style={{ display: "flex", alignItems: "center", gap: 8, width: "100%", minHeight: 44 }}
        >
          <IconChevronRight
            size={18}
            aria-hidden
            style={{ transform: expanded ? "rotate(90deg)" : undefined, flexShrink: 0 }}
          />
          {t("services.title")}
        </UnstyledButton>
      </Title>
      <div id={listId} hidden={!expanded}>
        <Stack gap="sm" pt="sm">
          <Text c="dimmed" fz="sm">
            {t("services.hint")}
          </Text>
          {expanded ? (
            <QueryState query={services}>{(list) => <ServiceList services={list} />}</QueryState>
          ) : null}
        </Stack>
      </div>
    </Paper>
  );
}

function ServiceList({ services }: { services: readonly ClinicServiceView[] }) {
  const { t } = useTranslation("booking");
  const { t: tAppointments } = useTranslation("appointments");
  if (services.length === 0) return <Text>{t("services.none")}</Text>;
  // The specialty beside each service only when the list has several.
  const severalSpecialties = new Set(services.map((service) => service.specialty.id)).size > 1;
  return (
    <Stack component="ul" gap="xs" m={0} p={0} style={{ listStyle: "none" }}>
      {services.map((service, index) => (
        <Stack
          component="li"
          key={service.id}
          gap={2}
          pb="xs"
          style={{
            borderBottom:
              index < services.length - 1
                ? "1px solid var(--mantine-color-default-border)"
                : undefined,
          }}
        >
          <Text fw={500} style={{ overflowWrap: "anywhere" }}>
            {service.name}
          </Text>
          {severalSpecialties ? (
            <Text fz="sm" c="dimmed">
              {capitalize(service.specialty.name)}
            </Text>
          ) : null}
          <Text fz="sm" fw={600}>
            {coverageLabel(tAppointments, service.coverage)}
          </Text>
          {service.coverage.kind === "paid" ? (
            <Text fz="sm" c="dimmed">
              {t(`cost.reason.${service.coverage.reason}`)}
            </Text>
          ) : null}
        </Stack>
      ))}
    </Stack>
  );
}
