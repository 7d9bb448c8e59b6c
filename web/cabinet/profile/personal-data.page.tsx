import { Button, Paper, Stack, Text, Title } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { formatRuDate } from "../../../common/format/date.ts";
import { formatPhone } from "../../../common/format/phone.ts";
import type { PersonalData } from "../../../common/identity/personal-data.schema.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { PageLoader } from "../../ui/page-loader.tsx";
import { LoadFailed } from "../../ui/query-states.tsx";
import { forgetSessionOn401 } from "../identity/session.ts";
import { Page } from "../shell/page.tsx";
import { personalDataQuery } from "./personal-data.api.ts";
import { EmailChange } from "./personal-data-email.tsx";
import { NameRequestForm } from "./personal-data-name.tsx";
import { PhoneChange } from "./personal-data-phone.tsx";
import { RequestStatus } from "./personal-data-request-status.tsx";

/** «Профиль» → «Личные данные»: the account's data, the e-mail and phone changes, the requests. */
export function PersonalDataPage() {
  const { t } = useTranslation("personal");
  const { t: tCabinet } = useTranslation("cabinet");
  const queryClient = useQueryClient();
  const query = useQuery(personalDataQuery());

  useEffect(() => {
    if (query.isError) forgetSessionOn401(queryClient, query.error);
  }, [query.isError, query.error, queryClient]);

  return (
    <Page
      documentTitle={t("personal.pageTitle")}
      title={t("personal.title")}
      back={{ to: "/cabinet/profile", label: tCabinet("profile.title") }}
    >
      {query.isPending ? <PageLoader label={t("personal.loading")} /> : null}
      {query.isError ? <LoadFailed title={t("personal.loadFailed")} query={query} /> : null}
      {query.isSuccess ? <PersonalDataSections data={query.data} /> : null}
    </Page>
  );
}

function Row({ label, value }: { label: string; value: string }) {
  return (
    <Stack gap={0} component="div">
      <Text component="dt" fz="sm" c="dimmed">
        {label}
      </Text>
      <Text component="dd" m={0} fw={500} style={{ overflowWrap: "anywhere" }}>
        {value}
      </Text>
    </Stack>
  );
}

function PersonalDataSections({ data }: { data: PersonalData }) {
  const { t } = useTranslation("personal");
  const [editingName, setEditingName] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const { profile, nameRequest, phoneRequest } = data;
  const namePending = nameRequest?.status === "pending";
  const phonePending = phoneRequest?.status === "pending";
  const done = (message: string) => setNotice(message);

  return (
    <>
      {notice ? <FormAlert tone="success">{notice}</FormAlert> : null}

      <Paper withBorder radius="lg" p="md" component="section" aria-labelledby="pd-name">
        <Stack gap="md">
          <Title order={2} fz="h3" id="pd-name">
            {t("personal.name.title")}
          </Title>
          <Stack gap="sm" component="dl" m={0}>
            <Row label={t("personal.fields.lastName")} value={profile.lastName} />
            <Row label={t("personal.fields.firstName")} value={profile.firstName} />
            <Row
              label={t("personal.fields.patronymic")}
              value={profile.patronymic ?? t("personal.noPatronymic")}
            />
            <Row label={t("personal.fields.birthDate")} value={formatRuDate(profile.birthDate)} />
          </Stack>
          <Text fz="sm" c="dimmed">
            {t("personal.name.why")}
          </Text>
          {nameRequest ? <RequestStatus request={nameRequest} /> : null}
          {editingName ? (
            <NameRequestForm
              profile={profile}
              onCancel={() => setEditingName(false)}
              onSent={() => {
                setEditingName(false);
                done(t("personal.name.sent"));
              }}
            />
          ) : namePending ? null : (
            <Button
              variant="default"
              onClick={() => {
                setNotice(null);
                setEditingName(true);
              }}
              style={{ alignSelf: "flex-start" }}
            >
              {t("personal.name.change")}
            </Button>
          )}
        </Stack>
      </Paper>

      <Paper withBorder radius="lg" p="md" component="section" aria-labelledby="pd-phone">
        <Stack gap="md">
          <Title order={2} fz="h3" id="pd-phone">
            {t("personal.phone.title")}
          </Title>
          <Stack gap="sm" component="dl" m={0}>
            <Row label={t("personal.fields.phone")} value={formatPhone(profile.phone)} />
          </Stack>
          <Text fz="sm" c="dimmed">
            {t("personal.phone.why")}
          </Text>
          {phoneRequest ? <RequestStatus request={phoneRequest} /> : null}
          <PhoneChange currentPhone={profile.phone} canRequest={!phonePending} onDone={done} />
        </Stack>
      </Paper>

      <Paper withBorder radius="lg" p="md" component="section" aria-labelledby="pd-email">
        <Stack gap="md">
          <Title order={2} fz="h3" id="pd-email">
            {t("personal.email.title")}
          </Title>
          <Stack gap="sm" component="dl" m={0}>
            <Row label={t("personal.fields.email")} value={profile.email} />
          </Stack>
          <EmailChange onDone={done} />
        </Stack>
      </Paper>
    </>
  );
}
