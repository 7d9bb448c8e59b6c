import { Box, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { StaffProgram } from "../../../common/contracts/programs.schema.ts";
import { formatRublesInput } from "../../../common/contracts/programs.schema.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { PageLoader } from "../../ui/page-loader.tsx";
import { describeProblem } from "../../ui/problem-errors.ts";
import { LoadFailed, StatusBadge } from "../../ui/query-states.tsx";
import { useSignedInStaff } from "../auth/staff-session.ts";
import { useFallbackMessages } from "../errors.ts";
import { programsKey, programsQuery, setProgramArchived } from "./programs.api.ts";

/** «Программы»: the catalogue; an admin creates, edits and archives programs. */
export function ProgramsPage() {
  const { t } = useTranslation("staffPrograms");
  const { t: ts } = useTranslation("staff");
  const messages = useFallbackMessages();
  const queryClient = useQueryClient();
  const staff = useSignedInStaff();
  const isAdmin = staff.role === "admin";
  // «Клиники» (and its networks) is the booking desk's: operators and admins.
  const seesNetworks = staff.role === "admin" || staff.role === "operator";
  const programs = useQuery(programsQuery());
  const [actionError, setActionError] = useState<string | null>(null);

  const archive = useMutation({
    mutationFn: ({ id, archived }: { id: string; archived: boolean }) =>
      setProgramArchived(id, archived),
    onMutate: () => setActionError(null),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: programsKey }),
    onError: (error) => setActionError(describeProblem(error, messages)),
  });

  return (
    <Stack gap="lg">
      <title>{`${t("programs.title")} — ${ts("pageTitleSuffix")}`}</title>
      <Group justify="space-between" gap="sm">
        <Title order={1}>{t("programs.title")}</Title>
        {isAdmin ? (
          <Button component={Link} to="/staff/programs/new">
            {t("programs.new")}
          </Button>
        ) : null}
      </Group>
      <Text c="dimmed">{t("programs.intro")}</Text>
      {actionError ? <FormAlert title={t("programs.actionFailed")}>{actionError}</FormAlert> : null}
      {programs.isPending ? <PageLoader label={t("programs.loading")} /> : null}
      {programs.isError ? <LoadFailed title={t("programs.failedTitle")} query={programs} /> : null}
      {programs.data?.programs.length === 0 ? <Text c="dimmed">{t("programs.empty")}</Text> : null}
      <Stack component="ul" gap="md" m={0} p={0} style={{ listStyle: "none" }}>
        {programs.data?.programs.map((program) => (
          <ProgramItem
            key={program.id}
            program={program}
            isAdmin={isAdmin}
            seesNetworks={seesNetworks}
            busy={archive.isPending && archive.variables?.id === program.id}
            onArchive={(archived) => archive.mutate({ id: program.id, archived })}
          />
        ))}
      </Stack>
    </Stack>
  );
}

/** A Markdown field shown as the admin typed it (the cabinet renders it; here it is checked). */
function ProgramText({ title, text }: { title: string; text: string }) {
  return (
    <Stack gap={2}>
      <Text fz="sm" c="dimmed">
        {title}
      </Text>
      <Text fz="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
        {text}
      </Text>
    </Stack>
  );
}

function ProgramItem({
  program,
  isAdmin,
  seesNetworks,
  busy,
  onArchive,
}: {
  program: StaffProgram;
  isAdmin: boolean;
  seesNetworks: boolean;
  busy: boolean;
  onArchive: (archived: boolean) => void;
}) {
  const { t } = useTranslation("staffPrograms");
  const headingId = `program-${program.id}`;
  const whose = <span className="visually-hidden">{` — ${program.name}`}</span>;
  return (
    <Paper
      component="li"
      withBorder
      radius="lg"
      p={{ base: "md", sm: "lg" }}
      aria-labelledby={headingId}
    >
      <Stack gap="xs">
        <Group gap="sm" wrap="wrap">
          <Title order={2} fz="h3" id={headingId}>
            {program.name}
          </Title>
          {program.archived ? (
            <StatusBadge tone="gray">{t("programs.archived")}</StatusBadge>
          ) : (
            <StatusBadge tone="green">{t("programs.offered")}</StatusBadge>
          )}
        </Group>
        <Text fz="sm" c="dimmed">
          {t("programs.code", { code: program.code })}
        </Text>
        <Text>{program.description}</Text>
        <Text fz="sm">
          {t("programs.persons", { count: program.maxPersons })}
          {" · "}
          {t("programs.forWhom", { audience: t(`programs.audience.${program.audience}`) })}
          {" · "}
          {program.soldOnline && program.priceKopecks !== null && program.termMonths !== null
            ? t("programs.soldOnline", {
                price: formatRublesInput(program.priceKopecks),
                term: program.termMonths,
              })
            : t("programs.notSoldOnline")}
          {" · "}
          {program.includesChat ? t("programs.includesChat") : t("programs.noChat")}
        </Text>
        <Box component="details">
          <Text component="summary" fz="sm" fw={600} style={{ cursor: "pointer" }}>
            {t("programs.more")}
          </Text>
          <Stack gap="sm" mt="sm">
            <ProgramText title={t("programs.coverage")} text={program.coverage} />
            <ProgramText title={t("programs.careProcedure")} text={program.careProcedure} />
          </Stack>
        </Box>
        {isAdmin || seesNetworks ? (
          <Group gap="xs" mt="xs">
            {seesNetworks ? (
              <Button
                size="xs"
                variant="default"
                component={Link}
                to={`/staff/clinics/networks?program=${program.id}`}
              >
                {t("programs.network")}
                {whose}
              </Button>
            ) : null}
            {isAdmin ? (
              <>
                <Button
                  size="xs"
                  variant="default"
                  component={Link}
                  to={`/staff/programs/${program.id}/edit`}
                >
                  {t("programs.edit")}
                  {whose}
                </Button>
                <Button
                  size="xs"
                  variant="default"
                  loading={busy}
                  onClick={() => onArchive(!program.archived)}
                >
                  {program.archived ? t("programs.unarchive") : t("programs.archive")}
                  {whose}
                </Button>
              </>
            ) : null}
          </Group>
        ) : null}
      </Stack>
    </Paper>
  );
}
