import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { VerifiedPhone } from "../../../common/identity/sms-code.schema.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { formatPhoneInput } from "../../ui/phone-mask.ts";
import { AuthPage } from "./auth-page.tsx";
import { PhoneVerification } from "./phone-verification.tsx";
import { type RegistrationDraft, RegistrationForm } from "./registration-form.tsx";

/**
 * «Регистрация»: first the phone is confirmed by an SMS code, then the personal data. If the
 * confirmation runs out before the form is sent, the client confirms again and keeps what they typed.
 */
export function RegisterPage() {
  const { t } = useTranslation("identity");
  const [verified, setVerified] = useState<{ phone: VerifiedPhone; at: number } | null>(null);
  const [draft, setDraft] = useState<RegistrationDraft | null>(null);
  const [lastPhone, setLastPhone] = useState("");
  const [ticketExpired, setTicketExpired] = useState(false);

  return (
    <AuthPage documentTitle={t("register.pageTitle")} title={t("register.title")}>
      {verified ? (
        <RegistrationForm
          verified={verified.phone}
          verifiedAt={verified.at}
          draft={draft}
          onTicketExpired={(values) => {
            setDraft(values);
            setLastPhone(formatPhoneInput(verified.phone.phone));
            setVerified(null);
            setTicketExpired(true);
          }}
        />
      ) : (
        <PhoneVerification
          purpose="registration"
          phoneLabel={t("register.phoneLabel")}
          initialPhone={lastPhone}
          notice={
            ticketExpired ? (
              <FormAlert title={t("register.ticketExpiredTitle")}>
                {t("register.ticketExpired")}
              </FormAlert>
            ) : null
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
