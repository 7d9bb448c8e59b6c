import { AppShell, Box, Burger, Group, NavLink as MantineNavLink, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useTranslation } from "react-i18next";
import { NavLink, Outlet } from "react-router";
import { IconCompass } from "../../ui/icons.tsx";
import { BrandMark } from "../../ui/logo.tsx";

/** The console frame: header, the side menu of queues (filled by later issues), the work area. */
export function StaffLayout() {
  const { t } = useTranslation("staff");
  const [opened, { toggle, close }] = useDisclosure(false);
  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 260, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding="xl"
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
          <Text component="span" fw={700} fz={{ base: "md", sm: "lg" }} truncate>
            {t("header.title")}
          </Text>
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
      </AppShell.Navbar>

      <AppShell.Main bg="gray.0">
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
