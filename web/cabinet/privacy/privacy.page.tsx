import { Anchor, Paper, Stack, Text, Title } from "@mantine/core";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { Page } from "../shell/page.tsx";
import { AccountDeletionSection } from "./account-deletion-section.tsx";
import { ConsentsSection } from "./consents-section.tsx";
import { PrivacyRequestsSection } from "./privacy-requests-section.tsx";

/** «Профиль» → «Мои данные и согласия» (152-FZ): consents, the export, requests, deletion. */
export function PrivacyPage() {
  const { t } = useTranslation("dataRights");
  const { t: tCabinet } = useTranslation("cabinet");
  const [deleting, setDeleting] = useState(false);
  const deletionStart = useRef<HTMLButtonElement>(null);

  // Withdrawing the personal-data consent is closing the account: its steps open below.
  const openDeletion = () => {
    setDeleting(true);
    requestAnimationFrame(() =>
      document
        .getElementById("deletion-title")
        ?.scrollIntoView({ behavior: "smooth", block: "start" }),
    );
  };

  return (
    <Page
      documentTitle={t("pageTitle")}
      title={t("title")}
      back={{ to: "/cabinet/profile", label: tCabinet("profile.title") }}
    >
      <Text>{t("intro")}</Text>
      <ConsentsSection onDeleteAccount={openDeletion} />
      <Paper withBorder radius="lg" p="md" component="section" aria-labelledby="export-title">
        <Stack gap="xs">
          <Title order={2} fz="h3" id="export-title">
            {t("export.title")}
          </Title>
          <Text fz="sm">{t("export.text")}</Text>
          <Anchor component={Link} to="/cabinet/profile/export" fw={600}>
            {t("export.link")}
          </Anchor>
        </Stack>
      </Paper>
      <PrivacyRequestsSection />
      <AccountDeletionSection
        ref={deletionStart}
        open={deleting}
        onOpenChange={(open) => {
          setDeleting(open);
          if (!open) requestAnimationFrame(() => deletionStart.current?.focus());
        }}
      />
    </Page>
  );
}
