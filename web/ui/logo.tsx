import { Box, Text } from "@mantine/core";

/** The RMS brand mark: a white medical cross on the RMS blue, with a pulse line through it. */
export function BrandMark({ size = 40 }: { size?: number }) {
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      width={size}
      height={size}
      viewBox="0 0 48 48"
      aria-hidden="true"
      focusable="false"
    >
      <rect width="48" height="48" rx="12" fill="#1c6bb0" />
      <path d="M19 9h10v10h10v10H29v10H19V29H9V19h10z" fill="#ffffff" />
      <path
        d="M9 24h9l3-5 4 10 3-5h11"
        fill="none"
        stroke="#1c6bb0"
        strokeWidth="2.6"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}

interface LogoProps {
  /** The short brand name, «РМС». */
  name: string;
  /** The full name under it, e.g. «Регион Мед-Сервис»; left out on the smallest headers. */
  caption?: string;
  size?: "sm" | "md";
}

/** Brand mark with the wordmark; put it inside a link to make it one. */
export function Logo({ name, caption, size = "md" }: LogoProps) {
  const markSize = size === "sm" ? 32 : 40;
  return (
    <Box component="span" display="inline-flex" style={{ alignItems: "center", gap: 10 }}>
      <BrandMark size={markSize} />
      <Box
        component="span"
        display="inline-flex"
        style={{ flexDirection: "column", lineHeight: 1.1 }}
      >
        <Text component="span" fw={800} fz={size === "sm" ? "lg" : "xl"} c="rms.8" lh={1.1}>
          {name}
        </Text>
        {caption ? (
          <Text component="span" fz="xs" c="dimmed" lh={1.2}>
            {caption}
          </Text>
        ) : null}
      </Box>
    </Box>
  );
}
