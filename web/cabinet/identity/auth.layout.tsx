import { Box } from "@mantine/core";
import { Outlet } from "react-router";
import { CabinetHeader } from "../shell/cabinet-header.tsx";

/** Screens before sign-in: the same header as the cabinet, no menu. */
export function AuthLayout() {
  return (
    <Box mih="100dvh" bg="white">
      <CabinetHeader />
      <Box component="main">
        <Outlet />
      </Box>
    </Box>
  );
}
