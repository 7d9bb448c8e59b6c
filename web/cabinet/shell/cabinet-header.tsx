import { Box, Button, Container, Group } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { company } from "../../../common/company.ts";
import { IconLogin } from "../../ui/icons.tsx";
import { Logo } from "../../ui/logo.tsx";
import { PhoneLink } from "../../ui/phone-link.tsx";
import { useSignOut } from "../identity/session.ts";
import { NotificationsBell } from "../notifications/notifications-bell.tsx";
import classes from "./shell.module.css";

/** «Выйти» in the header, from tablet width up; on a phone it sits in «Профиль». */
function HeaderSignOut() {
  const { t } = useTranslation("cabinet");
  const signOut = useSignOut();
  return (
    <Button
      variant="subtle"
      color="gray"
      size="sm"
      visibleFrom="sm"
      leftSection={<IconLogin size={18} />}
      loading={signOut.isPending}
      onClick={() => signOut.mutate()}
    >
      {t("header.signOut")}
    </Button>
  );
}

/** The cabinet's top bar: the RMS mark and the contact-centre phone, one tap away. */
export function CabinetHeader({
  homeHref = "/",
  withSignOut = false,
}: {
  homeHref?: string;
  withSignOut?: boolean;
}) {
  const { t } = useTranslation();
  const phone = company.phones.contactCentre;
  return (
    <Box component="header" className={classes.header}>
      <Container size="lg" className={classes.headerInner}>
        <Group justify="space-between" wrap="nowrap" gap="sm" h="100%">
          <Link to={homeHref} className={classes.homeLink} aria-label={t("brand.homeLink")}>
            <Logo name={t("brand.name")} size="sm" />
          </Link>
          <Group gap="md" wrap="nowrap">
            <PhoneLink
              phone={phone}
              withIcon
              label={t("phones.contactCentreLabel", { phone: phone.display })}
            />
            {withSignOut ? <NotificationsBell /> : null}
            {withSignOut ? <HeaderSignOut /> : null}
          </Group>
        </Group>
      </Container>
    </Box>
  );
}
