import { Anchor, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import type {
  StaffClinic,
  StaffDoctor,
  StaffService,
} from "../../../common/booking/staff-clinics.schema.ts";
import { formatRublesInput } from "../../../common/contracts/programs.schema.ts";
import { formatPhone } from "../../../common/format/phone.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { PageLoader } from "../../ui/page-loader.tsx";
import { describeProblem } from "../../ui/problem-errors.ts";
import { LoadFailed, StatusBadge } from "../../ui/query-states.tsx";
import { useSignedInStaff } from "../auth/staff-session.ts";
import { useFallbackMessages } from "../errors.ts";
import { BackLink } from "./clinic-form.page.tsx";
import { clinicCardQuery, clinicsKey, saveDoctor } from "./clinics.api.ts";
import { DoctorDialog } from "./doctor-dialog.tsx";
import { ServiceDialog } from "./service-dialog.tsx";

/** A doctor's name as the console writes it: «Соколова Мария Игоревна». */
export function doctorName(doctor: Pick<StaffDoctor, "lastName" | "firstName" | "patronymic">) {
  return [doctor.lastName, doctor.firstName, doctor.patronymic].filter(Boolean).join(" ");
}

const percent = (value: number) => String(value).replace(".", ",");

/** A clinic's card: its details, its doctors (with their schedules) and its services. */
export function ClinicCardPage() {
  const { t } = useTranslation("staffClinics");
  const { t: ts } = useTranslation("staff");
  const { id = "" } = useParams();
  const isAdmin = useSignedInStaff().role === "admin";
  const card = useQuery(clinicCardQuery(id));

  if (card.isPending) return <PageLoader label={t("card.loading")} />;
  if (card.isError) {
    return (
      <Stack gap="lg">
        <BackLink to="/staff/clinics" label={t("clinicForm.back")} />
        <LoadFailed title={t("card.failedTitle")} query={card} />
      </Stack>
    );
  }
  const { clinic, doctors, services } = card.data;
  return (
    <Stack gap="lg">
      <title>{`${clinic.name} — ${ts("pageTitleSuffix")}`}</title>
      <BackLink to="/staff/clinics" label={t("clinicForm.back")} />
      <Group justify="space-between" gap="sm">
        <Title order={1}>{clinic.name}</Title>
        {isAdmin ? (
          <Button component={Link} to={`/staff/clinics/${clinic.id}/edit`} variant="default">
            {t("card.edit")}
          </Button>
        ) : null}
      </Group>
      <ClinicDetails clinic={clinic} />
      <DoctorsSection clinicId={clinic.id} doctors={doctors} isAdmin={isAdmin} />
      <ServicesSection clinicId={clinic.id} services={services} isAdmin={isAdmin} />
    </Stack>
  );
}

function ClinicDetails({ clinic }: { clinic: StaffClinic }) {
  const { t } = useTranslation("staffClinics");
  return (
    <Paper withBorder radius="lg" p="md">
      <Stack gap="xs">
        <Group gap="xs">
          <StatusBadge tone={clinic.bookingMode === "online" ? "blue" : "yellow"}>
            {t(`clinics.modes.${clinic.bookingMode}`)}
          </StatusBadge>
          <StatusBadge tone={clinic.active ? "green" : "gray"}>
            {clinic.active ? t("clinics.active") : t("clinics.inactive")}
          </StatusBadge>
        </Group>
        <Text>
          {clinic.address}
          {clinic.metro ? ` · ${t("clinics.metro", { metro: clinic.metro })}` : ""}
          {clinic.district ? ` · ${clinic.district}` : ""}
        </Text>
        {clinic.latitude !== null && clinic.longitude !== null ? (
          <Text fz="sm" c="dimmed">
            {t("card.coordinates", { latitude: clinic.latitude, longitude: clinic.longitude })}
          </Text>
        ) : null}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Stack gap={2}>
            <Text fz="sm" c="dimmed">
              {t("card.phones")}
            </Text>
            {clinic.phones.map((phone) => (
              <Anchor key={phone} href={`tel:${phone}`}>
                {formatPhone(phone)}
              </Anchor>
            ))}
          </Stack>
          <Stack gap={2}>
            <Text fz="sm" c="dimmed">
              {t("card.openingHours")}
            </Text>
            <Text style={{ whiteSpace: "pre-wrap" }}>{clinic.openingHours}</Text>
          </Stack>
        </SimpleGrid>
        <Text fz="sm">
          {t("card.cutoff", { hours: clinic.cancellationCutoffHours })}
          {" · "}
          {t("card.discount", { percent: percent(clinic.companyDiscountPercent) })}
        </Text>
        {clinic.whatToBring ? (
          <Text fz="sm">
            {t("card.whatToBring")}: {clinic.whatToBring}
          </Text>
        ) : null}
      </Stack>
    </Paper>
  );
}

function DoctorsSection({
  clinicId,
  doctors,
  isAdmin,
}: {
  clinicId: string;
  doctors: StaffDoctor[];
  isAdmin: boolean;
}) {
  const { t } = useTranslation("staffClinics");
  const messages = useFallbackMessages();
  const queryClient = useQueryClient();
  // null: closed; "new": the create form; else the doctor being edited.
  const [editing, setEditing] = useState<StaffDoctor | "new" | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const toggle = useMutation({
    mutationFn: (doctor: StaffDoctor) =>
      saveDoctor(clinicId, doctor.id, {
        lastName: doctor.lastName,
        firstName: doctor.firstName,
        patronymic: doctor.patronymic,
        specialtyId: doctor.specialty.id,
        practiceSince: doctor.practiceSince,
        active: !doctor.active,
      }),
    onMutate: () => setActionError(null),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: clinicsKey }),
    onError: (error) => setActionError(describeProblem(error, messages)),
  });

  return (
    <Stack gap="sm" component="section" aria-labelledby="clinic-doctors">
      <Group justify="space-between">
        <Title order={2} fz="h3" id="clinic-doctors">
          {t("doctors.title")}
        </Title>
        {isAdmin ? <Button onClick={() => setEditing("new")}>{t("doctors.add")}</Button> : null}
      </Group>
      {actionError ? <FormAlert title={t("card.actionFailed")}>{actionError}</FormAlert> : null}
      {doctors.length === 0 ? <Text c="dimmed">{t("doctors.empty")}</Text> : null}
      <Stack component="ul" gap="xs" m={0} p={0} style={{ listStyle: "none" }}>
        {doctors.map((doctor) => {
          const name = doctorName(doctor);
          const whose = <span className="visually-hidden">{` — ${name}`}</span>;
          return (
            <Paper component="li" key={doctor.id} withBorder radius="md" p="sm">
              <Group justify="space-between" gap="sm" wrap="wrap">
                <Stack gap={2}>
                  <Group gap="xs">
                    <Text fw={600}>{name}</Text>
                    {doctor.active ? null : (
                      <StatusBadge tone="gray">{t("doctors.inactive")}</StatusBadge>
                    )}
                    {doctor.hasTemplate ? null : (
                      <StatusBadge tone="yellow">{t("doctors.noTemplate")}</StatusBadge>
                    )}
                  </Group>
                  <Text fz="sm" c="dimmed">
                    {doctor.specialty.name} · {t("doctors.since", { year: doctor.practiceSince })}
                  </Text>
                </Stack>
                <Group gap="xs">
                  <Button
                    size="xs"
                    variant="default"
                    component={Link}
                    to={`/staff/clinics/${clinicId}/doctors/${doctor.id}`}
                  >
                    {t("doctors.schedule")}
                    {whose}
                  </Button>
                  {isAdmin ? (
                    <>
                      <Button size="xs" variant="default" onClick={() => setEditing(doctor)}>
                        {t("doctors.edit")}
                        {whose}
                      </Button>
                      <Button
                        size="xs"
                        variant="default"
                        loading={toggle.isPending && toggle.variables?.id === doctor.id}
                        onClick={() => toggle.mutate(doctor)}
                      >
                        {doctor.active ? t("doctors.deactivate") : t("doctors.activate")}
                        {whose}
                      </Button>
                    </>
                  ) : null}
                </Group>
              </Group>
            </Paper>
          );
        })}
      </Stack>
      {editing !== null ? (
        <DoctorDialog
          clinicId={clinicId}
          doctor={editing === "new" ? null : editing}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </Stack>
  );
}

function ServicesSection({
  clinicId,
  services,
  isAdmin,
}: {
  clinicId: string;
  services: StaffService[];
  isAdmin: boolean;
}) {
  const { t } = useTranslation("staffClinics");
  const [editing, setEditing] = useState<StaffService | "new" | null>(null);
  return (
    <Stack gap="sm" component="section" aria-labelledby="clinic-services">
      <Group justify="space-between">
        <Title order={2} fz="h3" id="clinic-services">
          {t("services.title")}
        </Title>
        {isAdmin ? <Button onClick={() => setEditing("new")}>{t("services.add")}</Button> : null}
      </Group>
      {services.length === 0 ? <Text c="dimmed">{t("services.empty")}</Text> : null}
      <Stack component="ul" gap="xs" m={0} p={0} style={{ listStyle: "none" }}>
        {services.map((service) => (
          <Paper component="li" key={service.id} withBorder radius="md" p="sm">
            <Group justify="space-between" gap="sm" wrap="wrap">
              <Stack gap={2}>
                <Group gap="xs">
                  <Text fw={600}>{service.name}</Text>
                  {service.isVisit ? (
                    <StatusBadge tone="blue">{t("services.visit")}</StatusBadge>
                  ) : null}
                  {service.active ? null : (
                    <StatusBadge tone="gray">{t("services.inactive")}</StatusBadge>
                  )}
                </Group>
                <Text fz="sm" c="dimmed">
                  {service.code} · {service.specialty.name} ·{" "}
                  {t("services.price", { price: formatRublesInput(service.priceKopecks) })}
                  {service.companyDiscountPercent !== null
                    ? ` · ${t("services.ownDiscount", { percent: percent(service.companyDiscountPercent) })}`
                    : ""}
                </Text>
              </Stack>
              {isAdmin ? (
                <Button size="xs" variant="default" onClick={() => setEditing(service)}>
                  {t("services.edit")}
                  <span className="visually-hidden">{` — ${service.name}`}</span>
                </Button>
              ) : null}
            </Group>
          </Paper>
        ))}
      </Stack>
      {editing !== null ? (
        <ServiceDialog
          clinicId={clinicId}
          service={editing === "new" ? null : editing}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </Stack>
  );
}
