import { zodResolver } from "@hookform/resolvers/zod";
import {
  Alert,
  Button,
  Checkbox,
  Code,
  CopyButton,
  Group,
  Modal,
  Radio,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { Controller, useForm, useWatch } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import {
  MEDCARD_SHARE_MAX_HOURS,
  MEDCARD_SHARE_MIN_HOURS,
  type MedcardShareCreated,
  type MedcardShareInput,
  type MedcardView,
} from "../../../common/medcard/medcard.schema.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { controlledFieldProps } from "../../ui/form-field.ts";
import { IconAlert } from "../../ui/icons.tsx";
import { describeError } from "../../ui/server-errors.ts";
import { forgetSessionOn401 } from "../identity/session.ts";
import { createShare, medcardQueryKeys } from "./medcard.api.ts";
import { documentsInOrder, moscowDayAndTime } from "./medcard-format.ts";

/** «Срок доступа»'s ready choices, in hours: 1 час, 1 день, 3 дня, 7 дней, 30 дней. */
export const SHARE_HOURS = ["1", "24", "72", "168", "720"] as const;

interface Messages {
  customHours: string;
  chooseDocument: string;
}

function shareFormSchema(messages: Messages) {
  return z
    .object({
      hours: z.enum([...SHARE_HOURS, "custom"]),
      customHours: z.string(),
      scope: z.enum(["card", "documents"]),
      documentIds: z.array(z.string()),
    })
    .superRefine((values, context) => {
      if (values.hours === "custom") {
        const hours = Number(values.customHours.trim());
        if (
          !/^\d+$/.test(values.customHours.trim()) ||
          hours < MEDCARD_SHARE_MIN_HOURS ||
          hours > MEDCARD_SHARE_MAX_HOURS
        ) {
          context.addIssue({
            code: "custom",
            path: ["customHours"],
            message: messages.customHours,
          });
        }
      }
      if (values.scope === "documents" && values.documentIds.length === 0) {
        context.addIssue({
          code: "custom",
          path: ["documentIds"],
          message: messages.chooseDocument,
        });
      }
    })
    .transform(
      (values): MedcardShareInput => ({
        hours: Number(values.hours === "custom" ? values.customHours.trim() : values.hours),
        scope: values.scope,
        ...(values.scope === "documents" ? { documentIds: values.documentIds } : {}),
      }),
    );
}
type ShareFields = z.input<ReturnType<typeof shareFormSchema>>;

/** The link and the code of a new share: shown here, this once; the server keeps only hashes. */
function CreatedShare({ share, onDone }: { share: MedcardShareCreated; onDone: () => void }) {
  const { t } = useTranslation("medcard");
  const titleRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => titleRef.current?.focus(), []);
  const until = moscowDayAndTime(share.expiresAt);
  return (
    <Stack gap="md">
      <Title order={2} fz="h4" ref={titleRef} tabIndex={-1}>
        {t("share.createdTitle")}
      </Title>
      <TextInput
        label={t("share.link")}
        value={share.url}
        readOnly
        onFocus={(e) => e.currentTarget.select()}
      />
      <CopyButton value={share.url}>
        {({ copied, copy }) => (
          <Button variant="light" onClick={copy} style={{ alignSelf: "flex-start" }}>
            {copied ? t("share.copied") : t("share.copy")}
          </Button>
        )}
      </CopyButton>
      <Stack gap={4}>
        <Text fw={600}>{t("share.code")}</Text>
        <Code fz={28} px="md" py="xs" style={{ letterSpacing: "0.2em", alignSelf: "flex-start" }}>
          {share.code}
        </Code>
      </Stack>
      <Text>{t("share.validUntil", until)}</Text>
      <Alert color="yellow" variant="light" icon={<IconAlert size={20} />} role="status">
        <Text c="dark.9">{t("share.onceWarning")}</Text>
      </Alert>
      <Button onClick={onDone} style={{ alignSelf: "flex-end" }}>
        {t("share.done")}
      </Button>
    </Stack>
  );
}

