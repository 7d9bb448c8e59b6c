import { Anchor, Box, Button, Divider, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useParams } from "react-router";
import { company } from "../../../common/company.ts";
import type { ContractDetail } from "../../../common/contracts/contracts.schema.ts";
import { formatMoscowDateTime, formatRuDate } from "../../../common/format/date.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { IconChevronRight, IconFile, IconInbox, IconPhone } from "../../ui/icons.tsx";
import { useIsOffline } from "../offline/offline-copies.ts";
import { type FromState, useBackTo, useFromHere } from "../shell/back-link.tsx";
import { Page } from "../shell/page.tsx";
import { useContractTitle } from "./contract-parent.ts";
import { certificatePdfHref, fullName, givenNames, useContract } from "./contracts.api.ts";
import classes from "./contracts.module.css";
import { QueryState } from "./query-state.tsx";
import { SafeHtml } from "./safe-html.tsx";
import { InkBadge, StatusBadge } from "./status-badge.tsx";

/** What a form page passes back after a change: the notice to show once. */
export interface ContractNoticeState {
  notice?: "added" | "requested";
}

function noticeOf(state: unknown): ContractNoticeState["notice"] {
  if (typeof state !== "object" || state === null || !("notice" in state)) return undefined;
  const notice = (state as ContractNoticeState).notice;
  return notice === "added" || notice === "requested" ? notice : undefined;
}

function Persons({ contract, fromHere }: { contract: ContractDetail; fromHere: FromState }) {
  const { t } = useTranslation("contracts");
  const { addPatient2, replacePatient1 } = contract.changes;
  // «Добавить» and «Изменить» open forms that send: not offline.
  const offline = useIsOffline();
  const slots = contract.program.maxPersons === 2 ? [1, 2] : [1];
  // One reason shown for both links when neither may be used for the same reason.
  const refusal = replacePatient1.refusal ?? addPatient2.refusal;
  const shownRefusal =
    refusal === "started" || refusal === "not-patient-1"
      ? refusal
      : addPatient2.refusal === "one-person"
        ? "one-person"
        : null;

  return (
    <Stack gap="sm" component="section" aria-labelledby="contract-persons">
      <Title order={2} fz="h4" id="contract-persons">
        {t("detail.persons")}
      </Title>
      <Stack component="ul" gap="xs" className={classes.plainList}>
        {slots.map((slot) => {
          const person = contract.persons.find((p) => p.slot === slot);
          const link = offline
            ? null
            : slot === 1 && replacePatient1.allowed
              ? { to: "replace-patient", text: t("detail.change"), label: t("detail.changeLabel") }
              : slot === 2 && !person && addPatient2.allowed
                ? { to: "add-patient", text: t("detail.add"), label: t("detail.addLabel") }
                : null;
          return (
            <Group component="li" key={slot} justify="space-between" wrap="nowrap" gap="sm">
              <Stack gap={0} style={{ minWidth: 0 }}>
                <Text fz="sm" c="dimmed">
                  {t("detail.slot", { slot })}
                </Text>
                <Text fw={700} style={{ overflowWrap: "anywhere" }}>
                  {person ? givenNames(person) : t("detail.slotEmpty")}
                </Text>
              </Stack>
              {link ? (
                <Anchor
                  component={Link}
                  to={link.to}
                  state={fromHere}
                  fw={600}
                  aria-label={link.label}
                >
                  {link.text}
                </Anchor>
              ) : null}
            </Group>
          );
        })}
      </Stack>
      {shownRefusal ? (
        <Text c="dimmed" fz="sm">
          {t(`detail.refusal.${shownRefusal}`, { date: formatRuDate(contract.startsOn) })}
        </Text>
      ) : null}
      <ReplacementRequest contract={contract} />
    </Stack>
  );
}

const requestColors = { pending: "yellow", approved: "green", rejected: "red" } as const;

