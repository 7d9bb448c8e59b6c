import { Box, Container, Group } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { company } from "../../../common/company.ts";
import { Logo } from "../../ui/logo.tsx";
import { PhoneLink } from "../../ui/phone-link.tsx";
import classes from "./shell.module.css";

/** The cabinet's top bar: the RMS mark and the contact-centre phone, one tap away. */
export function CabinetHeader({ homeHref = "/" }: { homeHref?: string }) {
  const { t } = useTranslation();
  const phone = company.phones.contactCentre;
  return (
    <Box component="header" className={classes.header}>
      <Container size="lg" className={classes.headerInner}>
        <Group justify="space-between" wrap="nowrap" gap="sm" h="100%">
          <Link to={homeHref} className={classes.homeLink} aria-label={t("brand.homeLink")}>
            <Logo name={t("brand.name")} size="sm" />
          </Link>
          <PhoneLink
            phone={phone}
            withIcon
            label={t("phones.contactCentreLabel", { phone: phone.display })}
          />
        </Group>
      </Container>
    </Box>
  );
}
