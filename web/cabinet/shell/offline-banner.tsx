import { Anchor, Container, Stack, Text } from "@mantine/core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useLocation } from "react-router";
import { company } from "../../../common/company.ts";
import { formatMoscowDateTime } from "../../../common/format/date.ts";
import { IconAlert, IconPhone } from "../../ui/icons.tsx";
import { savedAt, useIsOffline } from "../offline/offline-copies.ts";
import classes from "./offline-banner.module.css";

/** The API read a cabinet address shows that is kept for offline use, if it is one of those. */
export function keptReadOf(pathname: string): string | null {
  if (/^\/cabinet\/contracts\/?$/.test(pathname)) return "/api/contracts";
  const contract = /^\/cabinet\/contracts\/([0-9a-f-]{36})\/?$/i.exec(pathname);
  return contract ? `/api/contracts/${contract[1]}` : null;
}

/** When the copy shown at this address was saved (null: none kept, or not yet read). */
function useSavedAt(pathname: string, offline: boolean): Date | null {
  const [saved, setSaved] = useState<{ path: string; at: Date | null } | null>(null);
  const read = keptReadOf(pathname);
  useEffect(() => {
    if (!offline || !read) return;
    let current = true;
    void savedAt(read).then((at) => {
      if (current) setSaved({ path: pathname, at });
    });
    return () => {
      current = false;
    };
  }, [offline, read, pathname]);
  return saved?.path === pathname ? saved.at : null;
}

/**
 * Under the header while the cabinet has no network: what is shown and from when, what waits for
 * the network, and the medical contact centre's phone, which works without the internet.
 */
export function OfflineBanner() {
  const { t } = useTranslation();
  const offline = useIsOffline();
  const { pathname } = useLocation();
  const saved = useSavedAt(pathname, offline);
  const phone = company.phones.contactCentre;
  // The live region is there before its text, so that a screen reader hears the change.
  return (
    <div role="status" className={offline ? classes.banner : undefined}>
      {offline ? (
        <Container size="lg" px="md" py="sm">
          <Stack gap={8}>
            <Text fw={700} className={classes.title}>
              <IconAlert size={20} aria-hidden="true" />
              <span>
                {saved
                  ? t("offline.savedAt", { date: formatMoscowDateTime(saved) })
                  : t("offline.title")}
              </span>
            </Text>
            <Text fz="sm">{saved ? t("offline.needsNetwork") : t("offline.onlyContracts")}</Text>
            <Anchor href={`tel:${phone.tel}`} fw={700} c="dark.9" className={classes.call}>
              <IconPhone size={18} aria-hidden="true" />
              <span>{t("offline.call", { phone: phone.display })}</span>
            </Anchor>
          </Stack>
        </Container>
      ) : null}
    </div>
  );
}
