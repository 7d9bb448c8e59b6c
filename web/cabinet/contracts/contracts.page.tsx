import { Anchor, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router";
import { company } from "../../../common/company.ts";
import type { ContractListItem } from "../../../common/contracts/contracts.schema.ts";
import { formatRuDate } from "../../../common/format/date.ts";
import { EmptyState } from "../../ui/empty-state.tsx";
import { FormAlert } from "../../ui/form-alert.tsx";
import { IconChevronRight, IconFile } from "../../ui/icons.tsx";
import { useBackTo, useFromHere } from "../shell/back-link.tsx";
import cardClasses from "../shell/link-card.module.css";
import { Page } from "../shell/page.tsx";
import { BuyCertificateLink } from "../shop/buy-certificate.tsx";
import type { AddedContractState } from "./add-contract.page.tsx";
import { useContracts } from "./contracts.api.ts";
import classes from "./contracts.module.css";
import { QueryState } from "./query-state.tsx";
import { StatusBadge } from "./status-badge.tsx";

function ContractCard({ contract }: { contract: ContractListItem }) {
  const { t } = useTranslation("contracts");
  const kind = t(`kind.${contract.kind}`);
  const fromList = useFromHere(t("list.title"));
  return (
    <Paper component="li" withBorder radius="lg" p="md" className={cardClasses.card}>
      <Group wrap="nowrap" gap="md" align="center">
        <Stack gap={6} style={{ flex: 1, minWidth: 0 }}>
          <Text fz="sm" c="dimmed">
            {kind}
          </Text>
          <Title order={2} fz="lg" style={{ overflowWrap: "anywhere" }}>
            <Link
              to={`/cabinet/contracts/${contract.id}`}
              state={fromList}
              className={cardClasses.stretchedLink}
              aria-label={t("list.open", { kind, number: contract.number })}
            >
              {contract.number}
            </Link>
          </Title>
          <Text>
            <span className="visually-hidden">{t("list.programLabel")}: </span>
            {contract.programName}
          </Text>
          <Group gap="sm" wrap="wrap">
            <Text c="dimmed">
              <span className="visually-hidden">{t("list.periodLabel")}: </span>
              {t("period", {
                from: formatRuDate(contract.startsOn),
                to: formatRuDate(contract.endsOn),
              })}
            </Text>
            <StatusBadge status={contract.status} />
          </Group>
        </Stack>
        <IconChevronRight size={24} aria-hidden="true" style={{ flexShrink: 0 }} />
      </Group>
    </Paper>
  );
}

function addedOf(state: unknown): string[] {
  if (typeof state !== "object" || state === null || !("added" in state)) return [];
  const added = (state as AddedContractState).added;
  return Array.isArray(added) ? added.filter((number) => typeof number === "string") : [];
}

function AddContractButton() {
  const { t } = useTranslation("contracts");
  return (
    <Button component={Link} to="/cabinet/contracts/add" variant="light">
      {t("list.addContract")}
    </Button>
  );
}

/** «Профиль» → «Мои договоры»: the account's certificates and DMS policies, newest first. */
export function ContractsPage() {
  const { t } = useTranslation("contracts");
  const { t: tCabinet } = useTranslation("cabinet");
  const contracts = useContracts();
  const location = useLocation();
  const added = addedOf(location.state);
  const phone = company.phones.contactCentre;
  // Opened from «Профиль» or from «Главная».
  const back = useBackTo({ to: "/cabinet/profile", label: tCabinet("profile.title") });
  return (
    <Page documentTitle={t("list.pageTitle")} title={t("list.title")} back={back}>
      {added.length > 0 ? (
        <FormAlert tone="success">
          {t("list.added", { count: added.length, numbers: added.join(", ") })}
        </FormAlert>
      ) : null}
      <QueryState query={contracts}>
        {(data) =>
          data.contracts.length === 0 ? (
            <EmptyState
              icon={<IconFile size={28} />}
              title={t("list.emptyTitle")}
              description={t("list.emptyText", {
                date: formatRuDate(data.purchasedTodayVisibleBy),
              })}
            >
              <Text c="dimmed" maw={520}>
                {t("list.emptyByNumber")}
              </Text>
              <AddContractButton />
              <BuyCertificateLink />
              <Text c="dimmed">
                {t("list.emptyHelp")}{" "}
                <Anchor href={`tel:${phone.tel}`} fw={600}>
                  {phone.display}
                </Anchor>
              </Text>
            </EmptyState>
          ) : (
            <Stack gap="md">
              <Stack component="ul" gap="sm" className={classes.plainList}>
                {data.contracts.map((contract) => (
                  <ContractCard key={contract.id} contract={contract} />
                ))}
              </Stack>
              <Group>
                <AddContractButton />
              </Group>
            </Stack>
          )
        }
      </QueryState>
    </Page>
  );
}