/**
 * «Показать врачу»: how long the link works (an hour to 30 days) and what it shows (the whole
 * card or chosen documents); «Создать ссылку» then shows the link and the 6-digit code once.
 */
export function ShareDialog({ view, onClose }: { view: MedcardView; onClose: () => void }) {
  const { t } = useTranslation("medcard");
  const { t: tCommon } = useTranslation("common");
  const queryClient = useQueryClient();
  const cardId = view.card.id;
  const form = useForm<ShareFields, unknown, MedcardShareInput>({
    resolver: zodResolver(
      shareFormSchema({
        customHours: t("share.customHoursHint"),
        chooseDocument: t("share.chooseDocument"),
      }),
    ),
    defaultValues: { hours: "24", customHours: "", scope: "card", documentIds: [] },
  });
  const [hours, scope] = useWatch({ control: form.control, name: ["hours", "scope"] });
  const create = useMutation({
    mutationFn: (input: MedcardShareInput) => createShare(cardId, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: medcardQueryKeys.shares(cardId) }),
    onError: (error) => forgetSessionOn401(queryClient, error),
  });
  const documents = documentsInOrder(view.documents);

  return (
    <Modal
      opened
      onClose={onClose}
      title={t("share.title")}
      closeButtonProps={{ "aria-label": t("share.close") }}
      centered
    >
      {create.data ? (
        <CreatedShare share={create.data} onDone={onClose} />
      ) : (
        <form onSubmit={form.handleSubmit((input) => create.mutate(input))} noValidate>
          <Stack gap="md">
            <Text>{t("share.intro")}</Text>
            {create.isError ? (
              <FormAlert title={t("share.failedTitle")}>
                {describeError(create.error, tCommon)}
              </FormAlert>
            ) : null}
            <Controller
              control={form.control}
              name="hours"
              render={({ field }) => (
                <Radio.Group label={t("share.hours")} value={field.value} onChange={field.onChange}>
                  <Stack gap="xs" mt="xs">
                    {[...SHARE_HOURS, "custom" as const].map((option) => (
                      <Radio
                        key={option}
                        value={option}
                        label={t(`share.hoursOptions.${option}`)}
                      />
                    ))}
                  </Stack>
                </Radio.Group>
              )}
            />
            {hours === "custom" ? (
              <Controller
                control={form.control}
                name="customHours"
                render={({ field, fieldState }) => (
                  <TextInput
                    {...field}
                    label={t("share.customHours")}
                    description={t("share.customHoursHint")}
                    inputMode="numeric"
                    maxLength={3}
                    required
                    {...controlledFieldProps(fieldState)}
                  />
                )}
              />
            ) : null}
            <Controller
              control={form.control}
              name="scope"
              render={({ field }) => (
                <Radio.Group label={t("share.scope")} value={field.value} onChange={field.onChange}>
                  <Stack gap="xs" mt="xs">
                    <Radio value="card" label={t("share.scopeCard")} />
                    <Radio value="documents" label={t("share.scopeDocuments")} />
                  </Stack>
                </Radio.Group>
              )}
            />
            {scope === "documents" ? (
              documents.length === 0 ? (
                <Text c="dimmed">{t("share.noDocuments")}</Text>
              ) : (
                <Controller
                  control={form.control}
                  name="documentIds"
                  render={({ field, fieldState }) => (
                    <Checkbox.Group
                      label={t("share.documents")}
                      value={field.value}
                      onChange={field.onChange}
                      {...controlledFieldProps(fieldState)}
                    >
                      <Stack gap="xs" mt="xs">
                        {documents.map((document) => (
                          <Checkbox key={document.id} value={document.id} label={document.title} />
                        ))}
                      </Stack>
                    </Checkbox.Group>
                  )}
                />
              )
            ) : null}
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={onClose}>
                {t("share.cancel")}
              </Button>
              <Button
                type="submit"
                loading={create.isPending}
                disabled={scope === "documents" && documents.length === 0}
              >
                {t("share.create")}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
