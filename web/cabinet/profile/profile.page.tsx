import { Badge, Group, Paper, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { IconFile, IconLogin, IconUser } from "../../ui/icons.tsx";
import { Page } from "../shell/page.tsx";

type SectionKey = "contracts" | "personal" | "security";

const sections: { key: SectionKey; icon: ReactNode }[] = [
  { key: "contracts", icon: <IconFile size={22} /> },
  { key: "personal", icon: <IconUser size={22} /> },
  { key: "security", icon: <IconLogin size={22} /> },
];

/** The profile's sections are listed so the client knows what is coming; none is usable yet. */
export function ProfilePage() {
  const { t } = useTranslation("cabinet");
  return (
    <Page documentTitle={t("profile.pageTitle")} title={t("profile.title")}>
      <section aria-labelledby="profile-sections">
        <Title order={2} id="profile-sections" className="visually-hidden">
          {t("profile.sectionsTitle")}
        </Title>
        <Stack gap="sm" component="ul" m={0} p={0} style={{ listStyle: "none" }}>
          {sections.map(({ key, icon }) => (
            <Paper component="li" key={key} withBorder radius="lg" p="md">
              <Group wrap="nowrap" align="flex-start" gap="md">
                <ThemeIcon size={44} radius="xl" variant="light" color="gray">
                  {icon}
                </ThemeIcon>
                <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
                  <Group gap="xs" justify="space-between" wrap="wrap">
                    <Title order={3} fz="lg">
                      {t(`profile.sections.${key}.title`)}
                    </Title>
                    <Badge variant="light" color="gray" radius="sm" tt="none">
                      {t("profile.notYet")}
                    </Badge>
                  </Group>
                  <Text c="dimmed" fz="sm">
                    {t(`profile.sections.${key}.text`)}
                  </Text>
                </Stack>
              </Group>
            </Paper>
          ))}
        </Stack>
      </section>
      <Text c="dimmed">{t("profile.note")}</Text>
    </Page>
  );
}
