import {
  AppShell,
  Box,
  Burger,
  Button,
  Container,
  Group,
  NavLink as MantineNavLink,
  Stack,
  Text,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, NavLink, Outlet, useLocation } from "react-router";
import { FormAlert } from "../../ui/form-alert.tsx";
import {
  IconChat,
  IconClock24,
  IconCompass,
  IconEye,
  IconFile,
  IconHeart,
  IconInbox,
  IconLogin,
  IconPhone,
  IconShield,
  IconStethoscope,
  IconUser,
} from "../../ui/icons.tsx";
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
import { useQueueSummary } from "../contact/contact-queries.ts";
import { QueueBadge } from "../contact/queue-ui.tsx";
import { useFallbackMessages } from "../errors.ts";
import { type QueueCounts, useQueueCounts } from "../overview/queue-counts.ts";
import { type ConsoleSection, menuSections, sectionPaths, startPath } from "./console-sections.ts";

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

const sectionIcons: Record<ConsoleSection, ReactNode> = {
  overview: <IconCompass size={20} />,
  profile: <IconUser size={20} />,
  callbacks: <IconPhone size={20} />,
  messages: <IconChat size={20} />,
  contracts: <IconFile size={20} />,
  replacements: <IconInbox size={20} />,
  programs: <IconHeart size={20} />,
  serviceTypes: <IconStethoscope size={20} />,
  audit: <IconEye size={20} />,
  registry: <IconFile size={20} />,
  integration: <IconShield size={20} />,
  calendar: <IconClock24 size={20} />,
  members: <IconShield size={20} />,
};

function useSectionLabel() {
  const { t } = useTranslation("staff");
  const { t: tc } = useTranslation("staffContracts");
  const { t: ti } = useTranslation("staffImport");
  const { t: tq } = useTranslation("staffContact");
  return (section: ConsoleSection): string => {
    switch (section) {
      case "overview":
        return t("nav.overview");
      case "profile":
        return t("nav.profile");
      case "members":
        return t("nav.members");
      case "callbacks":
        return tq("nav.callbacks");
      case "messages":
        return tq("nav.messages");
      case "contracts":
        return tc("nav.contracts");
      case "replacements":
        return tc("nav.replacements");
      case "programs":
        return tc("nav.programs");
      case "serviceTypes":
        return tc("nav.serviceTypes");
      case "audit":
        return tc("nav.audit");
      case "registry":
        return ti("nav.registry");
      case "integration":
        return ti("nav.integration");
      case "calendar":
        return ti("nav.calendar");
    }
  };
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
  const staff = useSignedInStaff();
  const label = useSectionLabel();
  const summary = useQueueSummary();
  const queues = useQueueCounts(summary.data);
  return menuSections(staff.role).map((section) => {
    const counts = queues.find((queue) => queue.queue === section);
    const descriptionId = `nav-${section}-counts`;
    const described = counts?.counts.some((count) => count.count > 0) ?? false;
    return (
      <MantineNavLink
        key={section}
        component={NavLink}
        to={sectionPaths[section]}
        label={label(section)}
        leftSection={sectionIcons[section]}
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
        <SideMenu onNavigate={close} />
      </AppShell.Navbar>

      <AppShell.Main bg="gray.0">
        {signOut.isError ? (
          <FormAlert title={t("header.signOutFailed")} mb="md">
            {describeProblem(signOut.error, messages)}
          </FormAlert>
        ) : null}
        <Outlet />
      </AppShell.Main>
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
