import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Group, Modal, Stack, Text, TextInput } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { type StaffMember, staffSpecialtySchema } from "../../../common/staff/staff-auth.schema.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { bindField } from "../../ui/form-field.ts";
import { placeProblem } from "../../ui/problem-errors.ts";
import { forgetStaffSessionOn401 } from "../auth/staff-session.ts";
import { useFallbackMessages } from "../errors.ts";
import { setMemberSpecialty, storeMember } from "./members.api.ts";

type SpecialtyValues = z.input<typeof staffSpecialtySchema>;
type SpecialtyBody = z.output<typeof staffSpecialtySchema>;

/** A member's «Специальность» in the list, with «Изменить специальность» and its dialog. */
export function SpecialtyCell({ member }: { member: StaffMember }) {
  const { t } = useTranslation("staffMembers");
  const [opened, setOpened] = useState(false);
  return (
    <Stack gap={4} align="flex-start">
      <Text fz="sm" c={member.specialty ? undefined : "dimmed"}>
        {member.specialty || t("members.noSpecialty")}
      </Text>
      <Button size="compact-xs" variant="subtle" onClick={() => setOpened(true)}>
        {t("members.editSpecialty")}
        <span className="visually-hidden">{` — ${member.fullName}`}</span>
      </Button>
      <Modal
        opened={opened}
        onClose={() => setOpened(false)}
        title={t("members.specialtyDialog.title")}
        closeButtonProps={{ "aria-label": t("members.specialtyDialog.cancel") }}
        centered
      >
        {opened ? <SpecialtyForm member={member} onDone={() => setOpened(false)} /> : null}
      </Modal>
    </Stack>
  );
}

function SpecialtyForm({ member, onDone }: { member: StaffMember; onDone: () => void }) {
  const { t } = useTranslation("staffMembers");
  const messages = useFallbackMessages();
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<SpecialtyValues, unknown, SpecialtyBody>({
    resolver: zodResolver(staffSpecialtySchema),
    defaultValues: { specialty: member.specialty ?? "" },
  });
  const save = useMutation({
    mutationFn: (body: SpecialtyBody) => setMemberSpecialty(member.id, body),
  });
  const onSubmit = form.handleSubmit(async (body) => {
    setFormError(null);
    try {
      storeMember(queryClient, await save.mutateAsync(body));
      onDone();
    } catch (error) {
      forgetStaffSessionOn401(queryClient, error);
      setFormError(
        placeProblem(
          error,
          ["specialty"] as const,
          (name, message, focus) =>
            form.setError(name, { type: "server", message }, { shouldFocus: focus }),
          messages,
        ),
      );
    }
  });
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        <Text fz="sm">{t("members.specialtyDialog.intro", { name: member.fullName })}</Text>
        {formError ? (
          <FormAlert title={t("members.specialtyDialog.failed")}>{formError}</FormAlert>
        ) : null}
        <TextInput
          label={t("members.specialtyDialog.field")}
          description={t("members.specialtyDialog.hint")}
          autoComplete="off"
          data-autofocus
          {...bindField(form, "specialty")}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone}>
            {t("members.specialtyDialog.cancel")}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {t("members.specialtyDialog.save")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
