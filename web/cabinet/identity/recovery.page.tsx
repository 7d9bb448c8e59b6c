import { Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { VerifiedPhone } from "../../../common/identity/sms-code.schema.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { formatPhoneInput } from "../../ui/phone-mask.ts";
import { AuthPage } from "./auth-page.tsx";
import { PhoneVerification } from "./phone-verification.tsx";
import { RecoveryForm } from "./recovery-form.tsx";

/** «Забыли пароль?»: the phone is confirmed by an SMS code, then a new password is set. */
export function RecoveryPage() {
  const { t } = useTranslation("identity");
  const [verified, setVerified] = useState<{ phone: VerifiedPhone; at: number } | null>(null);
  const [lastPhone, setLastPhone] = useState("");
  const [ticketExpired, setTicketExpired] = useState(false);

  return (
    <AuthPage documentTitle={t("recovery.pageTitle")} title={t("recovery.title")}>
      {verified ? (
        <RecoveryForm
          verified={verified.phone}
          verifiedAt={verified.at}
          onTicketExpired={() => {
            setLastPhone(formatPhoneInput(verified.phone.phone));
            setVerified(null);
            setTicketExpired(true);
          }}
        />
      ) : (
        <PhoneVerification
          purpose="recovery"
          phoneLabel={t("recovery.phoneLabel")}
          initialPhone={lastPhone}
          notice={
            ticketExpired ? (
              <FormAlert title={t("recovery.ticketExpiredTitle")}>
                {t("recovery.ticketExpired")}
              </FormAlert>
            ) : (
              <Text>{t("recovery.intro")}</Text>
            )
          }
          onVerified={(phone) => {
            setTicketExpired(false);
            setVerified({ phone, at: Date.now() });
          }}
        />
      )}
    </AuthPage>
  );
}
