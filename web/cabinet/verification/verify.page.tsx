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
import { formatDateInput } from "../../ui/date-mask.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { bindField, controlledFieldProps } from "../../ui/form-field.ts";
import { focusFirstInvalid, placeServerErrors, serverFieldError } from "../../ui/server-errors.ts";
import { CabinetHeader } from "../shell/cabinet-header.tsx";
import { checkCertificate } from "./verification.api.ts";

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

/**
 * The public check that a certificate's QR code opens (/verify?number=…): a clinic enters the
 * number and the patient's birth date and learns only whether it is valid today and for which
 * program.
 */
export function VerifyPage() {
  const { t } = useTranslation("contracts");
  const { t: tCommon } = useTranslation("common");
  const [params] = useSearchParams();
  const [formError, setFormError] = useState<string | null>(null);
  const [result, setResult] = useState<VerificationResult | null>(null);

  const form = useForm<VerificationRequest, unknown, z.output<typeof verificationRequestSchema>>({
    resolver: zodResolver(verificationRequestSchema),
    shouldFocusError: false,
    defaultValues: { number: (params.get("number") ?? "").slice(0, 64), birthDate: "" },
  });
  const { control, handleSubmit, setError, setFocus, getValues } = form;

  const check = useMutation({ mutationFn: checkCertificate });

  const onSubmit = handleSubmit(
    async () => {
      setFormError(null);
      setResult(null);
      try {
        setResult(await check.mutateAsync(getValues()));
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
        <title>{t("verify.pageTitle")}</title>
        <Stack gap="lg">
          <Title order={1} fz={{ base: "h2", sm: "h1" }}>
            {t("verify.title")}
          </Title>
          <Text>{t("verify.intro")}</Text>
          <Paper withBorder radius="lg" p={{ base: "md", sm: "lg" }}>
            <form onSubmit={onSubmit} noValidate aria-label={t("verify.title")}>
              <Stack gap="md">
                {formError ? (
                  <FormAlert title={t("verify.errorTitle")}>{formError}</FormAlert>
                ) : null}
                <TextInput
                  label={t("verify.number")}
                  placeholder={t("verify.numberPlaceholder")}
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
                      label={t("verify.birthDate")}
                      placeholder={t("verify.birthDatePlaceholder")}
                      inputMode="numeric"
                      autoComplete="off"
                      maxLength={10}
                      {...controlledFieldProps(fieldState)}
                    />
                  )}
                />
                <Button type="submit" loading={check.isPending} style={{ alignSelf: "flex-start" }}>
                  {t("verify.submit")}
                </Button>
              </Stack>
            </form>
          </Paper>
          {result ? <Result result={result} /> : null}
        </Stack>
      </Container>
    </Box>
  );
}
