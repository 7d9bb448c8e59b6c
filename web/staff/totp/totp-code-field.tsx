import { TextInput, type TextInputProps } from "@mantine/core";
import type { Ref } from "react";
import { useTranslation } from "react-i18next";

interface TotpCodeFieldProps extends Omit<TextInputProps, "label"> {
  ref?: Ref<HTMLInputElement>;
}

/** «Код из приложения»: six digits that a phone can fill in from its own one-time-code store. */
export function TotpCodeField({ ref, ...props }: TotpCodeFieldProps) {
  const { t } = useTranslation("staffAuth");
  return (
    <TextInput
      description={t("totp.codeHint")}
      {...props}
      ref={ref}
      label={t("totp.code")}
      autoComplete="one-time-code"
      inputMode="numeric"
      maxLength={6}
      spellCheck={false}
      styles={{ input: { letterSpacing: "0.25em", fontVariantNumeric: "tabular-nums" } }}
    />
  );
}
