import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Group, Modal, Radio, Select, Stack, Text, Textarea } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Controller, type Resolver, useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import {
  type ChatOutcome,
  chatCloseRequestSchema,
  chatOutcomeSchema,
  type StaffChat,
} from "../../../common/chat/chat.schema.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { bindField, controlledFieldProps } from "../../ui/form-field.ts";
import { focusFirstInvalid, placeProblem } from "../../ui/problem-errors.ts";
import { forgetStaffSessionOn401 } from "../auth/staff-session.ts";
import { useFallbackMessages } from "../errors.ts";
import {
  chatSpecialtiesQuery,
  closeChat,
  holdReadsWhileChanging,
  refreshChat,
} from "./chat.api.ts";

const fieldNames = ["outcome", "specialtyId", "conclusion"] as const;
type FieldName = (typeof fieldNames)[number];

interface CloseValues {
  /** "" until the doctor chooses. */
  outcome: ChatOutcome | "";
  /** One of GET /api/staff/chat-specialties; "" until chosen. */
  specialtyId: string;
  conclusion: string;
}
type CloseBody = z.output<typeof chatCloseRequestSchema>;

/**
 * The API's own rules (common/chat/chat.schema.ts), with one Russian sentence for an outcome not
 * chosen yet, which the enum alone would word in English.
 */
function useCloseResolver(): Resolver<CloseValues, unknown, CloseBody> {
  const { t } = useTranslation("staffChat");
  const shared = zodResolver(chatCloseRequestSchema) as unknown as Resolver<
    CloseValues,
    unknown,
    CloseBody
  >;
  return async (values, context, options) => {
    const result = await shared(values, context, options);
    if (values.outcome === "" && result.errors.outcome) {
      result.errors.outcome = { type: "required", message: t("close.outcomeRequired") };
    }
    return result;
  };
}

/** «Завершить консультацию»: the outcome, the specialty for an in-person visit, «Заключение». */
export function CloseChatDialog({
  chat,
  opened,
  onClose,
  onClosed,
}: {
  chat: StaffChat;
  opened: boolean;
  onClose: () => void;
  onClosed: (chat: StaffChat) => void;
}) {
  const { t } = useTranslation("staffChat");
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t("close.title")}
      closeButtonProps={{ "aria-label": t("common.cancel") }}
      size="lg"
      centered
    >
      {opened ? <CloseForm chat={chat} onCancel={onClose} onClosed={onClosed} /> : null}
    </Modal>
  );
}

export function CloseForm({
  chat,
  onCancel,
  onClosed,
}: {
  chat: StaffChat;
  onCancel: () => void;
  onClosed: (chat: StaffChat) => void;
}) {
  const { t } = useTranslation("staffChat");
  const messages = useFallbackMessages();
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<CloseValues, unknown, CloseBody>({
    resolver: useCloseResolver(),
    shouldFocusError: false,
    defaultValues: { outcome: "", specialtyId: "", conclusion: "" },
  });
  const { control, handleSubmit, setError, setFocus, watch } = form;
  const outcome = watch("outcome");
  const specialties = useQuery({ ...chatSpecialtiesQuery(), enabled: outcome === "in_person" });
  const close = useMutation({
    mutationFn: (body: CloseBody) => closeChat(chat.id, body),
  });

  const onSubmit = handleSubmit(
    async (body) => {
      setFormError(null);
      const release = holdReadsWhileChanging(chat.id);
      try {
        // A specialty chosen before another outcome was picked is not sent.
        const { specialtyId, ...rest } = body;
        const closed = await close.mutateAsync(
          body.outcome === "in_person" ? { ...rest, specialtyId } : rest,
        );
        onClosed(closed);
      } catch (error) {
        forgetStaffSessionOn401(queryClient, error);
        setFormError(
          placeProblem(
            error,
            fieldNames,
            (name: FieldName, message, focus) =>
              setError(name, { type: "server", message }, { shouldFocus: focus }),
            messages,
          ),
        );
      } finally {
        release();
        await refreshChat(queryClient, chat.id);
      }
    },
    (invalid) => focusFirstInvalid(invalid, fieldNames, setFocus),
  );

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        <Text fz="sm">
          {t("close.about", { person: chat.personName, contract: chat.contractNumber })}
        </Text>
        <Text fz="sm" c="dimmed">
          {t("close.intro")}
        </Text>
        {formError ? <FormAlert title={t("close.failedTitle")}>{formError}</FormAlert> : null}
        <Controller
          control={control}
          name="outcome"
          render={({ field, fieldState }) => (
            <Radio.Group
              label={t("close.outcome")}
              value={field.value}
              onChange={(value) => field.onChange(value)}
              name={field.name}
              {...controlledFieldProps(fieldState)}
            >
              <Stack gap="xs" mt="xs">
                {chatOutcomeSchema.options.map((option, index) => (
                  <Radio
                    key={option}
                    value={option}
                    label={t(`outcome.${option}`)}
                    onBlur={field.onBlur}
                    // setFocus("outcome") lands on the first choice.
                    ref={index === 0 ? field.ref : undefined}
                  />
                ))}
              </Stack>
            </Radio.Group>
          )}
        />
        {outcome === "in_person" ? (
          <Controller
            control={control}
            name="specialtyId"
            render={({ field, fieldState }) => (
              <Select
                size="sm"
                label={t("close.specialty")}
                description={
                  specialties.isError
                    ? t("close.specialtiesFailed")
                    : specialties.data
                      ? t("close.specialtyHint")
                      : t("close.specialtiesLoading")
                }
                placeholder={t("close.specialtyPlaceholder")}
                nothingFoundMessage={t("close.specialtyNotFound")}
                searchable
                data={(specialties.data?.specialties ?? []).map((specialty) => ({
                  value: specialty.id,
                  label: specialty.name,
                }))}
                value={field.value === "" ? null : field.value}
                onChange={(value) => field.onChange(value ?? "")}
                onBlur={field.onBlur}
                name={field.name}
                ref={field.ref}
                {...controlledFieldProps(fieldState)}
              />
            )}
          />
        ) : null}
        <Textarea
          label={t("close.conclusion")}
          description={t("close.conclusionHint")}
          autosize
          minRows={4}
          maxRows={12}
          {...bindField(form, "conclusion")}
        />
        <Group gap="sm" justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={close.isPending}>
            {t("close.submit")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