function ReplacementRequest({ contract }: { contract: ContractDetail }) {
  const { t } = useTranslation("contracts");
  const request = contract.replacementRequest;
  if (!request) return null;
  const color = requestColors[request.status];
  return (
    <Paper withBorder radius="md" p="sm" component="section" aria-labelledby="contract-request">
      <Stack gap={4}>
        <Group gap="xs" justify="space-between" wrap="wrap">
          <Title order={3} fz="md" id="contract-request">
            {t("detail.request.title")}
          </Title>
          <InkBadge color={color}>{t(`detail.request.status.${request.status}`)}</InkBadge>
        </Group>
        <Text fz="sm">{t("detail.request.person", { name: fullName(request) })}</Text>
        <Text fz="sm" c="dimmed">
          {t("detail.request.sent", { date: formatMoscowDateTime(request.createdAt) })}
        </Text>
        {request.decidedAt ? (
          <Text fz="sm" c="dimmed">
            {t("detail.request.decided", { date: formatMoscowDateTime(request.decidedAt) })}
          </Text>
        ) : null}
        {request.decisionComment ? (
          <Text fz="sm">{t("detail.request.comment", { comment: request.decisionComment })}</Text>
        ) : null}
      </Stack>
    </Paper>
  );
}

function Appeals({ contract }: { contract: ContractDetail }) {
  const { t } = useTranslation("contracts");
  return (
    <Stack gap="sm" component="section" aria-labelledby="contract-appeals">
      <Title order={2} fz="h4" id="contract-appeals">
        {t("detail.appeals")}
      </Title>
      {contract.appeals.length === 0 ? (
        <Text>{t("detail.noAppeals")}</Text>
      ) : (
        <Stack component="ul" gap="sm" className={classes.plainList}>
          {contract.appeals.map((appeal) => (
            <Paper component="li" key={appeal.id} withBorder radius="md" p="sm">
              <Stack gap={2}>
                <Group justify="space-between" gap="xs" wrap="wrap">
                  <Text fw={700}>{appeal.serviceType}</Text>
                  <Text fz="sm" c="dimmed">
                    {formatMoscowDateTime(appeal.occurredAt)}
                  </Text>
                </Group>
                <Text fz="sm">
                  {t("detail.appealPerson")}: {appeal.personName}
                </Text>
                <Text fz="sm">
                  {t("detail.appealDoctor")}: {appeal.doctorName}
                </Text>
                <Text fz="sm">
                  {t("detail.appealChannel")}: {t(`detail.channel.${appeal.channel}`)}
                </Text>
                <Text fz="sm">
                  {t("detail.appealOutcome")}: {appeal.outcome}
                </Text>
              </Stack>
            </Paper>
          ))}
        </Stack>
      )}
    </Stack>
  );
}

function ContractView({ contract }: { contract: ContractDetail }) {
  const { t } = useTranslation("contracts");
  const location = useLocation();
  const notice = noticeOf(location.state);
  // The screens opened from here come back here, and this page keeps its own way back.
  const fromHere = useFromHere(useContractTitle(contract.kind));
  const isCertificate = contract.kind === "certificate";
  return (
    <>
      {notice ? (
        <FormAlert tone="success">
          {t(notice === "added" ? "detail.addedNotice" : "detail.requestedNotice")}
        </FormAlert>
      ) : null}
      <Paper withBorder radius="lg" p={{ base: "md", sm: "lg" }}>
        <Stack gap="lg">
          <dl className={classes.fields}>
            {contract.insurerName ? (
              <div>
                <dt>{t("detail.insurer")}</dt>
                <dd>{contract.insurerName}</dd>
              </div>
            ) : null}
            <div>
              <dt>{t(isCertificate ? "detail.certificateNumber" : "detail.policyNumber")}</dt>
              <dd>{contract.number}</dd>
            </div>
            <div>
              <dt>{t("detail.period")}</dt>
              <dd>
                {t("period", {
                  from: formatRuDate(contract.startsOn),
                  to: formatRuDate(contract.endsOn),
                })}
              </dd>
            </div>
            <div>
              <dt>{t("detail.status")}</dt>
              <dd>
                <StatusBadge status={contract.status} />
              </dd>
            </div>
            <div>
              <dt>{t("detail.program")}</dt>
              <dd>{contract.program.name}</dd>
            </div>
          </dl>
          <Anchor
            component={Link}
            to={`/cabinet/programs/${contract.program.id}/procedure`}
            state={fromHere}
            fw={600}
            style={{ display: "inline-flex", alignItems: "center", gap: 4 }}
          >
            {t("detail.procedureLink")}
            <IconChevronRight size={18} aria-hidden="true" />
          </Anchor>
          <Divider />
          <Persons contract={contract} fromHere={fromHere} />
          <Divider />
          <Appeals contract={contract} />
          <Divider />
          <Stack gap="xs" component="section" aria-labelledby="contract-coverage">
            <Title order={2} fz="h4" id="contract-coverage">
              {t("detail.coverageTitle")}
            </Title>
            <Text>{contract.program.description}</Text>
            <SafeHtml html={contract.program.coverageHtml} />
          </Stack>
        </Stack>
      </Paper>
      <ContractActions contract={contract} fromHere={fromHere} />
    </>
  );
}

