import { Box, Button, Container, Modal, Text } from "@mantine/core";
import { lazy, type ReactNode, Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { company } from "../../../common/company.ts";
import { IconLogin, IconPhone } from "../../ui/icons.tsx";
import { Logo } from "../../ui/logo.tsx";
import { PageLoader } from "../../ui/page-loader.tsx";
import { PhoneLink } from "../../ui/phone-link.tsx";
import classes from "./landing.module.css";

const VisitorCallbackForm = lazy(() =>
  import("./visitor-callback-dialog.tsx").then((m) => ({ default: m.VisitorCallbackForm })),
);

/**
 * The public site's frame: the header of the guide's screenshot (the logo, the two phones with
 * «Заказать звонок» beside them, «Личный кабинет») and the footer, around the landing, «Обслуживание
 * по ДМС» and the corporate request page.
 */
export function PublicFrame({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation("landing");
  const { t: tCommon } = useTranslation("common");
  const [calling, setCalling] = useState(false);
  return (
    <div className={classes.page}>
      <title>{title}</title>
      <header className={classes.header}>
        <Container size="lg" className={classes.headerRow}>
          <Link to="/" className={classes.brand} aria-label={t("home")}>
            <Logo name={tCommon("brand.name")} caption={tCommon("brand.fullName")} />
          </Link>
          <div className={classes.contacts}>
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
              variant="outline"
              className={classes.callButton}
              leftSection={<IconPhone size={18} />}
              onClick={() => setCalling(true)}
            >
              {t("callback.open")}
            </Button>
          </div>
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
      <main>{children}</main>
      <Box component="footer" className={classes.footer}>
        <Container size="lg">
          <Text fz="sm" c="dimmed">
            {t("footer")}
          </Text>
        </Container>
      </Box>
      <Modal
        opened={calling}
        onClose={() => setCalling(false)}
        title={t("callback.title")}
        closeButtonProps={{ "aria-label": t("callback.close") }}
        centered
      >
        <Suspense fallback={<PageLoader label={t("callback.loading")} />}>
          <VisitorCallbackForm />
        </Suspense>
      </Modal>
    </div>
  );
}
