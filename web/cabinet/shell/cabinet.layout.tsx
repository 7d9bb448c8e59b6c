import { Box, Button, Container, Stack } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Navigate, Outlet, useLocation } from "react-router";
import { FormAlert } from "../../ui/form-alert.tsx";
import { PageLoader } from "../../ui/page-loader.tsx";
import { describeError } from "../../ui/server-errors.ts";
import { ConsentScreen } from "../identity/consent.screen.tsx";
import { type ReturnState, SignedInClientContext, useClientSession } from "../identity/session.ts";
import { useOfflineCopies } from "../offline/offline-copies.ts";
import { BottomNav } from "./bottom-nav.tsx";
import { CabinetHeader } from "./cabinet-header.tsx";
import { useCabinetLiveUpdates } from "./live-updates.ts";
import { OfflineBanner } from "./offline-banner.tsx";
import classes from "./shell.module.css";

/**
 * The signed-in cabinet: header, main menu and the current section. Nobody signed in → the
 * sign-in page (which comes back here after); new documents to accept → that comes first.
 */
export function CabinetLayout() {
  const { t } = useTranslation("identity");
  const { t: tCommon } = useTranslation("common");
  const location = useLocation();
  const session = useClientSession();
  useCabinetLiveUpdates(session.data != null && session.data.pendingDocuments.length === 0);
  // Offline: the worker keeps this account's contracts (docs/decisions/0026).
  useOfflineCopies(useQueryClient(), session.data === null ? null : session.data?.client.id);

  if (session.isPending) {
    return (
      <Box mih="100dvh" bg="white">
        <CabinetHeader homeHref="/cabinet" />
        <Box component="main">
          <PageLoader label={t("session.loading")} />
        </Box>
      </Box>
    );
  }

  if (session.isError) {
    return (
      <Box mih="100dvh" bg="white">
        <CabinetHeader homeHref="/cabinet" />
        <Container component="main" size="xs" px="md" py="xl">
          <Stack gap="md">
            <FormAlert title={t("session.loadFailedTitle")}>
              {describeError(session.error, tCommon)}
            </FormAlert>
            <Button onClick={() => void session.refetch()} loading={session.isFetching}>
              {t("session.retry")}
            </Button>
          </Stack>
        </Container>
      </Box>
    );
  }

  if (session.data === null) {
    const state: ReturnState = { from: location.pathname + location.search + location.hash };
    return <Navigate to="/cabinet/sign-in" replace state={state} />;
  }

  if (session.data.pendingDocuments.length > 0) {
    return (
      <Box mih="100dvh" bg="white">
        <CabinetHeader homeHref="/cabinet" />
        <Box component="main">
          <ConsentScreen documents={session.data.pendingDocuments} />
        </Box>
      </Box>
    );
  }

  return (
    <div className={classes.shell}>
      <CabinetHeader homeHref="/cabinet" withSignOut />
      <OfflineBanner />
      <div className={classes.body}>
        <BottomNav />
        <Box component="main" className={classes.main}>
          <SignedInClientContext value={session.data.client}>
            <Outlet />
          </SignedInClientContext>
        </Box>
      </div>
    </div>
  );
}
