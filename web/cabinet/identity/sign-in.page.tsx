import { Anchor, Container, Grid, List, Paper, Stack, Text, Title } from "@mantine/core";
import { Trans, useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router";
import { FormAlert } from "../../ui/form-alert.tsx";
import { returnPath } from "./session.ts";
import { SignInForm } from "./sign-in-form.tsx";

/** What the cabinet offers, beside the form on a desktop and under it on a phone. */
function CabinetAbout() {
  const { t } = useTranslation("identity");
  const capabilities = t("about.capabilities", { returnObjects: true });
  return (
    <Paper bg="gray.1" radius="lg" p={{ base: "md", sm: "xl" }}>
      <Stack gap="md">
        <Text fw={700} fz="lg">
          <Trans
            t={t}
            i18nKey="about.chat"
            components={{ chatLink: <Anchor component={Link} to="/cabinet/chat" fw={700} /> }}
          />
        </Text>
        <Text>{t("about.clients")}</Text>
        <Title order={2} fz="md">
          {t("about.capabilitiesTitle")}
        </Title>
        <List spacing="xs">
          {capabilities.map((item) => (
            <List.Item key={item}>{item}</List.Item>
          ))}
        </List>
      </Stack>
    </Paper>
  );
}

export function SignInPage() {
  const { t } = useTranslation("identity");
  // Sent here by the guard from «сейчас через чат!» (or a chat link): say where signing in leads.
  const toChat = returnPath(useLocation().state).startsWith("/cabinet/chat");
  return (
    <Container size="lg" px={{ base: "md", sm: "lg" }} py={{ base: "lg", sm: 48 }}>
      <title>{t("signIn.pageTitle")}</title>
      <Grid gap={{ base: "xl", md: 48 }}>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="lg" maw={440} mx="auto">
            <Title order={1} ta="center">
              {t("signIn.title")}
            </Title>
            {toChat ? <FormAlert tone="info">{t("signIn.toChat")}</FormAlert> : null}
            <SignInForm />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <CabinetAbout />
        </Grid.Col>
      </Grid>
    </Container>
  );
}
