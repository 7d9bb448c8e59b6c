import { useTranslation } from "react-i18next";
import { ShownOnceSecret } from "../shell/shown-once-secret.tsx";
import type { MemberWithPassword } from "./members.api.ts";

export interface IssuedPassword extends MemberWithPassword {
  reason: "created" | "reset";
}

/** The temporary password of a new or reset account, shown this once. */
export function TemporaryPassword({
  issued,
  onDismiss,
}: {
  issued: IssuedPassword;
  onDismiss: () => void;
}) {
  const { t } = useTranslation("staffMembers");
  return (
    <ShownOnceSecret
      id="temporary-password"
      title={
        issued.reason === "created"
          ? t("members.temporaryPassword.createdTitle")
          : t("members.temporaryPassword.resetTitle")
      }
      intro={t("members.temporaryPassword.for", {
        name: issued.member.fullName,
        email: issued.member.email,
      })}
      label={t("members.temporaryPassword.label")}
      secret={issued.temporaryPassword}
      large
      copy={{
        label: t("members.temporaryPassword.copy"),
        done: t("members.temporaryPassword.copied"),
      }}
      note={t("members.temporaryPassword.note")}
      dismiss={t("members.temporaryPassword.dismiss")}
      onDismiss={onDismiss}
    />
  );
}
