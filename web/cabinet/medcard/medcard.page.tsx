import { Anchor, Button, Group, NativeSelect, Stack, Tabs, Text, Title } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { formatRuDate } from "../../../common/format/date.ts";
import type { MedcardCardSummary, MedcardView } from "../../../common/medcard/medcard.schema.ts";
import { ApiError } from "../../ui/api.ts";
import { EmptyState } from "../../ui/empty-state.tsx";
import { FormAlert } from "../../ui/form-alert.tsx";
import { IconMedcard, IconShield } from "../../ui/icons.tsx";
import { Page } from "../shell/page.tsx";
import { ConsentStep } from "./consent-step.tsx";
import { DocumentsSection } from "./documents-section.tsx";
import {
  extractHref,
  fhirHref,
  medcardQueryKeys,
  useMedcardHome,
  useMedcardView,
} from "./medcard.api.ts";
import { cardLabel } from "./medcard-format.ts";
import { MedcardQueryState } from "./medcard-query-state.tsx";
import { ShareDialog } from "./share-dialog.tsx";
import { SharesSection } from "./shares-section.tsx";
import { SummarySection } from "./summary-section.tsx";
import { TimelineSection } from "./timeline-section.tsx";

/** Where «Кто смотрел мои данные» lives (H5's page in «Профиль»). */
export const DATA_READS_PATH = "/cabinet/profile/data-reads";

const tabs = ["summary", "timeline", "documents"] as const;
type TabKey = (typeof tabs)[number];

function isTab(value: string | null): value is TabKey {
  return (tabs as readonly (string | null)[]).includes(value);
}

/** The account's own card first, then its children's as the server listed them. */
function ownFirst(cards: readonly MedcardCardSummary[]): MedcardCardSummary[] {
  return [...cards].sort((a, b) => Number(b.subject === "self") - Number(a.subject === "self"));
}

/** «Показать врачу», «Выписка» and «Скачать в формате FHIR» of the card on screen. */
function CardActions({ view }: { view: MedcardView }) {
  const { t } = useTranslation("medcard");
  const [sharing, setSharing] = useState(false);
  return (
    <Group gap="sm" role="group" aria-label={t("actions.title")}>
      <Button onClick={() => setSharing(true)}>{t("actions.share")}</Button>
      <Button
        component="a"
        href={extractHref(view.card.id)}
        target="_blank"
        rel="noopener"
        variant="default"
      >
        {t("actions.extract")}
        <span className="visually-hidden"> {t("actions.newTab")}</span>
      </Button>
      <Button component="a" href={fhirHref(view.card.id)} download variant="default">
        {t("actions.fhir")}
      </Button>
      {sharing ? <ShareDialog view={view} onClose={() => setSharing(false)} /> : null}
    </Group>
  );
}

/** One card: its person, its actions, the three sections and its open shares. */
function CardContent({ view }: { view: MedcardView }) {
  const { t } = useTranslation("medcard");
  const [search, setSearch] = useSearchParams();
  const [notice, setNotice] = useState<string | null>(null);
  const tabParam = search.get("tab");
  const tab: TabKey = isTab(tabParam) ? tabParam : "summary";

  return (
    <Stack gap="lg">
      <Stack gap={2}>
        <Title order={2} fz="h3">
          {view.card.fullName}
        </Title>
        <Text c="dimmed">{t("card.birthDate", { date: formatRuDate(view.card.birthDate) })}</Text>
      </Stack>
      <CardActions view={view} />
      {notice ? <FormAlert tone="success">{notice}</FormAlert> : null}
      <Tabs
        value={tab}
        // Three tabs side by side on a phone too: «Приёмы и консультации» wraps onto two lines.
        styles={{
          tab: { whiteSpace: "normal", lineHeight: 1.25, paddingInline: 8 },
          tabLabel: { textAlign: "center" },
        }}
        onChange={(next) => {
          if (!isTab(next)) return;
          setNotice(null);
          setSearch(
            (current) => {
              const params = new URLSearchParams(current);
              params.set("tab", next);
              return params;
            },
            { replace: true },
          );
        }}
      >
        <Tabs.List aria-label={t("tabs.label")} grow>
          {tabs.map((key) => (
            <Tabs.Tab key={key} value={key} fz={{ base: "sm", sm: "md" }}>
              {t(`tabs.${key}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="summary" pt="md">
          <SummarySection view={view} onNotice={setNotice} />
        </Tabs.Panel>
        <Tabs.Panel value="timeline" pt="md">
          <TimelineSection items={view.timeline} />
        </Tabs.Panel>
        <Tabs.Panel value="documents" pt="md">
          <DocumentsSection view={view} onNotice={setNotice} />
        </Tabs.Panel>
      </Tabs>
      <SharesSection cardId={view.card.id} />
    </Stack>
  );
}

function CardView({ cardId }: { cardId: string }) {
  const queryClient = useQueryClient();
  const view = useMedcardView(cardId);
  // 403: the consent is due again (a new version was published); the home then asks for it.
  const refused = view.error instanceof ApiError && view.error.status === 403;
  useEffect(() => {
    if (refused) void queryClient.invalidateQueries({ queryKey: medcardQueryKeys.home });
  }, [refused, queryClient]);
  return (
    <MedcardQueryState query={view}>{(data) => <CardContent view={data} />}</MedcardQueryState>
  );
}

/** The person switcher (with more than one card) above the chosen card. */
function Cards({ cards }: { cards: readonly MedcardCardSummary[] }) {
  const { t } = useTranslation("medcard");
  const [search, setSearch] = useSearchParams();
  const ordered = ownFirst(cards);
  const chosen = ordered.find((card) => card.id === search.get("card")) ?? ordered[0];
  if (!chosen) {
    return (
      <EmptyState
        icon={<IconMedcard size={28} />}
        title={t("noCardsTitle")}
        description={t("noCardsText")}
      />
    );
  }
  return (
    <Stack gap="lg">
      {ordered.length > 1 ? (
        <NativeSelect
          label={t("switcher.label")}
          description={t("switcher.hint")}
          value={chosen.id}
          data={ordered.map((card) => ({ value: card.id, label: cardLabel(t, card) }))}
          onChange={(event) => {
            const card = event.currentTarget.value;
            setSearch((current) => {
              const params = new URLSearchParams(current);
              params.set("card", card);
              return params;
            });
          }}
          maw={480}
        />
      ) : null}
      <CardView key={chosen.id} cardId={chosen.id} />
    </Stack>
  );
}

/**
 * «Медкарта»: after the consent to health data, the account's own card and its children's (under
 * 15): «Сводка», «Приёмы и консультации», «Документы», «Показать врачу» and the exports.
 */
export function MedcardPage() {
  const { t } = useTranslation("medcard");
  const home = useMedcardHome();
  return (
    <Page documentTitle={t("pageTitle")} title={t("title")}>
      <MedcardQueryState query={home}>
        {(data) =>
          data.consentRequired ? (
            <ConsentStep document={data.consentRequired} />
          ) : (
            <Cards cards={data.cards} />
          )
        }
      </MedcardQueryState>
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <IconShield size={22} aria-hidden="true" style={{ flexShrink: 0, marginTop: 2 }} />
        <Stack gap={2}>
          <Anchor component={Link} to={DATA_READS_PATH} fw={600}>
            {t("actions.dataReads")}
          </Anchor>
          <Text c="dimmed" fz="sm">
            {t("actions.dataReadsText")}
          </Text>
        </Stack>
      </Group>
    </Page>
  );
}
