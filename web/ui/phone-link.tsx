import { Anchor, Box, Text } from "@mantine/core";
import { IconPhone } from "./icons.tsx";

export interface Phone {
  /** As shown: «8 (800) 770-70-94». */
  display: string;
  /** E.164 for the `tel:` link. */
  tel: string;
}

interface PhoneLinkProps {
  phone: Phone;
  /** A line under the number saying what it is for; not part of the link's name. */
  caption?: string;
  withIcon?: boolean;
  size?: "sm" | "md" | "lg";
  /** Overrides the link's accessible name, which otherwise is the number itself. */
  label?: string;
}

/** A phone number that dials on tap. */
export function PhoneLink({
  phone,
  caption,
  withIcon = false,
  size = "md",
  label,
}: PhoneLinkProps) {
  const link = (
    <Anchor
      href={`tel:${phone.tel}`}
      fw={700}
      fz={size}
      c="rms.8"
      underline="hover"
      aria-label={label}
      style={{ display: "inline-flex", alignItems: "center", gap: 6, whiteSpace: "nowrap" }}
    >
      {withIcon ? <IconPhone size="1.1em" /> : null}
      <span>{phone.display}</span>
    </Anchor>
  );
  if (!caption) return link;
  return (
    <Box style={{ display: "flex", flexDirection: "column" }}>
      {link}
      <Text component="span" fz="xs" c="dimmed">
        {caption}
      </Text>
    </Box>
  );
}
