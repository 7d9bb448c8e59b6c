import { useTranslation } from "react-i18next";
import { formatPhone } from "../../../common/format/phone.ts";
import { PhoneLink } from "../../ui/phone-link.tsx";

/** A clinic's phone that dials on tap, named «Позвонить в клинику …». */
export function ClinicPhone({ phone }: { phone: string }) {
  const { t } = useTranslation("appointments");
  const display = formatPhone(phone);
  return (
    <PhoneLink
      phone={{ display, tel: phone }}
      withIcon
      label={t("page.callClinic", { phone: display })}
    />
  );
}
