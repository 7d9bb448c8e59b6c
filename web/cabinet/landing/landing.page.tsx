import { Button, Container, Group, SimpleGrid, Text, ThemeIcon, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import {
  IconBuilding,
  IconChevronRight,
  IconClock24,
  IconHeart,
  IconShield,
  IconStethoscope,
} from "../../ui/icons.tsx";
import classes from "./landing.module.css";
import { PublicFrame } from "./public-frame.tsx";

type ServiceKey = "dms" | "checkups" | "companies" | "people";

/** The four cards of the guide's screenshot, each leading to its page. */
const services: { key: ServiceKey; icon: ReactNode; to: string }[] = [
  { key: "dms", icon: <IconShield size={26} />, to: "/dms" },
  { key: "checkups", icon: <IconStethoscope size={26} />, to: "/companies?topic=checkups" },
  { key: "companies", icon: <IconBuilding size={26} />, to: "/companies?topic=staff_dms" },
  { key: "people", icon: <IconHeart size={26} />, to: "/shop" },
];

export function LandingPage() {
  const { t } = useTranslation("landing");
  return (
    <PublicFrame title={t("pageTitle")}>
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
            <Group mt="lg" gap="sm">
              <Button component={Link} to="/shop" color="white" c="rms.8" size="md">
                {t("buyCertificate")}
              </Button>
            </Group>
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
          {services.map(({ key, icon, to }) => (
            <li key={key} className={classes.service}>
              <ThemeIcon size={48} radius="md" variant="light" aria-hidden="true">
                {icon}
              </ThemeIcon>
              <Title order={2} fz="h4" mt="md">
                {/* The link covers the card (see .serviceLink); its name is the card's title. */}
                <Link to={to} className={classes.serviceLink}>
                  {t(`services.${key}.title`)}
                  <IconChevronRight size={18} className={classes.serviceArrow} aria-hidden="true" />
                </Link>
              </Title>
              <Text c="dimmed" mt="xs">
                {t(`services.${key}.text`)}
              </Text>
            </li>
          ))}
        </SimpleGrid>
      </Container>
    </PublicFrame>
  );
}
