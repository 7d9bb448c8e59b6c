import { zodResolver } from "@hookform/resolvers/zod";
import {
  Button,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  TextInput,
  Title,
} from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import {
  type CreateStaffMember,
  createStaffMemberSchema,
  staffRoles,
} from "../../../common/staff/staff-auth.schema.ts";
import { ApiError } from "../../ui/api.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { bindField } from "../../ui/form-field.ts";
import { describeProblem, focusFirstInvalid, placeProblem } from "../../ui/problem-errors.ts";
import { useFallbackMessages } from "../errors.ts";
import { createMember, type MemberWithPassword, storeMember } from "./members.api.ts";

type CreateBody = z.output<typeof createStaffMemberSchema>;

const fieldNames = ["fullName", "email", "role", "specialty"] as const;
const emptyValues: CreateStaffMember = { fullName: "", email: "", role: "operator", specialty: "" };

/** «Новый сотрудник»: the account starts with a temporary password, shown to the admin once. */
export function NewMemberForm({ onCreated }: { onCreated: (answer: MemberWithPassword) => void }) {
  const { t } = useTranslation("staffMembers");
  const { t: ts } = useTranslation("staff");
  const messages = useFallbackMessages();
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);

  const form = useForm<CreateStaffMember, unknown, CreateBody>({
    resolver: zodResolver(createStaffMemberSchema),
    shouldFocusError: false,
    defaultValues: emptyValues,
  });
  const { handleSubmit, setError, setFocus, reset } = form;

  const create = useMutation({ mutationFn: createMember });

  const onSubmit = handleSubmit(
    async (values) => {
      setFormError(null);
      try {
        const answer = await create.mutateAsync(values);
        storeMember(queryClient, answer.member);
        reset(emptyValues);
        onCreated(answer);
      } catch (error) {
        // A conflict here can only be the e-mail, which belongs to another account already.
        if (error instanceof ApiError && error.status === 409 && error.fieldErrors.length === 0) {
          setError(
            "email",
            { type: "server", message: describeProblem(error, messages) },
            { shouldFocus: true },
          );
          return;
        }
        setFormError(
          placeProblem(
            error,
            fieldNames,
            (name, message, focus) =>
              setError(name, { type: "server", message }, { shouldFocus: focus }),
            messages,
          ),
        );
      }
    },
    (invalid) => focusFirstInvalid(invalid, fieldNames, setFocus),
  );

  return (
    <Paper withBorder radius="lg" p={{ base: "md", sm: "lg" }} component="section">
      <form onSubmit={onSubmit} noValidate aria-labelledby="new-member-title">
        <Stack gap="md">
          <Title order={2} fz="h3" id="new-member-title">
            {t("members.create.title")}
          </Title>
          {formError ? (
            <FormAlert title={t("members.create.errorTitle")}>{formError}</FormAlert>
          ) : null}
          <SimpleGrid cols={{ base: 1, md: 2, lg: 4 }} spacing="md">
            <TextInput
              label={t("members.create.fullName")}
              placeholder={t("members.create.fullNamePlaceholder")}
              autoComplete="off"
              {...bindField(form, "fullName")}
            />
            <TextInput
              type="email"
              label={t("members.create.email")}
              placeholder={t("members.create.emailPlaceholder")}
              autoComplete="off"
              inputMode="email"
              spellCheck={false}
              {...bindField(form, "email")}
            />
            <NativeSelect
              size="md"
              label={t("members.create.role")}
              data={staffRoles.map((role) => ({ value: role, label: ts(`roles.${role}`) }))}
              {...bindField(form, "role")}
            />
            <TextInput
              label={t("members.create.specialty")}
              placeholder={t("members.create.specialtyPlaceholder")}
              autoComplete="off"
              {...bindField(form, "specialty")}
            />
          </SimpleGrid>
          <Group>
            <Button type="submit" loading={create.isPending}>
              {t("members.create.submit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
