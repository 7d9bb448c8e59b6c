import { type CSSVariablesResolver, createTheme, type MantineColorsTuple } from "@mantine/core";

/**
 * The RMS blue: calm and medical. Shade 6 is the filled colour (white text on it is 5.6:1),
 * shades 7–9 serve text on tinted backgrounds.
 */
const rms: MantineColorsTuple = [
  "#eaf3fb",
  "#d5e6f6",
  "#a9cbec",
  "#7aaee2",
  "#5297d9",
  "#3a88d3",
  "#1c6bb0",
  "#175e9c",
  "#12518a",
  "#0b4277",
];

const systemFonts =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif';

export const theme = createTheme({
  primaryColor: "rms",
  primaryShade: 6,
  colors: { rms },
  fontFamily: systemFonts,
  headings: { fontFamily: systemFonts, fontWeight: "700" },
  defaultRadius: "md",
  cursorType: "pointer",
  respectReducedMotion: true,
  components: {
    Button: { defaultProps: { size: "md" } },
    TextInput: { defaultProps: { size: "md" } },
    PasswordInput: { defaultProps: { size: "md" } },
    Checkbox: { defaultProps: { size: "md" } },
  },
});

/**
 * Mantine's default dimmed, placeholder and error colours fall below WCAG AA contrast on white;
 * these keep every piece of text at 4.5:1 or more.
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    "--mantine-color-dimmed": "#5c6670",
    "--mantine-color-placeholder": "#6b7280",
    "--mantine-color-error": "#c92a2a",
    "--mantine-color-red-text": "#c92a2a",
    "--mantine-color-red-light-color": "#b02525",
    "--mantine-color-body": "#ffffff",
  },
  dark: {},
});
