import { zodResolver } from "@hookform/resolvers/zod";
import {
  Anchor,
  Box,
  Button,
  Code,
  CopyButton,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Title,
  type TitleOrder,
} from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import {
  type TotpEnrolment as Enrolment,
  staffTotpConfirmSchema,
} from "../../../common/staff/staff-auth.schema.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { bindField } from "../../ui/form-field.ts";
import { PageLoader } from "../../ui/page-loader.tsx";
import { describeProblem, placeProblem } from "../../ui/problem-errors.ts";
import { useFallbackMessages } from "../errors.ts";
import { TotpCodeField } from "./totp-code-field.tsx";

type ConfirmValues = z.input<typeof staffTotpConfirmSchema>;
type ConfirmBody = z.output<typeof staffTotpConfirmSchema>;

const fieldNames = ["code"] as const;

interface TotpEnrolmentProps {
  /** Names this enrolment in the query cache, so a re-render does not ask for a new secret. */
  queryKey: readonly unknown[];
  /** Asks the server for a fresh secret and its QR code. */
  start: (signal: AbortSignal) => Promise<Enrolment>;
  /** Sends the first code from the app; resolves once the server has switched TOTP on. */
  confirm: (code: string) => Promise<void>;
  /** Takes an error that is not this form's to show (an expired sign-in); true when it did. */
  onForeignError?: (error: unknown) => boolean;
  /** Level of the «Не получается отсканировать?» heading under the page's own headings. */
  headingOrder?: TitleOrder;
}

/**
 * Connecting an authenticator app: the QR code, the same secret as text to type by hand, and the
 * first code to prove it works. Used at sign-in (against a challenge) and from «Мой профиль».
 */
export function TotpEnrolment({
  queryKey,
  start,
  confirm,
  onForeignError,
  headingOrder = 2,
}: TotpEnrolmentProps) {
  const { t } = useTranslation("staffAuth");
  const messages = useFallbackMessages();
  const [formError, setFormError] = useState<string | null>(null);

  const enrolment = useQuery({
    queryKey,
    queryFn: ({ signal }) => start(signal),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
    retry: false,
  });

  useEffect(() => {
    if (enrolment.error) onForeignError?.(enrolment.error);
  }, [enrolment.error, onForeignError]);

  const form = useForm<ConfirmValues, unknown, ConfirmBody>({
    resolver: zodResolver(staffTotpConfirmSchema),
    defaultValues: { code: "" },
  });
  const { handleSubmit, setError, setFocus } = form;

  const submit = useMutation({ mutationFn: (body: ConfirmBody) => confirm(body.code) });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    try {
      await submit.mutateAsync(values);
    } catch (error) {
      if (onForeignError?.(error)) return;
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

  // The code field is the next thing to act on once the QR code is on screen.
  const ready = enrolment.data !== undefined;
  useEffect(() => {
    if (ready) setFocus("code");
  }, [ready, setFocus]);

  if (enrolment.isPending) return <PageLoader label={t("totp.loading")} />;

  if (enrolment.isError) {
    return (
      <Stack gap="md" align="flex-start">
        <FormAlert title={t("totp.loadFailedTitle")} w="100%">
          {describeProblem(enrolment.error, messages)}
        </FormAlert>
        <Button onClick={() => void enrolment.refetch()} loading={enrolment.isFetching}>
          {t("totp.retry")}
        </Button>
      </Stack>
    );
  }

  const { secret, otpauthUrl, qrDataUrl } = enrolment.data;
  return (
    <Stack gap="lg">
      <Text>{t("totp.instruction")}</Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
        <Paper
          withBorder
          radius="md"
          p="sm"
          bg="white"
          w="fit-content"
          mx={{ base: "auto", sm: 0 }}
        >
          <img src={qrDataUrl} alt={t("totp.qrAlt")} width={200} height={200} />
        </Paper>
        <Stack gap="xs">
          <Title order={headingOrder} fz="md">
            {t("totp.manualTitle")}
          </Title>
          <Text fz="sm">{t("totp.manual")}</Text>
          <Code
            data-testid="totp-secret"
            block
            fz="md"
            style={{ wordBreak: "break-all", whiteSpace: "normal", letterSpacing: "0.08em" }}
          >
            {secret}
          </Code>
          <CopyButton value={secret}>
            {({ copied, copy }) => (
              <Button
                variant="light"
                size="sm"
                onClick={copy}
                color={copied ? "green" : undefined}
                style={{ alignSelf: "flex-start" }}
              >
                {copied ? t("totp.copied") : t("totp.copy")}
              </Button>
            )}
          </CopyButton>
          {/* A phone cannot scan its own screen: the otpauth: link hands the key to the app. */}
          <Anchor href={otpauthUrl} fz="sm" hiddenFrom="sm">
            {t("totp.openInApp")}
          </Anchor>
        </Stack>
      </SimpleGrid>

      <Box component="form" onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <Text>{t("totp.confirmHint")}</Text>
          {formError ? <FormAlert title={t("totp.errorTitle")}>{formError}</FormAlert> : null}
          <TotpCodeField maw={280} {...bindField(form, "code")} />
          <Group>
            <Button type="submit" loading={submit.isPending}>
              {t("totp.submit")}
            </Button>
          </Group>
        </Stack>
      </Box>
    </Stack>
  );
}
