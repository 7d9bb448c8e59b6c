import { Anchor, Button, Container, Group, Stack, Text, Title } from "@mantine/core";
import { Trans, useTranslation } from "react-i18next";
import { Link } from "react-router";
import { company } from "../../../common/company.ts";
import { PhoneLink } from "../../ui/phone-link.tsx";
import classes from "./landing.module.css";
import { PublicFrame } from "./public-frame.tsx";

const steps = ["call", "register", "contracts", "booking", "letters", "extra"] as const;

/** «Обслуживание по ДМС»: how a person insured under DMS gets care, in the guide's words. */
export function DmsPage() {
  const { t } = useTranslation("landing");
  const cabinetLink = <Anchor component={Link} to="/cabinet/sign-in" underline="always" />;
  const registerLink = <Anchor component={Link} to="/cabinet/register" underline="always" />;
  return (
    <PublicFrame title={t("dms.pageTitle")}>
      <Container size="lg" py={{ base: "xl", sm: 48 }}>
        <Stack gap="lg" className={classes.article}>
          <Anchor component={Link} to="/" fz="sm">
            {t("toHome")}
          </Anchor>
          <Title order={1}>{t("dms.title")}</Title>
          <Text>{t("dms.intro")}</Text>
          <Group gap="xl">
            <PhoneLink phone={company.phones.dms} caption={t("dms.dmsLine")} size="lg" />
          </Group>
          <ol className={classes.steps}>
            {steps.map((step) => (
              <li key={step}>
                <Title order={2} fz="h4">
                  {t(`dms.steps.${step}.title`)}
                </Title>
                <Text mt={4}>
                  <Trans
                    t={t}
                    i18nKey={`dms.steps.${step}.text`}
                    components={{ cabinetLink, registerLink }}
                  />
                </Text>
              </li>
            ))}
          </ol>
          <Group gap="sm">
            <Button component={Link} to="/cabinet/register">
              {t("dms.register")}
            </Button>
            <Button component={Link} to="/cabinet/sign-in" variant="default">
              {t("cabinetButton")}
            </Button>
          </Group>
        </Stack>
      </Container>
    </PublicFrame>
  );
}
