import { zodResolver } from "@hookform/resolvers/zod";
import {
  Button,
  Group,
  Modal,
  Paper,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import {
  type ChatTemplate,
  type ChatTemplateInput,
  chatTemplateInputSchema,
} from "../../../common/chat/chat.schema.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { bindField } from "../../ui/form-field.ts";
import { PageLoader } from "../../ui/page-loader.tsx";
import { describeProblem, focusFirstInvalid, placeProblem } from "../../ui/problem-errors.ts";
import { LoadFailed } from "../../ui/query-states.tsx";
import { forgetStaffSessionOn401 } from "../auth/staff-session.ts";
import { useFallbackMessages } from "../errors.ts";
import {
  chatTemplatesKey,
  chatTemplatesQuery,
  createTemplate,
  deleteTemplate,
  updateTemplate,
} from "./chat.api.ts";
import classes from "./chat.module.css";

const fieldNames = ["title", "body"] as const;
type FieldName = (typeof fieldNames)[number];
type TemplateBody = z.output<typeof chatTemplateInputSchema>;

/** «Шаблоны ответов»: the doctors' shared replies, to insert into the message or to keep up. */
export function TemplatesButton({ onInsert }: { onInsert: (body: string) => void }) {
  const { t } = useTranslation("staffChat");
  const [opened, setOpened] = useState(false);
  return (
    <>
      <Button variant="default" onClick={() => setOpened(true)}>
        {t("templates.open")}
      </Button>
      <Modal
        opened={opened}
        onClose={() => setOpened(false)}
        title={t("templates.title")}
        closeButtonProps={{ "aria-label": t("templates.close") }}
        size="lg"
      >
        {opened ? (
          <Templates
            onInsert={(body) => {
              onInsert(body);
              setOpened(false);
            }}
          />
        ) : null}
      </Modal>
    </>
  );
}

/** "new": the empty form; a template: its edit form; null: no form open. */
type Editing = "new" | ChatTemplate | null;

function Templates({ onInsert }: { onInsert: (body: string) => void }) {
  const { t } = useTranslation("staffChat");
  const messages = useFallbackMessages();
  const queryClient = useQueryClient();
  const templates = useQuery(chatTemplatesQuery());
  const [editing, setEditing] = useState<Editing>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const remove = useMutation({
    mutationFn: (template: ChatTemplate) => deleteTemplate(template.id),
    onSuccess: (_data, template) => setNotice(t("templates.deleted", { title: template.title })),
    onError: (error) => forgetStaffSessionOn401(queryClient, error),
    onSettled: () => queryClient.invalidateQueries({ queryKey: chatTemplatesKey }),
  });

  if (templates.isError) return <LoadFailed title={t("templates.failed")} query={templates} />;
  if (!templates.data) return <PageLoader label={t("templates.loading")} />;
  const list = templates.data.templates;

  return (
    <Stack gap="md">
      <Text fz="sm">{t("templates.intro")}</Text>
      {notice ? <FormAlert tone="success">{notice}</FormAlert> : null}
      {remove.isError ? (
        <FormAlert title={t("templates.deleteFailed")}>
          {describeProblem(remove.error, messages)}
        </FormAlert>
      ) : null}
      {editing === null ? (
        <Group>
          <Button
            variant="default"
            onClick={() => {
              setNotice(null);
              setEditing("new");
            }}
          >
            {t("templates.new")}
          </Button>
        </Group>
      ) : (
        <TemplateForm
          key={editing === "new" ? "new" : editing.id}
          template={editing === "new" ? null : editing}
          onCancel={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            setNotice(t("templates.saved", { title: saved.title }));
          }}
        />
      )}
      {list.length === 0 ? <Text c="dimmed">{t("templates.empty")}</Text> : null}
      {list.length > 0 ? (
        <Stack component="ul" gap="sm" m={0} p={0} style={{ listStyle: "none" }}>
          {list.map((template) => {
            const titleId = `template-${template.id}`;
            const actionFor = <span className="visually-hidden">{` «${template.title}»`}</span>;
            return (
              <Paper component="li" key={template.id} withBorder p="sm" aria-labelledby={titleId}>
                <Stack gap="xs">
                  <Title order={3} fz="sm" id={titleId}>
                    {template.title}
                  </Title>
                  <Text fz="sm" className={classes.text} lineClamp={4}>
                    {template.body}
                  </Text>
                  <Group gap="xs">
                    <Button size="xs" onClick={() => onInsert(template.body)}>
                      {t("templates.insert")}
                      {actionFor}
                    </Button>
                    <Button
                      size="xs"
                      variant="default"
                      onClick={() => {
                        setNotice(null);
                        setEditing(template);
                      }}
                    >
                      {t("templates.edit")}
                      {actionFor}
                    </Button>
                    <Button
                      size="xs"
                      variant="default"
                      color="red"
                      loading={remove.isPending && remove.variables?.id === template.id}
                      onClick={() => {
                        setNotice(null);
                        if (
                          window.confirm(t("templates.confirmDelete", { title: template.title }))
                        ) {
                          remove.mutate(template);
                        }
                      }}
                    >
                      {t("templates.delete")}
                      {actionFor}
                    </Button>
                  </Group>
                </Stack>
              </Paper>
            );
          })}
        </Stack>
      ) : null}
    </Stack>
  );
}

function TemplateForm({
  template,
  onCancel,
  onSaved,
}: {
  template: ChatTemplate | null;
  onCancel: () => void;
  onSaved: (template: ChatTemplate) => void;
}) {
  const { t } = useTranslation("staffChat");
  const messages = useFallbackMessages();
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<ChatTemplateInput, unknown, TemplateBody>({
    resolver: zodResolver(chatTemplateInputSchema),
    shouldFocusError: false,
    defaultValues: { title: template?.title ?? "", body: template?.body ?? "" },
  });
  const save = useMutation({
    mutationFn: (body: TemplateBody) =>
      template ? updateTemplate(template.id, body) : createTemplate(body),
  });
  const onSubmit = form.handleSubmit(
    async (body) => {
      setFormError(null);
      try {
        const saved = await save.mutateAsync(body);
        await queryClient.invalidateQueries({ queryKey: chatTemplatesKey });
        onSaved(saved);
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
      }
    },
    (invalid) => focusFirstInvalid(invalid, fieldNames, form.setFocus),
  );
  const heading = template ? t("templates.editTitle") : t("templates.newTitle");
  return (
    <Paper withBorder p="sm" bg="gray.0">
      <form onSubmit={onSubmit} noValidate aria-label={heading}>
        <Stack gap="sm">
          <Title order={3} fz="sm">
            {heading}
          </Title>
          {formError ? <FormAlert title={t("templates.saveFailed")}>{formError}</FormAlert> : null}
          <TextInput size="sm" label={t("templates.fieldTitle")} {...bindField(form, "title")} />
          <Textarea
            label={t("templates.fieldBody")}
            autosize
            minRows={3}
            maxRows={8}
            {...bindField(form, "body")}
          />
          <Group gap="sm" justify="flex-end">
            <Button variant="default" onClick={onCancel}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t("templates.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
