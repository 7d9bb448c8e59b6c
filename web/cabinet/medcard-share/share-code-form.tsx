import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Paper, Stack, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { formatMoscowDateTime } from "../../../common/format/date.ts";
import {
  type MedcardSharedView,
  medcardShareCodeSchema,
} from "../../../common/medcard/medcard.schema.ts";
import { ApiError } from "../../ui/api.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { bindField } from "../../ui/form-field.ts";
import { placeServerErrors, serverFieldError } from "../../ui/server-errors.ts";
import { useOpenSharedCard } from "./medcard-share.api.ts";

const fieldNames = ["code"] as const;

/** When a throttled code may be tried again, from the answer's Retry-After. */
function retryMoment(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.status !== 429) return null;
  if (error.retryAfterSeconds === undefined) return null;
  return formatMoscowDateTime(new Date(Date.now() + error.retryAfterSeconds * 1000)).slice(-5);
}

/** «Код доступа» and «Открыть»: the second secret of the link, the 6 digits the patient told. */
export function ShareCodeForm({
  token,
  expiresAt,
  onOpened,
}: {
  token: string;
  expiresAt: string;
  onOpened: (view: MedcardSharedView) => void;
}) {
  const { t } = useTranslation("medcardShare");
  const { t: tCommon } = useTranslation("common");
  const open = useOpenSharedCard(token);
  const [formError, setFormError] = useState<{ text: string; retryAt: string | null } | null>(null);
  const form = useForm<{ code: string }>({
    resolver: zodResolver(medcardShareCodeSchema),
    defaultValues: { code: "" },
  });
  const { handleSubmit, setError } = form;

  const onSubmit = handleSubmit(async ({ code }) => {
    setFormError(null);
    try {
      onOpened(await open.mutateAsync(code));
    } catch (error) {
      const text = placeServerErrors(error, fieldNames, serverFieldError(setError), tCommon);
      if (text) setFormError({ text, retryAt: retryMoment(error) });
    }
  });

  return (
    <Paper withBorder radius="lg" p={{ base: "md", sm: "lg" }}>
      <form onSubmit={onSubmit} noValidate aria-label={t("code.formLabel")}>
        <Stack gap="md">
          <Text>{t("code.intro")}</Text>
          <Text c="dimmed" size="sm">
            {t("code.validUntil", { time: formatMoscowDateTime(expiresAt) })}
          </Text>
          {formError ? (
            <FormAlert title={t("code.failedTitle")}>
              <Text inherit>{formError.text}</Text>
              {formError.retryAt ? (
                <Text inherit>{t("code.retryAt", { time: formError.retryAt })}</Text>
              ) : null}
            </FormAlert>
          ) : null}
          <TextInput
            label={t("code.label")}
            description={t("code.description")}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            maw={220}
            styles={{ input: { letterSpacing: "0.3em", fontSize: "1.25rem" } }}
            {...bindField(form, "code")}
          />
          <Button type="submit" loading={open.isPending} style={{ alignSelf: "flex-start" }}>
            {t("code.submit")}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
