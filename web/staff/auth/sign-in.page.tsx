import { Anchor, Box, Container, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, useLocation, useNavigate } from "react-router";
import type { StaffSignInStep } from "../../../common/staff/staff-auth.schema.ts";
import { BrandMark } from "../../ui/logo.tsx";
import { PageLoader } from "../../ui/page-loader.tsx";
import { describeProblem } from "../../ui/problem-errors.ts";
import { useFallbackMessages } from "../errors.ts";
import { TotpEnrolment } from "../totp/totp-enrolment.tsx";
import { confirmSignInTotpEnrolment, startSignInTotpEnrolment } from "./auth.api.ts";
import { isChallengeProblem } from "./challenge.ts";
import { CredentialsForm } from "./credentials-form.tsx";
import { NewPasswordForm } from "./new-password-form.tsx";
import { returnPath, setStaffSession, useStaffSession } from "./staff-session.ts";
import { TotpCodeForm } from "./totp-code-form.tsx";

type PendingStep = Exclude<StaffSignInStep, { step: "done" }>;

/** The console's own bar above the sign-in form: no menu, nothing to reach before signing in. */
function SignInHeader() {
  const { t } = useTranslation("staff");
  return (
    <Box
      component="header"
      bg="white"
      style={{ borderBottom: "1px solid var(--mantine-color-gray-3)" }}
    >
      <Group h={60} px="md" gap="sm" wrap="nowrap">
        <BrandMark size={32} />
        <Text component="span" fw={700} fz={{ base: "md", sm: "lg" }} truncate>
          {t("header.title")}
        </Text>
      </Group>
    </Box>
  );
}

/**
 * «Вход для сотрудников»: e-mail and password, then whatever the server asks for next — a new
 * password in place of a temporary one, the TOTP code, or connecting TOTP — until it says done.
 */
export function SignInPage() {
  const { t } = useTranslation("staffAuth");
  const { t: ts } = useTranslation("staff");
  const messages = useFallbackMessages();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const session = useStaffSession();
  const [pending, setPending] = useState<PendingStep | null>(null);
  const [email, setEmail] = useState("");
  const [notice, setNotice] = useState<string | null>(null);

  const onStep = useCallback(
    (next: StaffSignInStep) => {
      setNotice(null);
      if (next.step === "done") {
        navigate(returnPath(location.state), { replace: true });
        setStaffSession(queryClient, { staff: next.staff });
        return;
      }
      setPending(next);
    },
    [navigate, location.state, queryClient],
  );

  /** The challenge expired or was used up: say so and ask for the e-mail and password again. */
  const onChallengeLost = useCallback(
    (error: unknown) => {
      const detail = describeProblem(error, messages);
      setNotice(detail === messages.unexpected ? t("signIn.challengeExpired") : detail);
      setPending(null);
    },
    [messages, t],
  );

  const onEnrolmentError = useCallback(
    (error: unknown) => {
      if (!isChallengeProblem(error)) return false;
      onChallengeLost(error);
      return true;
    },
    [onChallengeLost],
  );

  const restart = () => {
    setNotice(null);
    setPending(null);
  };

  if (session.isPending) return <PageLoader label={ts("session.loading")} />;
  // Already signed in (another tab, or the back button after signing in): straight to the console.
  if (session.data && pending === null) return <Navigate to={returnPath(location.state)} replace />;

  const title = {
    credentials: t("signIn.title"),
    "change-password": t("signIn.changePassword.title"),
    totp: t("signIn.totp.title"),
    "enrol-totp": t("signIn.enrol.title"),
  }[pending?.step ?? "credentials"];
  const intro = {
    credentials: t("signIn.intro"),
    "change-password": t("signIn.changePassword.intro"),
    totp: t("signIn.totp.intro"),
    "enrol-totp": t("signIn.enrol.intro"),
  }[pending?.step ?? "credentials"];
  const wide = pending?.step === "enrol-totp";

  return (
    <Box mih="100dvh" bg="gray.0">
      <title>{`${title} — ${ts("pageTitleSuffix")}`}</title>
      <SignInHeader />
      <Container component="main" size={wide ? "sm" : "xs"} px="md" py={{ base: "lg", sm: 48 }}>
        <Paper withBorder radius="lg" p={{ base: "md", sm: "xl" }} bg="white">
          <Stack gap="lg">
            <Stack gap="xs">
              <Title order={1} fz="h2">
                {title}
              </Title>
              <Text c="dimmed">{intro}</Text>
            </Stack>

            {pending === null ? (
              <CredentialsForm
                notice={notice}
                onStep={(next, typedEmail) => {
                  setEmail(typedEmail);
                  onStep(next);
                }}
              />
            ) : null}
            {pending?.step === "change-password" ? (
              <NewPasswordForm
                key={pending.challenge}
                challenge={pending.challenge}
                email={email}
                onStep={onStep}
                onChallengeLost={onChallengeLost}
              />
            ) : null}
            {pending?.step === "totp" ? (
              <TotpCodeForm
                key={pending.challenge}
                challenge={pending.challenge}
                onStep={onStep}
                onChallengeLost={onChallengeLost}
              />
            ) : null}
            {pending?.step === "enrol-totp" ? (
              <TotpEnrolment
                key={pending.challenge}
                queryKey={["staff", "sign-in", "totp-enrolment", pending.challenge]}
                start={(signal) => startSignInTotpEnrolment(pending.challenge, signal)}
                confirm={async (code) => {
                  onStep(await confirmSignInTotpEnrolment(pending.challenge, code));
                }}
                onForeignError={onEnrolmentError}
              />
            ) : null}

            {pending !== null ? (
              <Anchor component="button" type="button" onClick={restart} fz="sm" ta="left">
                {t("signIn.restart")}
              </Anchor>
            ) : null}
          </Stack>
        </Paper>
      </Container>
    </Box>
  );
}
