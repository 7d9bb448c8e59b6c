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
import { useFallbackMessages } from "../errors.ts";

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

/** The console frame: header, the side menu, the work area. */
function ConsoleFrame() {
  const { t } = useTranslation("staff");
  const { t: tc } = useTranslation("staffContracts");
  const { t: ti } = useTranslation("staffImport");
  const { t: tq } = useTranslation("staffContact");
  const staff = useSignedInStaff();
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
        <MantineNavLink
          component={NavLink}
          to="/staff"
          end
          label={t("nav.overview")}
          leftSection={<IconCompass size={20} />}
          onClick={close}
        />
        <MantineNavLink
          component={NavLink}
          to="/staff/profile"
          label={t("nav.profile")}
          leftSection={<IconUser size={20} />}
          onClick={close}
        />
        <MantineNavLink
          component={NavLink}
          to="/staff/callbacks"
          label={tq("nav.callbacks")}
          leftSection={<IconPhone size={20} />}
          onClick={close}
        />
        <MantineNavLink
          component={NavLink}
          to="/staff/messages"
          label={tq("nav.messages")}
          leftSection={<IconChat size={20} />}
          onClick={close}
        />
        <MantineNavLink
          component={NavLink}
          to="/staff/contracts"
          label={tc("nav.contracts")}
          leftSection={<IconFile size={20} />}
          onClick={close}
        />
        <MantineNavLink
          component={NavLink}
          to="/staff/replacements"
          label={tc("nav.replacements")}
          leftSection={<IconInbox size={20} />}
          onClick={close}
        />
        <MantineNavLink
          component={NavLink}
          to="/staff/programs"
          label={tc("nav.programs")}
          leftSection={<IconHeart size={20} />}
          onClick={close}
        />
        {staff.role === "admin" ? (
          <>
            <MantineNavLink
              component={NavLink}
              to="/staff/service-types"
              label={tc("nav.serviceTypes")}
              leftSection={<IconStethoscope size={20} />}
              onClick={close}
            />
            <MantineNavLink
              component={NavLink}
              to="/staff/audit"
              label={tc("nav.audit")}
              leftSection={<IconEye size={20} />}
              onClick={close}
            />
            <MantineNavLink
              component={NavLink}
              to="/staff/registry"
              label={ti("nav.registry")}
              leftSection={<IconFile size={20} />}
              onClick={close}
            />
            <MantineNavLink
              component={NavLink}
              to="/staff/integration"
              label={ti("nav.integration")}
              leftSection={<IconShield size={20} />}
              onClick={close}
            />
            <MantineNavLink
              component={NavLink}
              to="/staff/calendar"
              label={ti("nav.calendar")}
              leftSection={<IconClock24 size={20} />}
              onClick={close}
            />
          </>
        ) : null}
        {staff.role === "admin" ? (
          <MantineNavLink
            component={NavLink}
            to="/staff/members"
            label={t("nav.members")}
            leftSection={<IconShield size={20} />}
            onClick={close}
          />
        ) : null}
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
