import { Anchor, Container, Paper, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { CallbackRequestForm } from "./callback-request-form.tsx";
import classes from "./landing.module.css";
import { PublicFrame } from "./public-frame.tsx";

/**
 * «Медосмотры» and «Юридическим лицам»: a company's request for the sales team, confirmed by an
 * SMS code like «Заказать звонок», into the same call-back queue.
 */
export function CompaniesPage() {
  const { t } = useTranslation("landing");
  const [params] = useSearchParams();
  const topic = params.get("topic") ?? "";
  return (
    <PublicFrame title={t("sales.pageTitle")}>
      <Container size="lg" py={{ base: "xl", sm: 48 }}>
        <Stack gap="lg" className={classes.article}>
          <Anchor component={Link} to="/" fz="sm">
            {t("toHome")}
          </Anchor>
          <Title order={1}>{t("sales.title")}</Title>
          <Text>{t("sales.intro")}</Text>
          <Paper
            withBorder
            radius="lg"
            p={{ base: "md", sm: "lg" }}
            component="section"
            aria-labelledby="sales-form-title"
          >
            <Stack gap="md">
              <Title order={2} fz="h3" id="sales-form-title">
                {t("sales.formTitle")}
              </Title>
              <CallbackRequestForm source="sales" initialTopic={topic} />
            </Stack>
          </Paper>
        </Stack>
      </Container>
    </PublicFrame>
  );
}
