import { Anchor, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { StaffRole } from "../../../common/staff/staff-auth.schema.ts";
import { useSignedInStaff } from "../auth/staff-session.ts";
import { mayOpen, OVERVIEW_PATH } from "./console-sections.tsx";

/**
 * A page for some roles only; anyone else who opens its address is told so (the server refuses
 * too), with the roles it is for: «Этот раздел доступен только врачам и администраторам».
 */
export function RoleGuard({
  roles,
  children,
}: {
  roles: readonly StaffRole[];
  children: ReactNode;
}) {
  const { t } = useTranslation("staff");
  const staff = useSignedInStaff();
  if (mayOpen(roles, staff.role)) return children;
  return (
    <Stack gap="md" align="flex-start">
      <title>{`${t("forbidden.title")} — ${t("pageTitleSuffix")}`}</title>
      <Title order={1}>{t("forbidden.title")}</Title>
      <Text c="dimmed">
        {t("forbidden.forRoles", {
          roles: roles.map((role) => t(`forbidden.roles.${role}`)).join(t("forbidden.and")),
        })}
      </Text>
      <Anchor component={Link} to={OVERVIEW_PATH}>
        {t("forbidden.home")}
      </Anchor>
    </Stack>
  );
}
