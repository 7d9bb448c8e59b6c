import "@mantine/core/styles.css";
import "./global.css";
import { MantineProvider } from "@mantine/core";
import type { ReactNode } from "react";
import { cssVariablesResolver, theme } from "./theme.ts";

/**
 * The theme shared by the cabinet and the staff console. The colour scheme is forced to light:
 * Mantine's ColorSchemeScript is an inline script, which the CSP forbids.
 */
export function ThemeProvider({ children }: { children: ReactNode }) {
  return (
    <MantineProvider
      theme={theme}
      cssVariablesResolver={cssVariablesResolver}
      forceColorScheme="light"
      defaultColorScheme="light"
    >
      {children}
    </MantineProvider>
  );
}
