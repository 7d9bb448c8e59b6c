import { Box } from "@mantine/core";
import { Outlet } from "react-router";
import { BottomNav } from "./bottom-nav.tsx";
import { CabinetHeader } from "./cabinet-header.tsx";
import classes from "./shell.module.css";

/** The signed-in cabinet: header, main menu and the current section. */
export function CabinetLayout() {
  return (
    <div className={classes.shell}>
      <CabinetHeader homeHref="/cabinet" />
      <div className={classes.body}>
        <BottomNav />
        <Box component="main" className={classes.main}>
          <Outlet />
        </Box>
      </div>
    </div>
  );
}
