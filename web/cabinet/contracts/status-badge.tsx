import { Badge } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { ContractDetail } from "../../../common/contracts/contracts.schema.ts";

// Mantine's light badges fall below WCAG AA on their pale backgrounds; these inks pass.
const ink = {
  gray: "#343a40",
  yellow: "#7a4100",
  green: "#1b5e20",
  red: "#8a1c1c",
  blue: "#0b4a8b",
} as const;

/** A short status in a light badge with dark ink. */
export function InkBadge({ color, children }: { color: keyof typeof ink; children: string }) {
  return (
    <Badge
      variant="light"
      color={color}
      radius="sm"
      tt="none"
      size="lg"
      styles={{ label: { overflow: "visible", color: ink[color] } }}
    >
      {children}
    </Badge>
  );
}

const colors = {
  "not-started": "blue",
  active: "green",
  expired: "gray",
  annulled: "red",
} as const;

/** A contract's status: «Не начал действовать», «Действует», «Срок действия истёк». */
export function StatusBadge({ status }: { status: ContractDetail["status"] }) {
  const { t } = useTranslation("contracts");
  return <InkBadge color={colors[status]}>{t(`status.${status}`)}</InkBadge>;
}
