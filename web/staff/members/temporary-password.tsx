import { Button, Code, CopyButton, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import type { MemberWithPassword } from "./members-queries.ts";

export interface IssuedPassword extends MemberWithPassword {
  reason: "created" | "reset";
}

/**
 * The temporary password of a new or reset account. It is shown this once (the server keeps only
 * its hash), so the box takes the focus and stays until the admin hides it.
 */
export function TemporaryPassword({
  issued,
  onDismiss,
}: {
  issued: IssuedPassword;
  onDismiss: () => void;
}) {
  const { t } = useTranslation("staff");
  const titleRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    titleRef.current?.focus();
    titleRef.current?.scrollIntoView({ block: "center" });
  }, []);

  return (
    <Paper
      component="section"
      aria-labelledby="temporary-password-title"
      radius="lg"
      p={{ base: "md", sm: "lg" }}
      bg="yellow.0"
      style={{ border: "2px solid var(--mantine-color-yellow-6)" }}
    >
      <Stack gap="sm">
        <Title order={2} fz="h3" id="temporary-password-title" ref={titleRef} tabIndex={-1}>
          {issued.reason === "created"
            ? t("members.temporaryPassword.createdTitle")
            : t("members.temporaryPassword.resetTitle")}
        </Title>
        <Text>
          {t("members.temporaryPassword.for", {
            name: issued.member.fullName,
            email: issued.member.email,
          })}
        </Text>
        <Text fw={600} id="temporary-password-label">
          {t("members.temporaryPassword.label")}
        </Text>
        <Group gap="sm" align="center" role="group" aria-labelledby="temporary-password-label">
          <Code
            fz="xl"
            px="md"
            py="xs"
            bg="white"
            style={{ letterSpacing: "0.06em", wordBreak: "break-all" }}
          >
            {issued.temporaryPassword}
          </Code>
          <CopyButton value={issued.temporaryPassword}>
            {({ copied, copy }) => (
              <Button variant="default" size="sm" onClick={copy}>
                {copied
                  ? t("members.temporaryPassword.copied")
                  : t("members.temporaryPassword.copy")}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Text fw={600}>{t("members.temporaryPassword.note")}</Text>
        <Group>
          <Button variant="light" size="sm" onClick={onDismiss}>
            {t("members.temporaryPassword.dismiss")}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
