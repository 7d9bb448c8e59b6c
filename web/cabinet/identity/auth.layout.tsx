import { Box } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Navigate, Outlet, useLocation } from "react-router";
import { PageLoader } from "../../ui/page-loader.tsx";
import { CabinetHeader } from "../shell/cabinet-header.tsx";
import { returnPath, useClientSession } from "./session.ts";

/**
 * Screens before sign-in: the same header as the cabinet, no menu. Someone already signed in goes
 * on to the cabinet. If the session cannot be checked (offline), the form is still offered.
 */
export function AuthLayout() {
  const { t } = useTranslation("identity");
  const location = useLocation();
  const session = useClientSession();

  if (session.data) return <Navigate to={returnPath(location.state)} replace />;

  return (
    <Box mih="100dvh" bg="white">
      <CabinetHeader />
      <Box component="main">
        {session.isPending ? <PageLoader label={t("session.checking")} /> : <Outlet />}
      </Box>
    </Box>
  );
}
