import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Checkbox, Fieldset, Group, Stack, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Controller, type FieldPath, useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import {
  CONFIGURABLE_NOTIFICATION_KINDS,
  type NotificationChannel,
  type NotificationPreferences,
  notificationChannelSchema,
  notificationPreferencesSchema,
} from "../../../common/notifications/notifications.schema.ts";
import { ApiError } from "../../ui/api.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { bindField, controlledFieldProps } from "../../ui/form-field.ts";
import { PageLoader } from "../../ui/page-loader.tsx";
import { describeError } from "../../ui/server-errors.ts";
import { forgetSessionOn401 } from "../identity/session.ts";
import { useBackTo } from "../shell/back-link.tsx";
import { Page } from "../shell/page.tsx";
import { preferencesQuery, savePreferences } from "./notifications.api.ts";
import { PushSettings } from "./push-settings.tsx";

const CHANNELS: readonly NotificationChannel[] = notificationChannelSchema.options;

/** The server's preferences in the order the page shows the kinds, each kind once. */
function inPageOrder(preferences: NotificationPreferences): NotificationPreferences {
  return {
    quietHours: preferences.quietHours,
    kinds: CONFIGURABLE_NOTIFICATION_KINDS.map(
      (kind) =>
        preferences.kinds.find((entry) => entry.kind === kind) ?? {
          kind,
          sms: false,
          email: false,
          push: false,
        },
    ),
  };
}

type FormPath = FieldPath<NotificationPreferences>;

/** The form's field a server error names (`quietHours.start`, `kinds.3.sms`), if any. */
function formPathOf(field: string, values: NotificationPreferences): FormPath | null {
  const path = field.replace(/^body\./, "");
  if (path === "quietHours") return "quietHours.end";
  if (/^quietHours\.(enabled|start|end)$/.test(path)) return path as FormPath;
  const kind = /^kinds\.(\d+)\.(sms|email|push)$/.exec(path);
  if (kind && Number(kind[1]) < values.kinds.length) return path as FormPath;
  return null;
}

function PreferencesForm({ initial }: { initial: NotificationPreferences }) {
  const { t } = useTranslation("notifications");
  const { t: tCommon } = useTranslation("common");
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const save = useMutation({ mutationFn: savePreferences });
  const form = useForm<NotificationPreferences>({
    resolver: zodResolver(notificationPreferencesSchema),
    defaultValues: initial,
  });
  const quietOn = form.watch("quietHours.enabled");

  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    setSaved(false);
    try {
      const answer = inPageOrder(await save.mutateAsync(values));
      queryClient.setQueryData(preferencesQuery.queryKey, answer);
      form.reset(answer);
      setSaved(true);
    } catch (error) {
      forgetSessionOn401(queryClient, error);
      const unplaced: string[] = [];
      let focused = false;
      for (const { field, message } of error instanceof ApiError ? error.fieldErrors : []) {
        const path = formPathOf(field, values);
        if (path) {
          form.setError(path, { type: "server", message }, { shouldFocus: !focused });
          focused = true;
        } else {
          unplaced.push(message);
        }
      }
      if (unplaced.length > 0) setFormError(unplaced.join(" "));
      else if (!focused) setFormError(describeError(error, tCommon));
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="channels-title">
      <Stack gap="md">
        <Title order={2} fz="h4" id="channels-title">
          {t("settings.channelsTitle")}
        </Title>
        {initial.kinds.map((entry, index) => (
          <Fieldset
            key={entry.kind}
            legend={t(`settings.kinds.${entry.kind}`)}
            radius="md"
            styles={{ legend: { fontWeight: 600 } }}
          >
            <Group gap="lg">
              {CHANNELS.map((channel) => (
                <Controller
                  key={channel}
                  control={form.control}
                  name={`kinds.${index}.${channel}`}
                  render={({ field, fieldState }) => (
                    <Checkbox
                      ref={field.ref}
                      name={field.name}
                      checked={field.value}
                      onChange={(event) => field.onChange(event.currentTarget.checked)}
                      onBlur={field.onBlur}
                      label={t(`settings.channels.${channel}`)}
                      size="md"
                      {...controlledFieldProps(fieldState)}
                    />
                  )}
                />
              ))}
            </Group>
          </Fieldset>
        ))}
        <Text fz="sm">{t("settings.security")}</Text>

        <Fieldset
          legend={t("settings.quiet.title")}
          radius="md"
          styles={{ legend: { fontWeight: 600 } }}
        >
          <Stack gap="sm">
            <Controller
              control={form.control}
              name="quietHours.enabled"
              render={({ field, fieldState }) => (
                <Checkbox
                  ref={field.ref}
                  name={field.name}
                  checked={field.value}
                  onChange={(event) => field.onChange(event.currentTarget.checked)}
                  onBlur={field.onBlur}
                  label={t("settings.quiet.enabled")}
                  size="md"
                  {...controlledFieldProps(fieldState)}
                />
              )}
            />
            <Group gap="md" grow preventGrowOverflow={false} maw={320}>
              <TextInput
                type="time"
                label={t("settings.quiet.start")}
                disabled={!quietOn}
                {...bindField(form, "quietHours.start")}
              />
              <TextInput
                type="time"
                label={t("settings.quiet.end")}
                disabled={!quietOn}
                {...bindField(form, "quietHours.end")}
              />
            </Group>
            <Text fz="sm" c="dimmed">
              {t("settings.quiet.hint")}
            </Text>
            <Text fz="sm">{t("settings.quiet.exception")}</Text>
          </Stack>
        </Fieldset>

        {formError ? <FormAlert title={t("settings.errorTitle")}>{formError}</FormAlert> : null}
        {saved ? <FormAlert tone="success">{t("settings.saved")}</FormAlert> : null}
        <Button type="submit" loading={save.isPending} style={{ alignSelf: "flex-start" }}>
          {t("settings.save")}
        </Button>
      </Stack>
    </form>
  );
}

/** «Уведомления» in «Профиль»: channels for each kind, «Не беспокоить», and push on this device. */
export function NotificationSettingsPage() {
  const { t } = useTranslation("notifications");
  const { t: tCabinet } = useTranslation("cabinet");
  const back = useBackTo({ to: "/cabinet/profile", label: tCabinet("profile.title") });
  const { t: tCommon } = useTranslation("common");
  const queryClient = useQueryClient();
  const preferences = useQuery(preferencesQuery);
  useEffect(() => {
    if (preferences.error) forgetSessionOn401(queryClient, preferences.error);
  }, [preferences.error, queryClient]);

  return (
    <Page documentTitle={t("settings.pageTitle")} title={t("settings.title")} back={back}>
      <Text>{t("settings.intro")}</Text>
      <PushSettings />
      {preferences.isPending ? <PageLoader label={t("settings.loading")} /> : null}
      {preferences.isError ? (
        <Stack gap="md" align="flex-start">
          <FormAlert title={t("settings.failedTitle")} w="100%">
            {describeError(preferences.error, tCommon)}
          </FormAlert>
          <Button
            variant="light"
            onClick={() => void preferences.refetch()}
            loading={preferences.isFetching}
          >
            {t("settings.retry")}
          </Button>
        </Stack>
      ) : null}
      {preferences.isSuccess ? <PreferencesForm initial={inPageOrder(preferences.data)} /> : null}
    </Page>
  );
}
