import {
  AppShell,
  Box,
  Burger,
  Button,
  Container,
  Group,
  NavLink as MantineNavLink,
  ScrollArea,
  Stack,
  Text,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { Suspense } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, NavLink, Outlet, useLocation } from "react-router";
import { FormAlert } from "../../ui/form-alert.tsx";
import { IconLogin } from "../../ui/icons.tsx";
import { BrandMark } from "../../ui/logo.tsx";
import { PageLoader } from "../../ui/page-loader.tsx";
import { describeProblem } from "../../ui/problem-errors.ts";
import {
  type ReturnState,
  SIGN_IN_PATH,
  SignedInStaffContext,
  useSignedInStaff,
  useStaffSession,
  useStaffSignOut,
} from "../auth/staff-session.ts";
import { useChatCounts } from "../chat/chat.api.ts";
import { EscalationNotices } from "../chat/escalation-notices.tsx";
import { useQueueSummary } from "../contact/contact.api.ts";
import { QueueBadge } from "../contact/queue-ui.tsx";
import { useFallbackMessages } from "../errors.ts";
import { type QueueCounts, useQueueCounts } from "../overview/queue-counts.ts";
import { menuSections, sectionPath, startPath } from "./console-sections.tsx";
import { useConsoleLiveUpdates } from "./live-updates.ts";

/** Who is signed in, and «Выйти». */
function HeaderAccount({ onSignOut, signingOut }: { onSignOut: () => void; signingOut: boolean }) {
  const { t } = useTranslation("staff");
  const staff = useSignedInStaff();
  return (
    <Group gap="sm" wrap="nowrap" ml="auto" miw={0}>
      <Box ta="right" miw={0} aria-label={t("header.signedInAs")} role="group">
        <Text fw={600} fz="sm" truncate>
          {staff.fullName}
        </Text>
        <Text fz="xs" c="dimmed" truncate>
          {t(`roles.${staff.role}`)}
        </Text>
      </Box>
      <Button
        variant="default"
        size="sm"
        leftSection={<IconLogin size={18} />}
        loading={signingOut}
        onClick={onSignOut}
        style={{ flexShrink: 0 }}
      >
        {t("header.signOut")}
      </Button>
    </Group>
  );
}

/**
 * A queue's counts beside its menu link: coloured badges for the eye, and the same counts in
 * words as the link's description («3 новых, 1 просроченная»), so the link keeps its name.
 */
function QueueBadges({ counts, descriptionId }: { counts: QueueCounts; descriptionId: string }) {
  const shown = counts.counts.filter((count) => count.count > 0);
  if (shown.length === 0) return null;
  return (
    <>
      <Group gap={4} wrap="nowrap" aria-hidden="true">
        {shown.map((count) => (
          // The colour says which count it is; the title says it in words to a mouse.
          <span key={count.kind} title={count.phrase} style={{ display: "inline-flex" }}>
            <QueueBadge tone={count.tone}>{String(count.count)}</QueueBadge>
          </span>
        ))}
      </Group>
      <span id={descriptionId} hidden>
        {shown.map((count) => count.phrase).join(", ")}
      </span>
    </>
  );
}

/** The role's sections in the role's order; the queues carry their counts, polled every 30 s. */
function SideMenu({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation("staff");
  const staff = useSignedInStaff();
  const summary = useQueueSummary();
  const chats = useChatCounts();
  const queues = useQueueCounts(summary.data, chats.data?.counts);
  return menuSections(staff.role).map((section) => {
    const counts = queues.find((queue) => queue.queue === section.id);
    const descriptionId = `nav-${section.id}-counts`;
    const described = counts?.counts.some((count) => count.count > 0) ?? false;
    return (
      <MantineNavLink
        key={section.id}
        component={NavLink}
        to={sectionPath(section.id)}
        label={t(`nav.${section.label}`)}
        leftSection={<section.icon size={20} />}
        rightSection={
          counts ? <QueueBadges counts={counts} descriptionId={descriptionId} /> : undefined
        }
        aria-describedby={described ? descriptionId : undefined}
        onClick={onNavigate}
      />
    );
  });
}

/** The console frame: header, the side menu, the work area. */
function ConsoleFrame() {
  const { t } = useTranslation("staff");
  const signOut = useStaffSignOut();
  const messages = useFallbackMessages();
  const [opened, { toggle, close }] = useDisclosure(false);
  const staff = useSignedInStaff();
  const chats = useChatCounts();
  return (
    <AppShell
      header={{ height: 64 }}
      navbar={{ width: 260, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding={{ base: "md", sm: "xl" }}
    >
      <AppShell.Header>
        <Group h="100%" px="md" gap="sm" wrap="nowrap">
          <Burger
            opened={opened}
            onClick={toggle}
            hiddenFrom="sm"
            size="sm"
            aria-label={opened ? t("header.closeMenu") : t("header.openMenu")}
            aria-expanded={opened}
            aria-controls="staff-navbar"
          />
          <Box visibleFrom="xs" display="inline-flex">
            <BrandMark size={32} />
          </Box>
          <Text component="span" fw={700} fz="lg" truncate visibleFrom="md">
            {t("header.title")}
          </Text>
          <HeaderAccount onSignOut={() => signOut.mutate()} signingOut={signOut.isPending} />
        </Group>
      </AppShell.Header>

      <AppShell.Navbar id="staff-navbar" p="sm" component="nav" aria-label={t("nav.label")}>
        {/* An admin's menu is taller than a laptop's screen: it scrolls on its own. */}
        <AppShell.Section grow component={ScrollArea}>
          <SideMenu onNavigate={close} />
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main bg="gray.0">
        {signOut.isError ? (
          <FormAlert title={t("header.signOutFailed")} mb="md">
            {describeProblem(signOut.error, messages)}
          </FormAlert>
        ) : null}
        {/* Each section's page is its own chunk: the frame stays while one loads. */}
        <Suspense fallback={<PageLoader label={t("page.loading")} />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
      {staff.role === "doctor" ? (
        <EscalationNotices targetMinutes={chats.data?.targetReplyMinutes ?? null} />
      ) : null}
    </AppShell>
  );
}

/** `/staff`: the signed-in role's start page (a doctor's is «Сообщения», everyone else's «Обзор»). */
export function StartPage() {
  const staff = useSignedInStaff();
  return <Navigate to={startPath(staff.role)} replace />;
}

/**
 * Every console route but the sign-in: nobody signed in → the sign-in page, which comes back
 * to the same address after.
 */
export function StaffLayout() {
  const { t } = useTranslation("staff");
  const messages = useFallbackMessages();
  const location = useLocation();
  const session = useStaffSession();
  useConsoleLiveUpdates(session.data != null);

  if (session.isPending) {
    return (
      <Box component="main">
        <PageLoader label={t("session.loading")} />
      </Box>
    );
  }

  if (session.isError) {
    return (
      <Container component="main" size="xs" px="md" py="xl">
        <Stack gap="md">
          <FormAlert title={t("session.loadFailedTitle")}>
            {describeProblem(session.error, messages)}
          </FormAlert>
          <Button onClick={() => void session.refetch()} loading={session.isFetching}>
            {t("session.retry")}
          </Button>
        </Stack>
      </Container>
    );
  }

  if (session.data === null) {
    const state: ReturnState = { from: location.pathname + location.search + location.hash };
    return <Navigate to={SIGN_IN_PATH} replace state={state} />;
  }

  return (
    <SignedInStaffContext value={session.data.staff}>
      <ConsoleFrame />
    </SignedInStaffContext>
  );
}
