import { Anchor, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { company } from "../../../common/company.ts";
import { formatRuDate } from "../../../common/format/date.ts";
import { IconInbox, IconPhone } from "../../ui/icons.tsx";
import { NextVisit } from "../appointments/next-visit.tsx";
import { CallbackCard } from "../contact/callback-card.tsx";
import { useCallbacks, useMessages } from "../contact/contact.api.ts";
import { useContracts } from "../contracts/contracts.api.ts";
import { QueryState } from "../contracts/query-state.tsx";
import { type FromState, useFromHere } from "../shell/back-link.tsx";
import { Page } from "../shell/page.tsx";
import { BuyCertificateCard } from "../shop/buy-certificate.tsx";

/** «Позвонить в медпульт»: the contact centre, one tap away on a phone. */
function CallMedpult() {
  const { t } = useTranslation("contact");
  return (
    <Paper withBorder radius="lg" p="md" component="section" aria-labelledby="home-medpult">
      <Stack gap="xs">
        <Title order={2} fz="h4" id="home-medpult">
          {t("home.callMedpult")}
        </Title>
        <Button
          component="a"
          href={`tel:${company.phones.contactCentre.tel}`}
          leftSection={<IconPhone size={20} />}
          size="md"
          style={{ alignSelf: "flex-start" }}
          aria-label={`${t("home.callMedpult")} ${company.phones.contactCentre.display}`}
        >
          {company.phones.contactCentre.display}
        </Button>
        <Text c="dimmed" fz="sm">
          {t("home.medpultHint")}
        </Text>
      </Stack>
    </Paper>
  );
}

/** Active contracts at a glance, each with «Перезвонить мне». */
function ActiveContracts({ fromHome }: { fromHome: FromState }) {
  const { t } = useTranslation("contact");
  const contracts = useContracts();
  return (
    <section aria-labelledby="home-contracts">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Title order={2} fz="h3" id="home-contracts">
            {t("home.activeContracts")}
          </Title>
          <Anchor component={Link} to="/cabinet/contracts" state={fromHome} fw={600}>
            {t("home.allContracts")}
          </Anchor>
        </Group>
        <QueryState query={contracts}>
          {({ contracts: list }) => {
            const active = list.filter((contract) => contract.status === "active");
            if (active.length === 0) return <Text c="dimmed">{t("home.noActive")}</Text>;
            return (
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                {active.map((contract) => (
                  <Paper key={contract.id} withBorder radius="lg" p="md">
                    <Stack gap={6}>
                      <Anchor
                        component={Link}
                        to={`/cabinet/contracts/${contract.id}`}
                        state={fromHome}
                        fw={700}
                        aria-label={t("home.openContract", { number: contract.number })}
                      >
                        {contract.number}
                      </Anchor>
                      <Text c="dimmed">
                        {t("home.validUntil", {
                          program: contract.programName,
                          date: formatRuDate(contract.endsOn),
                        })}
                      </Text>
                      <Button
                        component={Link}
                        to={`/cabinet/contracts/${contract.id}/callback`}
                        state={fromHome}
                        variant="light"
                        style={{ alignSelf: "flex-start" }}
                        aria-label={t("home.callbackFor", { number: contract.number })}
                      >
                        {t("home.callback")}
                      </Button>
                    </Stack>
                  </Paper>
                ))}
              </SimpleGrid>
            );
          }}
        </QueryState>
      </Stack>
    </section>
  );
}

/** The unread replies of the company, and the call-backs still waiting. */
function Correspondence({ fromHome }: { fromHome: FromState }) {
  const { t } = useTranslation("contact");
  const messages = useMessages();
  const callbacks = useCallbacks();
  const unread = messages.data?.unreadReplies ?? 0;
  const open = (callbacks.data ?? []).filter(
    (callback) => callback.status === "new" || callback.status === "in_progress",
  );
  return (
    <>
      {unread > 0 ? (
        <Paper withBorder radius="lg" p="md" component="section" aria-labelledby="home-replies">
          <Group justify="space-between" wrap="wrap" gap="sm">
            <Stack gap={2}>
              <Title order={2} fz="h4" id="home-replies">
                {t("home.replies")}
              </Title>
              <Text>{t("messages.unreadCount", { count: unread })}</Text>
            </Stack>
            <Button
              component={Link}
              to="/cabinet/messages"
              state={fromHome}
              leftSection={<IconInbox size={18} />}
            >
              {t("home.openMessages")}
            </Button>
          </Group>
        </Paper>
      ) : null}
      {open.length > 0 ? (
        <section aria-labelledby="home-callbacks">
          <Stack gap="sm">
            <Title order={2} fz="h3" id="home-callbacks">
              {t("home.callbacks")}
            </Title>
            {open.map((callback) => (
              <CallbackCard key={callback.id} callback={callback} />
            ))}
          </Stack>
        </section>
      ) : null}
    </>
  );
}

/** «Главная»: active contracts, «Перезвонить мне», the medpult's phone and new replies. */
export function HomePage() {
  const { t } = useTranslation("contact");
  // The screens opened from here go back to «Главная».
  const fromHome = useFromHere(t("home.title"));
  return (
    <Page documentTitle={t("home.pageTitle")} title={t("home.title")}>
      <Correspondence fromHome={fromHome} />
      <NextVisit from={fromHome} />
      <ActiveContracts fromHome={fromHome} />
      <BuyCertificateCard />
      <CallMedpult />
    </Page>
  );
}
