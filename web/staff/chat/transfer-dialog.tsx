import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Group, Modal, NativeSelect, Stack, Text, Textarea } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import {
  type ChatDoctor,
  type ChatTransferRequest,
  chatTransferRequestSchema,
  type StaffChat,
} from "../../../common/chat/chat.schema.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { bindField } from "../../ui/form-field.ts";
import { PageLoader } from "../../ui/page-loader.tsx";
import { focusFirstInvalid, placeProblem } from "../../ui/problem-errors.ts";
import { LoadFailed } from "../../ui/query-states.tsx";
import { forgetStaffSessionOn401, useSignedInStaff } from "../auth/staff-session.ts";
import { useFallbackMessages } from "../errors.ts";
import { chatDoctorsQuery, holdReadsWhileChanging, refreshChat, transferChat } from "./chat.api.ts";

const fieldNames = ["toDoctorId", "note"] as const;
type FieldName = (typeof fieldNames)[number];
type TransferBody = z.output<typeof chatTransferRequestSchema>;

/** «Передать»: another doctor takes the chat over, with a note of what is handed over. */
export function TransferDialog({
  chat,
  opened,
  onClose,
  onTransferred,
}: {
  chat: StaffChat;
  opened: boolean;
  onClose: () => void;
  /** With the chat as the server answered (another doctor's now). */
  onTransferred: (to: ChatDoctor, chat: StaffChat) => void;
}) {
  const { t } = useTranslation("staffChat");
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t("transfer.title")}
      closeButtonProps={{ "aria-label": t("common.cancel") }}
      centered
    >
      {opened ? <WithDoctors chat={chat} onCancel={onClose} onTransferred={onTransferred} /> : null}
    </Modal>
  );
}

function WithDoctors(props: {
  chat: StaffChat;
  onCancel: () => void;
  onTransferred: (to: ChatDoctor, chat: StaffChat) => void;
}) {
  const { t } = useTranslation("staffChat");
  const staff = useSignedInStaff();
  const doctors = useQuery(chatDoctorsQuery());
  if (doctors.isError) return <LoadFailed title={t("transfer.doctorsFailed")} query={doctors} />;
  if (!doctors.data) return <PageLoader label={t("transfer.loading")} />;
  const others = doctors.data.doctors.filter(
    (doctor) => doctor.id !== staff.id && doctor.id !== props.chat.doctor?.id,
  );
  if (others.length === 0) return <Text>{t("transfer.nobody")}</Text>;
  return <TransferForm {...props} doctors={others} />;
}

function TransferForm({
  chat,
  doctors,
  onCancel,
  onTransferred,
}: {
  chat: StaffChat;
  doctors: ChatDoctor[];
  onCancel: () => void;
  onTransferred: (to: ChatDoctor, chat: StaffChat) => void;
}) {
  const { t } = useTranslation("staffChat");
  const messages = useFallbackMessages();
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<ChatTransferRequest, unknown, TransferBody>({
    resolver: zodResolver(chatTransferRequestSchema),
    shouldFocusError: false,
    defaultValues: { toDoctorId: "", note: "" },
  });
  const transfer = useMutation({ mutationFn: (body: TransferBody) => transferChat(chat.id, body) });
  const onSubmit = form.handleSubmit(
    async (body) => {
      setFormError(null);
      const release = holdReadsWhileChanging(chat.id);
      try {
        const moved = await transfer.mutateAsync(body);
        const to = doctors.find((doctor) => doctor.id === body.toDoctorId);
        if (to) onTransferred(to, moved);
      } catch (error) {
        forgetStaffSessionOn401(queryClient, error);
        setFormError(
          placeProblem(
            error,
            fieldNames,
            (name: FieldName, message, focus) =>
              form.setError(name, { type: "server", message }, { shouldFocus: focus }),
            messages,
          ),
        );
      } finally {
        release();
        await refreshChat(queryClient, chat.id);
      }
    },
    (invalid) => focusFirstInvalid(invalid, fieldNames, form.setFocus),
  );
  const label = (doctor: ChatDoctor) =>
    doctor.specialty
      ? t("thread.nameWithSpecialty", { name: doctor.name, specialty: doctor.specialty })
      : doctor.name;

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        <Text fz="sm">{t("transfer.intro", { person: chat.personName })}</Text>
        {formError ? <FormAlert title={t("transfer.failedTitle")}>{formError}</FormAlert> : null}
        <NativeSelect
          label={t("transfer.doctor")}
          data={[
            { value: "", label: t("transfer.choose") },
            ...doctors.map((doctor) => ({ value: doctor.id, label: label(doctor) })),
          ]}
          {...bindField(form, "toDoctorId")}
        />
        <Textarea
          label={t("transfer.note")}
          description={t("transfer.noteHint")}
          autosize
          minRows={3}
          maxRows={8}
          {...bindField(form, "note")}
        />
        <Group gap="sm" justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={transfer.isPending}>
            {t("transfer.submit")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
