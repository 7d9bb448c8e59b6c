import { Button, Container, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { FormAlert } from "../../ui/form-alert.tsx";
import { StatusBadge } from "../../ui/query-states.tsx";
import {
  forgetStaffSessionOn401,
  setStaffSession,
  useSignedInStaff,
} from "../auth/staff-session.ts";
import { TotpEnrolment } from "../totp/totp-enrolment.tsx";
import { confirmTotpEnrolment, startTotpEnrolment } from "./profile.api.ts";
import classes from "./profile.module.css";

/** «Мой профиль»: who the console thinks you are, and the second factor. */
export function ProfilePage() {
  const { t } = useTranslation("staffProfile");
  const { t: ts } = useTranslation("staff");
  const staff = useSignedInStaff();
  const queryClient = useQueryClient();
  const [enrolling, setEnrolling] = useState(false);
  const [justEnabled, setJustEnabled] = useState(false);
  const successRef = useRef<HTMLDivElement>(null);

  // The enrolment form is gone once it succeeds; the news takes the focus in its place.
  useEffect(() => {
    if (justEnabled) successRef.current?.focus();
  }, [justEnabled]);

  const onForeignError = useCallback(
    (error: unknown) => {
      // A 401 means the session is gone: the guard takes over and opens the sign-in page.
      forgetStaffSessionOn401(queryClient, error);
      return false;
    },
    [queryClient],
  );

  const rows = [
    { term: t("profile.fullName"), value: staff.fullName },
    { term: t("profile.email"), value: staff.email },
    { term: t("profile.role"), value: ts(`roles.${staff.role}`) },
  ];

  return (
    <Container size="md" px={0}>
      <title>{`${t("profile.title")} — ${ts("pageTitleSuffix")}`}</title>
      <Stack gap="lg">
        <Title order={1}>{t("profile.title")}</Title>

        <Paper withBorder radius="lg" p={{ base: "md", sm: "lg" }}>
          <dl className={classes.facts}>
            {rows.map((row) => (
              <div key={row.term} className={classes.fact}>
                <dt>{row.term}</dt>
                <dd>{row.value}</dd>
              </div>
            ))}
            <div className={classes.fact}>
              <dt>{t("profile.totp")}</dt>
              <dd>
                <StatusBadge tone={staff.totpEnabled ? "green" : "yellow"}>
                  {staff.totpEnabled ? t("profile.totpOn") : t("profile.totpOff")}
                </StatusBadge>
              </dd>
            </div>
          </dl>
        </Paper>

        {justEnabled ? (
          <div ref={successRef} tabIndex={-1}>
            <FormAlert tone="success">{t("profile.enabled")}</FormAlert>
          </div>
        ) : null}

        {!staff.totpEnabled && !enrolling ? (
          <Paper withBorder radius="lg" p={{ base: "md", sm: "lg" }}>
            <Stack gap="md" align="flex-start">
              <Text>{t("profile.totpOffNote")}</Text>
              <Button onClick={() => setEnrolling(true)}>{t("profile.enable")}</Button>
            </Stack>
          </Paper>
        ) : null}

        {!staff.totpEnabled && enrolling ? (
          <Paper
            withBorder
            radius="lg"
            p={{ base: "md", sm: "lg" }}
            component="section"
            aria-labelledby="totp-enrolment-title"
          >
            <Stack gap="md">
              <Group justify="space-between" align="flex-start" gap="sm">
                <Title order={2} fz="h3" id="totp-enrolment-title">
                  {t("profile.enrolTitle")}
                </Title>
                <Button variant="default" size="sm" onClick={() => setEnrolling(false)}>
                  {t("profile.cancel")}
                </Button>
              </Group>
              <TotpEnrolment
                queryKey={["staff", "me", "totp-enrolment"]}
                headingOrder={3}
                start={startTotpEnrolment}
                confirm={async (code) => {
                  const session = await confirmTotpEnrolment(code);
                  setEnrolling(false);
                  setJustEnabled(true);
                  setStaffSession(queryClient, session);
                }}
                onForeignError={onForeignError}
              />
            </Stack>
          </Paper>
        ) : null}
      </Stack>
    </Container>
  );
}
