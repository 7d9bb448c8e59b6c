import { Badge, Button, Group, Paper, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { fullName } from "../../../common/format/person-name.ts";
import { formatPhone } from "../../../common/format/phone.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import {
  IconBell,
  IconChevronRight,
  IconFile,
  IconInbox,
  IconLogin,
  IconShield,
  IconStethoscope,
  IconUser,
} from "../../ui/icons.tsx";
import { describeError } from "../../ui/server-errors.ts";
import { useSignedInClient, useSignOut } from "../identity/session.ts";
import classes from "../shell/link-card.module.css";
import { Page } from "../shell/page.tsx";

type SectionKey =
  | "contracts"
  | "payments"
  | "appointments"
  | "messages"
  | "personal"
  | "security"
  | "notifications";

const sections: { key: SectionKey; icon: ReactNode; to?: string }[] = [
  { key: "contracts", icon: <IconFile size={22} />, to: "/cabinet/contracts" },
  { key: "payments", icon: <IconFile size={22} />, to: "/cabinet/profile/payments" },
  { key: "appointments", icon: <IconStethoscope size={22} />, to: "/cabinet/appointments" },
  { key: "messages", icon: <IconInbox size={22} />, to: "/cabinet/messages" },
  { key: "personal", icon: <IconUser size={22} />, to: "/cabinet/profile/personal-data" },
  { key: "security", icon: <IconShield size={22} />, to: "/cabinet/profile/security" },
  { key: "notifications", icon: <IconBell size={22} />, to: "/cabinet/profile/notifications" },
];

/** «Профиль»: who is signed in, the profile's sections and «Выйти». */
export function ProfilePage() {
  const { t } = useTranslation("cabinet");
  const { t: tCommon } = useTranslation("common");
  // «Кто смотрел мои данные» is worded with its own page.
  const { t: tPrivacy } = useTranslation("privacy");
  const { t: tRights } = useTranslation("dataRights");
  const client = useSignedInClient();
  const signOut = useSignOut();
  const name = fullName(client);

  return (
    <Page documentTitle={t("profile.pageTitle")} title={t("profile.title")}>
      <Paper withBorder radius="lg" p="md" component="section" aria-labelledby="profile-client">
        <Group wrap="nowrap" gap="md">
          <ThemeIcon size={48} radius="xl" variant="light">
            <IconUser size={26} />
          </ThemeIcon>
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Title order={2} fz="lg" id="profile-client">
              {name}
            </Title>
            <Text c="dimmed">
              <span className="visually-hidden">{t("profile.phone")}: </span>
              {formatPhone(client.phone)}
            </Text>
          </Stack>
        </Group>
      </Paper>

      <section aria-labelledby="profile-sections">
        <Title order={2} id="profile-sections" className="visually-hidden">
          {t("profile.sectionsTitle")}
        </Title>
        <Stack gap="sm" component="ul" m={0} p={0} style={{ listStyle: "none" }}>
          {sections.map(({ key, icon, to }) => (
            <Paper
              component="li"
              key={key}
              withBorder
              radius="lg"
              p="md"
              className={to ? classes.card : undefined}
            >
              <Group wrap="nowrap" align="flex-start" gap="md">
                <ThemeIcon size={44} radius="xl" variant="light" color={to ? "rms" : "gray"}>
                  {icon}
                </ThemeIcon>
                <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
                  <Group gap="xs" justify="space-between" wrap="wrap">
                    <Title order={3} fz="lg">
                      {to ? (
                        <Link to={to} className={classes.stretchedLink}>
                          {t(`profile.sections.${key}.title`)}
                        </Link>
                      ) : (
                        t(`profile.sections.${key}.title`)
                      )}
                    </Title>
                    {to ? null : (
                      <Badge variant="light" color="gray" radius="sm" tt="none">
                        {t("profile.notYet")}
                      </Badge>
                    )}
                  </Group>
                  <Text c="dimmed" fz="sm">
                    {t(`profile.sections.${key}.text`)}
                  </Text>
                </Stack>
                {to ? (
                  <IconChevronRight size={22} style={{ alignSelf: "center", flexShrink: 0 }} />
                ) : null}
              </Group>
            </Paper>
          ))}
          <Paper component="li" withBorder radius="lg" p="md" className={classes.card}>
            <Group wrap="nowrap" align="flex-start" gap="md">
              <ThemeIcon size={44} radius="xl" variant="light" color="rms">
                <IconShield size={22} />
              </ThemeIcon>
              <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
                <Title order={3} fz="lg">
                  <Link to="/cabinet/profile/data-reads" className={classes.stretchedLink}>
                    {tPrivacy("dataReads.link")}
                  </Link>
                </Title>
                <Text c="dimmed" fz="sm">
                  {tPrivacy("dataReads.linkText")}
                </Text>
              </Stack>
              <IconChevronRight size={22} style={{ alignSelf: "center", flexShrink: 0 }} />
            </Group>
          </Paper>
          <Paper component="li" withBorder radius="lg" p="md" className={classes.card}>
            <Group wrap="nowrap" align="flex-start" gap="md">
              <ThemeIcon size={44} radius="xl" variant="light" color="rms">
                <IconFile size={22} />
              </ThemeIcon>
              <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
                <Title order={3} fz="lg">
                  <Link to="/cabinet/profile/privacy" className={classes.stretchedLink}>
                    {tRights("link")}
                  </Link>
                </Title>
                <Text c="dimmed" fz="sm">
                  {tRights("linkText")}
                </Text>
              </Stack>
              <IconChevronRight size={22} style={{ alignSelf: "center", flexShrink: 0 }} />
            </Group>
          </Paper>
        </Stack>
      </section>

      {signOut.isError ? (
        <FormAlert title={t("profile.signOutFailedTitle")}>
          {describeError(signOut.error, tCommon)}
        </FormAlert>
      ) : null}
      <Button
        variant="default"
        leftSection={<IconLogin size={20} />}
        loading={signOut.isPending}
        onClick={() => signOut.mutate()}
        style={{ alignSelf: "flex-start" }}
      >
        {t("profile.signOut")}
      </Button>
    </Page>
  );
}
