import { Anchor, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useSignedInStaff } from "../auth/staff-session.ts";
import { OVERVIEW_PATH } from "./console-sections.ts";

/** A section for admins; anyone else who opens its address is told so (the server refuses too). */
export function AdminOnly({ children }: { children: ReactNode }) {
  const { t } = useTranslation("staff");
  const staff = useSignedInStaff();
  if (staff.role === "admin") return children;
  return (
    <Stack gap="md" align="flex-start">
      <title>{`${t("forbidden.title")} — ${t("pageTitleSuffix")}`}</title>
      <Title order={1}>{t("forbidden.title")}</Title>
      <Text c="dimmed">{t("forbidden.description")}</Text>
      <Anchor component={Link} to={OVERVIEW_PATH}>
        {t("forbidden.home")}
      </Anchor>
    </Stack>
  );
}
