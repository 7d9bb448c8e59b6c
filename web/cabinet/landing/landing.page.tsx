import { Box, Button, Container, SimpleGrid, Text, ThemeIcon, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { company } from "../../../common/company.ts";
import {
  IconBuilding,
  IconClock24,
  IconHeart,
  IconLogin,
  IconShield,
  IconStethoscope,
} from "../../ui/icons.tsx";
import { Logo } from "../../ui/logo.tsx";
import { PhoneLink } from "../../ui/phone-link.tsx";
import classes from "./landing.module.css";

type ServiceKey = "dms" | "checkups" | "companies" | "people";

const services: { key: ServiceKey; icon: ReactNode }[] = [
  { key: "dms", icon: <IconShield size={26} /> },
  { key: "checkups", icon: <IconStethoscope size={26} /> },
  { key: "companies", icon: <IconBuilding size={26} /> },
  { key: "people", icon: <IconHeart size={26} /> },
];

function LandingHeader() {
  const { t } = useTranslation("landing");
  const { t: tCommon } = useTranslation("common");
  return (
    <header className={classes.header}>
      <Container size="lg" className={classes.headerRow}>
        <div className={classes.brand}>
          <Logo name={tCommon("brand.name")} caption={tCommon("brand.fullName")} />
        </div>
        <ul className={classes.phones}>
          <li>
            <PhoneLink
              phone={company.phones.contactCentre}
              caption={tCommon("phones.cooperation")}
            />
          </li>
          <li>
            <PhoneLink phone={company.phones.dms} caption={tCommon("phones.dms")} />
          </li>
        </ul>
        <Button
          component={Link}
          to="/cabinet/sign-in"
          className={classes.cabinetButton}
          leftSection={<IconLogin size={20} />}
        >
          {t("cabinetButton")}
        </Button>
      </Container>
    </header>
  );
}

export function LandingPage() {
  const { t } = useTranslation("landing");
  return (
    <div className={classes.page}>
      <title>{t("pageTitle")}</title>
      <LandingHeader />
      <main>
        <section className={classes.banner} aria-labelledby="banner-title">
          <Container size="lg" className={classes.bannerInner}>
            <ThemeIcon size={64} radius="xl" color="white" c="rms.8" aria-hidden="true">
              <IconClock24 size={36} />
            </ThemeIcon>
            <div className={classes.bannerText}>
              <Title order={1} id="banner-title" className={classes.bannerTitle}>
                {t("banner.title")}
              </Title>
              <Text fz={{ base: "md", sm: "lg" }} c="white" mt="sm">
                {t("banner.text")}
              </Text>
            </div>
          </Container>
        </section>

        <Container size="lg" py={{ base: "xl", sm: 48 }}>
          <SimpleGrid
            component="ul"
            cols={{ base: 1, xs: 2, md: 4 }}
            spacing="lg"
            className={classes.services}
            aria-label={t("services.title")}
          >
            {services.map(({ key, icon }) => (
              <li key={key} className={classes.service}>
                <ThemeIcon size={48} radius="md" variant="light">
                  {icon}
                </ThemeIcon>
                <Title order={2} fz="h4" mt="md">
                  {t(`services.${key}.title`)}
                </Title>
                <Text c="dimmed" mt="xs">
                  {t(`services.${key}.text`)}
                </Text>
              </li>
            ))}
          </SimpleGrid>
        </Container>
      </main>
      <Box component="footer" className={classes.footer}>
        <Container size="lg">
          <Text fz="sm" c="dimmed">
            {t("footer")}
          </Text>
        </Container>
      </Box>
    </div>
  );
}
