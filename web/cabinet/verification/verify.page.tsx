import { zodResolver } from "@hookform/resolvers/zod";
import { Alert, Box, Button, Container, Paper, Stack, Text, TextInput, Title } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import type { z } from "zod";
import { company } from "../../../common/company.ts";
import {
  type VerificationRequest,
  type VerificationResult,
  verificationRequestSchema,
} from "../../../common/contracts/contracts.schema.ts";
import { formatMoscowDateTime } from "../../../common/format/date.ts";
import {
  type ReferralVerificationResult,
  referralVerificationRequestSchema,
} from "../../../common/shop/shop.schema.ts";
import { formatDateInput } from "../../ui/date-mask.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { bindField, controlledFieldProps } from "../../ui/form-field.ts";
import { focusFirstInvalid, placeServerErrors, serverFieldError } from "../../ui/server-errors.ts";
import { CabinetHeader } from "../shell/cabinet-header.tsx";
import { checkCertificate, checkReferral } from "./verification.api.ts";

const fieldNames = ["number", "birthDate"] as const;

// Black text on the tinted alert: Mantine's coloured title falls below 4.5:1 contrast.
const ink = { title: { color: "var(--mantine-color-black)" } };

function Result({ result }: { result: VerificationResult }) {
  const { t } = useTranslation("contracts");
  if (result.valid) {
    return (
      <Alert
        role="status"
        color="green"
        variant="light"
        title={t("verify.validTitle")}
        styles={ink}
      >
        <Text>{t("verify.validProgram", { name: result.programName })}</Text>
      </Alert>
    );
  }
  return (
    <Alert role="status" color="red" variant="light" title={t("verify.invalidTitle")} styles={ink}>
      <Text>{t("verify.invalidText", { phone: company.phones.contactCentre.display })}</Text>
    </Alert>
  );
}

function ReferralResult({ result }: { result: ReferralVerificationResult }) {
  const { t } = useTranslation("contracts");
  if (result.valid) {
    return (
      <Alert
        role="status"
        color="green"
        variant="light"
        title={t("referral.validTitle")}
        styles={ink}
      >
        <Text>
          {t("referral.validVisit", {
            service: result.serviceName,
            clinic: result.clinicName,
            time: formatMoscowDateTime(result.startsAt),
          })}
        </Text>
      </Alert>
    );
  }
  return (
    <Alert
      role="status"
      color="red"
      variant="light"
      title={t("referral.invalidTitle")}
      styles={ink}
    >
      <Text>{t("referral.invalidText", { phone: company.phones.contactCentre.display })}</Text>
    </Alert>
  );
}

type Checked =
  | { kind: "certificate"; result: VerificationResult }
  | { kind: "referral"; result: ReferralVerificationResult };

/**
 * The public check that a QR code opens: a certificate's (/verify?number=…) or a paid visit's
 * «Направление» (/verify?referral=<its number>). A clinic enters the number and the patient's
 * birth date and learns only whether it is valid (today, or for a visit paid and confirmed), and
 * for which program or visit.
 */
export function VerifyPage() {
  const { t: tContracts } = useTranslation("contracts");
  const { t: tCommon } = useTranslation("common");
  const [params] = useSearchParams();
  const referral = params.has("referral");
  const mode = referral ? "referral" : "verify";
  const t = (
    key: "pageTitle" | "title" | "intro" | "number" | "numberPlaceholder" | "errorTitle",
  ) => tContracts(`${mode}.${key}`);
  const [formError, setFormError] = useState<string | null>(null);
  const [checked, setChecked] = useState<Checked | null>(null);

  // Both checks take a number and a birth date; only the number's rule differs.
  const schema = (
    referral ? referralVerificationRequestSchema : verificationRequestSchema
  ) as typeof verificationRequestSchema;
  const form = useForm<VerificationRequest, unknown, z.output<typeof verificationRequestSchema>>({
    resolver: zodResolver(schema),
    shouldFocusError: false,
    defaultValues: {
      number: (params.get(referral ? "referral" : "number") ?? "").slice(0, 64),
      birthDate: "",
    },
  });
  const { control, handleSubmit, setError, setFocus, getValues } = form;

  const check = useMutation({
    mutationFn: async (values: VerificationRequest): Promise<Checked> =>
      referral
        ? { kind: "referral", result: await checkReferral(values) }
        : { kind: "certificate", result: await checkCertificate(values) },
  });

  const onSubmit = handleSubmit(
    async () => {
      setFormError(null);
      setChecked(null);
      try {
        setChecked(await check.mutateAsync(getValues()));
      } catch (error) {
        setFormError(placeServerErrors(error, fieldNames, serverFieldError(setError), tCommon));
      }
    },
    (invalid) => focusFirstInvalid(invalid, fieldNames, setFocus),
  );

  return (
    <Box mih="100dvh" bg="white">
      <CabinetHeader homeHref="/" />
      <Container component="main" size="xs" px="md" py="xl">
        <title>{t("pageTitle")}</title>
        <Stack gap="lg">
          <Title order={1} fz={{ base: "h2", sm: "h1" }}>
            {t("title")}
          </Title>
          <Text>{t("intro")}</Text>
          <Paper withBorder radius="lg" p={{ base: "md", sm: "lg" }}>
            <form onSubmit={onSubmit} noValidate aria-label={t("title")}>
              <Stack gap="md">
                {formError ? <FormAlert title={t("errorTitle")}>{formError}</FormAlert> : null}
                <TextInput
                  label={t("number")}
                  placeholder={t("numberPlaceholder")}
                  autoComplete="off"
                  {...bindField(form, "number")}
                />
                <Controller
                  control={control}
                  name="birthDate"
                  render={({ field, fieldState }) => (
                    <TextInput
                      {...field}
                      onChange={(event) =>
                        field.onChange(formatDateInput(event.currentTarget.value))
                      }
                      label={tContracts("verify.birthDate")}
                      placeholder={tContracts("verify.birthDatePlaceholder")}
                      inputMode="numeric"
                      autoComplete="off"
                      maxLength={10}
                      {...controlledFieldProps(fieldState)}
                    />
                  )}
                />
                <Button type="submit" loading={check.isPending} style={{ alignSelf: "flex-start" }}>
                  {tContracts("verify.submit")}
                </Button>
              </Stack>
            </form>
          </Paper>
          {checked?.kind === "certificate" ? <Result result={checked.result} /> : null}
          {checked?.kind === "referral" ? <ReferralResult result={checked.result} /> : null}
        </Stack>
      </Container>
    </Box>
  );
}
