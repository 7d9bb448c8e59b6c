import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Stack } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import {
  type StaffSignInStep,
  staffTotpRequestSchema,
} from "../../../common/staff/staff-auth.schema.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { bindField } from "../../ui/form-field.ts";
import { placeProblem } from "../../ui/problem-errors.ts";
import { useFallbackMessages } from "../errors.ts";
import { TotpCodeField } from "../totp/totp-code-field.tsx";
import { verifyTotpCode } from "./auth.api.ts";
import { isChallengeProblem } from "./challenge.ts";

type TotpValues = z.input<typeof staffTotpRequestSchema>;
type TotpBody = z.output<typeof staffTotpRequestSchema>;

const fieldNames = ["code"] as const;

interface TotpCodeFormProps {
  challenge: string;
  onStep: (step: StaffSignInStep) => void;
  onChallengeLost: (error: unknown) => void;
}

/** The second factor: the current code from the authenticator app. */
export function TotpCodeForm({ challenge, onStep, onChallengeLost }: TotpCodeFormProps) {
  const { t } = useTranslation("staffAuth");
  const messages = useFallbackMessages();
  const [formError, setFormError] = useState<string | null>(null);

  const form = useForm<TotpValues, unknown, TotpBody>({
    resolver: zodResolver(staffTotpRequestSchema),
    defaultValues: { challenge, code: "" },
  });
  const { handleSubmit, setError, setFocus } = form;

  useEffect(() => {
    setFocus("code");
  }, [setFocus]);

  const verify = useMutation({ mutationFn: verifyTotpCode });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    try {
      onStep(await verify.mutateAsync(values));
    } catch (error) {
      if (isChallengeProblem(error)) return onChallengeLost(error);
      setFormError(
        placeProblem(
          error,
          fieldNames,
          (name, message, focus) =>
            setError(name, { type: "server", message }, { shouldFocus: focus }),
          messages,
        ),
      );
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        {formError ? <FormAlert title={t("signIn.totp.errorTitle")}>{formError}</FormAlert> : null}
        <TotpCodeField {...bindField(form, "code")} />
        <Button type="submit" fullWidth loading={verify.isPending}>
          {t("signIn.totp.submit")}
        </Button>
      </Stack>
    </form>
  );
}
