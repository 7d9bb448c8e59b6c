import {
  Anchor,
  Box,
  Button,
  Group,
  Modal,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import type { StaffAppeal } from "../../../common/appeals/appeals.schema.ts";
import type {
  ContractHolder,
  StaffContractCard,
} from "../../../common/contracts/staff-contracts.schema.ts";
import { formatMoscowDateTime, formatRuDate } from "../../../common/format/date.ts";
import { formatPhone } from "../../../common/format/phone.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { IconArrowLeft } from "../../ui/icons.tsx";
import { PageLoader } from "../../ui/page-loader.tsx";
import { describeProblem } from "../../ui/problem-errors.ts";
import { LoadFailed, StatusBadge } from "../../ui/query-states.tsx";
import { useFallbackMessages } from "../errors.ts";
import { MedcardButton } from "../medcard/medcard-button.tsx";
import { AppealForm } from "./appeal-form.tsx";
import { ContractStatusBadge, ReplacementStatusBadge, usePeriod } from "./contract-badges.tsx";
import { contractCardKey, contractCardQuery, unlinkHolder } from "./contracts.api.ts";

/** The contract card: what the contract is, whom it covers, its appeals and requests. */
export function ContractCardPage() {
  const { t } = useTranslation("staffContracts");
  const { t: ts } = useTranslation("staff");
  const { id = "" } = useParams();
  const card = useQuery(contractCardQuery(id));

  return (
    <Stack gap="lg">
      <Anchor component={Link} to="/staff/contracts" fz="sm">
        <Group gap={4} component="span" wrap="nowrap">
          <IconArrowLeft size={16} />
          {t("card.back")}
        </Group>
      </Anchor>
      {card.isPending ? <PageLoader label={t("card.loading")} /> : null}
      {card.isError ? (
        <>
          <title>{`${t("card.failedTitle")} — ${ts("pageTitleSuffix")}`}</title>
          <Title order={1}>{t("card.failedTitle")}</Title>
          <LoadFailed title={t("card.failedTitle")} query={card} />
        </>
      ) : null}
      {card.data ? <CardContent card={card.data} /> : null}
    </Stack>
  );
}

function CardContent({ card }: { card: StaffContractCard }) {
  const { t } = useTranslation("staffContracts");
  const { t: ts } = useTranslation("staff");
  const period = usePeriod();
  const title =
    card.kind === "certificate"
      ? t("card.certificateTitle", { number: card.number })
      : t("card.policyTitle", { number: card.number });

  const facts: [string, React.ReactNode][] = [
    [t("card.number"), card.number],
    ...(card.insurerName ? [[t("card.insurer"), card.insurerName] as [string, string]] : []),
    [t("card.program"), card.program.name],
    [t("card.period"), period(card.startsOn, card.endsOn)],
    [t("card.status"), <ContractStatusBadge key="status" status={card.status} />],
  ];

  return (
    <>
      <title>{`${title} — ${ts("pageTitleSuffix")}`}</title>
      <Title order={1} style={{ overflowWrap: "anywhere" }}>
        {title}
      </Title>

      <Paper withBorder radius="lg" p={{ base: "md", sm: "lg" }}>
        <SimpleGrid component="dl" cols={{ base: 1, xs: 2, md: 3 }} spacing="md" m={0}>
          {facts.map(([label, value]) => (
            <Box key={label}>
              <Text component="dt" fz="sm" c="dimmed">
                {label}
              </Text>
              <Text component="dd" fw={600} m={0} style={{ overflowWrap: "anywhere" }}>
                {value}
              </Text>
            </Box>
          ))}
        </SimpleGrid>
      </Paper>

      <PersonsSection card={card} />
      <HoldersSection card={card} />
      {card.replacementRequests.length > 0 ? <RequestsSection card={card} /> : null}
      <AppealsSection card={card} />
    </>
  );
}

function PersonsSection({ card }: { card: StaffContractCard }) {
  const { t } = useTranslation("staffContracts");
  const taken = new Set(
    card.persons.filter((person) => person.replacedAt === null).map((person) => person.slot),
  );
  const freeSlots = [1, 2].filter((slot) => slot <= card.program.maxPersons && !taken.has(slot));
  return (
    <Paper
      withBorder
      radius="lg"
      p={{ base: "md", sm: "lg" }}
      component="section"
      aria-labelledby="persons-title"
    >
      <Stack gap="md">
        <Title order={2} fz="h3" id="persons-title">
          {t("card.personsTitle")}
        </Title>
        {card.persons.length === 0 ? (
          <Text c="dimmed">{t("card.noPersons")}</Text>
        ) : (
          <Table.ScrollContainer
            minWidth={720}
            // A table wider than the screen scrolls; the keyboard must reach it too.
            scrollAreaProps={{
              viewportProps: { tabIndex: 0, role: "region", "aria-labelledby": "persons-title" },
            }}
          >
            <Table verticalSpacing="sm" horizontalSpacing="xs" aria-labelledby="persons-title">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t("card.personsColumns.slot")}</Table.Th>
                  <Table.Th scope="col">{t("card.personsColumns.fullName")}</Table.Th>
                  <Table.Th scope="col">{t("card.personsColumns.birthDate")}</Table.Th>
                  <Table.Th scope="col">{t("card.personsColumns.phone")}</Table.Th>
                  <Table.Th scope="col">{t("card.personsColumns.email")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {card.persons.map((person) => (
                  <Table.Tr key={person.id} c={person.replacedAt ? "dimmed" : undefined}>
                    <Table.Td style={{ whiteSpace: "nowrap" }}>
                      {t("common.slot", { slot: person.slot })}
                    </Table.Td>
                    <Table.Th scope="row" fw={person.replacedAt ? 400 : 600}>
                      <Stack gap={4} align="flex-start">
                        {person.fullName}
                        {person.replacedAt ? (
                          <StatusBadge tone="gray">
                            {t("card.replaced", {
                              date: formatMoscowDateTime(person.replacedAt).slice(0, 10),
                            })}
                          </StatusBadge>
                        ) : null}
                      </Stack>
                    </Table.Th>
                    <Table.Td>{formatRuDate(person.birthDate)}</Table.Td>
                    <Table.Td style={{ whiteSpace: "nowrap" }}>
                      {person.phone ? formatPhone(person.phone) : "—"}
                    </Table.Td>
                    <Table.Td style={{ overflowWrap: "anywhere" }}>{person.email ?? "—"}</Table.Td>
                  </Table.Tr>
                ))}
                {freeSlots.map((slot) => (
                  <Table.Tr key={`free-${slot}`}>
                    <Table.Td style={{ whiteSpace: "nowrap" }}>
                      {t("common.slot", { slot })}
                    </Table.Td>
                    <Table.Td colSpan={4}>{t("card.slotFree")}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Paper>
  );
}

/** The accounts that see the contract in the cabinet, and «Отвязать» for one (confirmed first). */
function HoldersSection({ card }: { card: StaffContractCard }) {
  const { t } = useTranslation("staffContracts");
  const messages = useFallbackMessages();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState<ContractHolder | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const unlink = useMutation({
    mutationFn: (holder: ContractHolder) => unlinkHolder(card.id, holder.clientId),
  });

  async function confirm() {
    if (!confirming) return;
    const holder = confirming;
    setConfirming(null);
    setDone(null);
    setFailure(null);
    try {
      const updated = await unlink.mutateAsync(holder);
      queryClient.setQueryData(contractCardKey(card.id), updated);
      setDone(t("card.unlinked", { name: holder.fullName }));
    } catch (error) {
      setFailure(describeProblem(error, messages));
      void queryClient.invalidateQueries({ queryKey: contractCardKey(card.id) });
    }
  }

  return (
    <Paper
      withBorder
      radius="lg"
      p={{ base: "md", sm: "lg" }}
      component="section"
      aria-labelledby="holders-title"
    >
      <Stack gap="md">
        <Stack gap={4}>
          <Title order={2} fz="h3" id="holders-title">
            {t("card.holdersTitle")}
          </Title>
          <Text c="dimmed" fz="sm">
            {t("card.holdersIntro")}
          </Text>
        </Stack>
        {done ? <FormAlert tone="success">{done}</FormAlert> : null}
        {failure ? <FormAlert title={t("card.unlinkFailed")}>{failure}</FormAlert> : null}
        {card.holders.length === 0 ? (
          <Text c="dimmed">{t("card.noHolders")}</Text>
        ) : (
          <Table.ScrollContainer
            minWidth={640}
            scrollAreaProps={{
              viewportProps: { tabIndex: 0, role: "region", "aria-labelledby": "holders-title" },
            }}
          >
            <Table verticalSpacing="sm" horizontalSpacing="xs" aria-labelledby="holders-title">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t("card.holdersColumns.fullName")}</Table.Th>
                  <Table.Th scope="col">{t("card.holdersColumns.phone")}</Table.Th>
                  <Table.Th scope="col">{t("card.holdersColumns.source")}</Table.Th>
                  <Table.Th scope="col">{t("card.holdersColumns.since")}</Table.Th>
                  <Table.Th scope="col">
                    <span className="visually-hidden">{t("card.holdersColumns.actions")}</span>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {card.holders.map((holder) => (
                  <Table.Tr key={holder.clientId}>
                    <Table.Th scope="row" fw={600}>
                      {holder.fullName}
                    </Table.Th>
                    <Table.Td style={{ whiteSpace: "nowrap" }}>
                      {formatPhone(holder.phone)}
                    </Table.Td>
                    <Table.Td>{t(`card.holderSource.${holder.source}`)}</Table.Td>
                    <Table.Td style={{ whiteSpace: "nowrap" }}>
                      {formatMoscowDateTime(holder.since)}
                    </Table.Td>
                    <Table.Td>
                      <Button
                        size="xs"
                        variant="light"
                        color="red"
                        aria-label={t("card.unlinkLabel", { name: holder.fullName })}
                        loading={unlink.isPending && unlink.variables?.clientId === holder.clientId}
                        onClick={() => setConfirming(holder)}
                      >
                        {t("card.unlink")}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
      <Modal
        opened={confirming !== null}
        onClose={() => setConfirming(null)}
        title={t("card.unlinkTitle")}
        closeButtonProps={{ "aria-label": t("card.unlinkCancel") }}
        centered
      >
        <Stack gap="lg">
          <Text>
            {confirming
              ? t("card.unlinkText", {
                  name: confirming.fullName,
                  phone: formatPhone(confirming.phone),
                  number: card.number,
                })
              : null}
          </Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setConfirming(null)}>
              {t("card.unlinkCancel")}
            </Button>
            <Button color="red.9" onClick={() => void confirm()}>
              {t("card.unlinkConfirm")}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}

function RequestsSection({ card }: { card: StaffContractCard }) {
  const { t } = useTranslation("staffContracts");
  const { t: ts } = useTranslation("staff");
  return (
    <Paper
      withBorder
      radius="lg"
      p={{ base: "md", sm: "lg" }}
      component="section"
      aria-labelledby="requests-title"
    >
      <Stack gap="sm">
        <Title order={2} fz="h3" id="requests-title">
          {t("card.requestsTitle")}
        </Title>
        <Stack component="ul" gap="xs" m={0} p={0} style={{ listStyle: "none" }}>
          {card.replacementRequests.map((request) => (
            <Group component="li" key={request.id} gap="sm" wrap="wrap">
              <ReplacementStatusBadge status={request.status} />
              <Text fz="sm">
                {t("card.requestLine", {
                  date: formatMoscowDateTime(request.createdAt),
                  from: request.currentPersonName,
                  to: request.requestedName,
                })}
              </Text>
            </Group>
          ))}
        </Stack>
        <Anchor component={Link} to="/staff/replacements" fz="sm">
          {ts("nav.replacements")}
        </Anchor>
      </Stack>
    </Paper>
  );
}

function AppealsSection({ card }: { card: StaffContractCard }) {
  const { t } = useTranslation("staffContracts");
  const [adding, setAdding] = useState(false);
  const [added, setAdded] = useState<StaffAppeal | null>(null);

  return (
    <Paper
      withBorder
      radius="lg"
      p={{ base: "md", sm: "lg" }}
      component="section"
      aria-labelledby="appeals-title"
    >
      <Stack gap="md">
        <Group justify="space-between" gap="sm">
          <Title order={2} fz="h3" id="appeals-title">
            {t("card.appealsTitle")}
          </Title>
          {adding ? null : (
            <Button
              onClick={() => {
                setAdded(null);
                setAdding(true);
              }}
            >
              {t("card.addAppeal")}
            </Button>
          )}
        </Group>
        {added ? (
          <FormAlert tone="success" title={t("card.appealAdded")}>
            {`${formatMoscowDateTime(added.occurredAt)} · ${added.serviceTypeName}`}
          </FormAlert>
        ) : null}
        {adding ? (
          <AppealForm
            card={card}
            onDone={(appeal) => {
              setAdded(appeal);
              setAdding(false);
            }}
          />
        ) : null}
        {card.appeals.length === 0 ? (
          <Text c="dimmed">{t("card.noAppeals")}</Text>
        ) : (
          <Stack
            component="ol"
            gap="sm"
            m={0}
            p={0}
            style={{ listStyle: "none" }}
            aria-labelledby="appeals-title"
          >
            {card.appeals.map((appeal) => (
              <Paper component="li" key={appeal.id} withBorder radius="md" p="sm">
                <Stack gap={4}>
                  <Group gap="sm" justify="space-between" wrap="wrap">
                    <Text fw={600}>{appeal.serviceTypeName}</Text>
                    <Text fz="sm" c="dimmed">
                      {formatMoscowDateTime(appeal.occurredAt)}
                    </Text>
                  </Group>
                  <Text fz="sm">
                    {t("card.appealMeta", {
                      person: appeal.personName,
                      doctor: appeal.doctorName,
                      channel: t(`common.channel.${appeal.channel}`),
                    })}
                  </Text>
                  <Text style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
                    {appeal.outcome}
                  </Text>
                  <Text fz="xs" c="dimmed">
                    {t("card.appealAuthor", { name: appeal.createdByName })}
                  </Text>
                  <MedcardButton
                    source={{ appealId: appeal.id }}
                    personName={appeal.personName}
                    size="xs"
                  />
                </Stack>
              </Paper>
            ))}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