/**
 * What the client can do with the contract. Offline (the card shown from the copy kept on the
 * device) only the call to the медпульт works — a phone call needs no internet —, so the rest are
 * shown disabled with the reason instead of links that would open a screen failing its reads.
 */
function ContractActions({
  contract,
  fromHere,
}: {
  contract: ContractDetail;
  fromHere: FromState;
}) {
  const { t } = useTranslation("contracts");
  const { t: tContact } = useTranslation("contact");
  const { t: tBooking } = useTranslation("booking");
  const { t: tCommon } = useTranslation();
  const offline = useIsOffline();
  const phone = company.phones.contactCentre;
  const canBook = contract.status === "active";
  const canCallBack = contract.status !== "expired" && contract.status !== "annulled";
  const call = (
    <Button
      component="a"
      href={`tel:${phone.tel}`}
      variant={offline ? "filled" : "light"}
      leftSection={<IconPhone size={18} />}
    >
      {tContact("home.callMedpult")}
    </Button>
  );
  if (offline) {
    const unavailable = [
      canBook ? tBooking("title") : null,
      canCallBack ? tContact("contract.callback") : null,
      tContact("contract.message"),
      t("detail.print"),
      t("detail.downloadPdf"),
    ].filter((label): label is string => label !== null);
    return (
      <Stack gap="xs">
        <Box className={classes.actions} role="group" aria-label={tContact("contract.actions")}>
          {call}
          {unavailable.map((label) => (
            <Button key={label} disabled variant="default" aria-describedby="contract-offline-note">
              {label}
            </Button>
          ))}
        </Box>
        <Text fz="sm" c="dimmed" id="contract-offline-note">
          {tCommon("offline.needsNetwork")}
        </Text>
      </Stack>
    );
  }
  return (
    // A group of links, not of form fields: so not a <fieldset>.
    <Box className={classes.actions} role="group" aria-label={tContact("contract.actions")}>
      {canBook ? (
        <Button
          component={Link}
          to={`/cabinet/booking?contractId=${encodeURIComponent(contract.id)}`}
          state={fromHere}
        >
          {tBooking("title")}
        </Button>
      ) : null}
      {canCallBack ? (
        <Button
          component={Link}
          to="callback"
          state={fromHere}
          leftSection={<IconPhone size={18} />}
        >
          {tContact("contract.callback")}
        </Button>
      ) : null}
      <Button component={Link} to="message" state={fromHere} variant="light">
        {tContact("contract.message")}
      </Button>
      <Button component={Link} to="print" state={fromHere} variant="default">
        {t("detail.print")}
      </Button>
      <Button
        component="a"
        href={certificatePdfHref(contract.id)}
        download
        variant="default"
        leftSection={<IconFile size={18} />}
      >
        {t("detail.downloadPdf")}
      </Button>
      <Button
        component={Link}
        to={`/cabinet/messages?contract=${encodeURIComponent(contract.id)}`}
        state={fromHere}
        variant="subtle"
        leftSection={<IconInbox size={18} />}
      >
        {tContact("contract.correspondence")}
      </Button>
      {call}
    </Box>
  );
}

/** «Описание сертификата» (or «Описание полиса ДМС»): one contract of the account. */
export function ContractPage() {
  const { t } = useTranslation("contracts");
  const { id = "" } = useParams();
  const contract = useContract(id);
  const data = contract.data;
  const isPolicy = data?.kind === "dms_policy";
  const back = useBackTo({ to: "/cabinet/contracts", label: t("list.title") });
  const title = useContractTitle(data?.kind);
  return (
    <Page
      documentTitle={
        data
          ? t(isPolicy ? "detail.policyPageTitle" : "detail.certificatePageTitle", {
              number: data.number,
            })
          : title
      }
      title={title}
      back={back}
    >
      <QueryState query={contract}>{(loaded) => <ContractView contract={loaded} />}</QueryState>
    </Page>
  );
}
