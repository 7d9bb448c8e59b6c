import { Button, Group, Paper, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { type ServiceType, serviceTypeNameSchema } from "../../../common/appeals/appeals.schema.ts";
import { ApiError } from "../../ui/api.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { fieldErrorProps } from "../../ui/form-field.ts";
import { PageLoader } from "../../ui/page-loader.tsx";
import { describeProblem } from "../../ui/problem-errors.ts";
import { LoadFailed, StatusBadge } from "../../ui/query-states.tsx";
import { useFallbackMessages } from "../errors.ts";
import {
  addServiceType,
  allServiceTypesQuery,
  changeServiceType,
  serviceTypesKey,
} from "./service-types.api.ts";

/** The field's message from a refusal: the server's words on «name», or its detail. */
function useNameError() {
  const messages = useFallbackMessages();
  return (error: unknown) =>
    (error instanceof ApiError
      ? error.fieldErrors.find((e) => e.field === "name")?.message
      : undefined) ?? describeProblem(error, messages);
}

/** One name field with its button: «Добавить» or «Переименовать». */
function NameForm({
  label,
  submit,
  initial = "",
  onSave,
}: {
  label: string;
  submit: string;
  initial?: string;
  onSave: (name: string) => Promise<void>;
}) {
  const nameError = useNameError();
  const [name, setName] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({ mutationFn: onSave });

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = serviceTypeNameSchema.safeParse(name);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? null);
      return;
    }
    setError(null);
    try {
      await save.mutateAsync(parsed.data);
      setName(initial ? parsed.data : "");
    } catch (failure) {
      setError(nameError(failure));
    }
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Group align="flex-start" gap="sm" wrap="wrap">
        <TextInput
          label={label}
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          {...fieldErrorProps(error)}
          autoComplete="off"
          style={{ flex: "1 1 240px" }}
        />
        <Button type="submit" loading={save.isPending} mt={{ base: 0, xs: 25 }}>
          {submit}
        </Button>
      </Group>
    </form>
  );
}

/** «Виды услуг»: the admin's list the appeal form chooses from. */
export function ServiceTypesPage() {
  const { t } = useTranslation("staffServiceTypes");
  const { t: ts } = useTranslation("staff");
  const messages = useFallbackMessages();
  const queryClient = useQueryClient();
  const list = useQuery(allServiceTypesQuery());
  const [renaming, setRenaming] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);

  const refresh = () => queryClient.invalidateQueries({ queryKey: serviceTypesKey });

  const archive = useMutation({
    mutationFn: (type: ServiceType) => changeServiceType(type.id, { archived: !type.archived }),
    onMutate: () => setActionError(null),
    onSuccess: refresh,
    onError: (error) => setActionError(describeProblem(error, messages)),
  });

  return (
    <Stack gap="lg">
      <title>{`${t("serviceTypes.title")} — ${ts("pageTitleSuffix")}`}</title>
      <Title order={1}>{t("serviceTypes.title")}</Title>
      <Text c="dimmed">{t("serviceTypes.intro")}</Text>

      <Paper
        withBorder
        radius="lg"
        p={{ base: "md", sm: "lg" }}
        component="section"
        aria-labelledby="new-type-title"
      >
        <Stack gap="sm">
          <Title order={2} fz="h3" id="new-type-title">
            {t("serviceTypes.addTitle")}
          </Title>
          <NameForm
            label={t("serviceTypes.name")}
            submit={t("serviceTypes.add")}
            onSave={async (name) => {
              await addServiceType(name);
              await refresh();
            }}
          />
        </Stack>
      </Paper>

      <Paper
        withBorder
        radius="lg"
        p={{ base: "md", sm: "lg" }}
        component="section"
        aria-labelledby="types-title"
      >
        <Stack gap="md">
          <Title order={2} fz="h3" id="types-title">
            {t("serviceTypes.listTitle")}
          </Title>
          {actionError ? (
            <FormAlert title={t("serviceTypes.errorTitle")}>{actionError}</FormAlert>
          ) : null}
          {list.isPending ? <PageLoader label={t("serviceTypes.loading")} /> : null}
          {list.isError ? <LoadFailed title={t("serviceTypes.failedTitle")} query={list} /> : null}
          {list.data?.serviceTypes.length === 0 ? (
            <Text c="dimmed">{t("serviceTypes.empty")}</Text>
          ) : null}
          {list.data && list.data.serviceTypes.length > 0 ? (
            <Table verticalSpacing="sm" horizontalSpacing="xs" aria-labelledby="types-title">
              <Table.Tbody>
                {list.data.serviceTypes.map((type) => {
                  const whose = <span className="visually-hidden">{` — ${type.name}`}</span>;
                  return (
                    <Table.Tr key={type.id}>
                      <Table.Td>
                        {renaming === type.id ? (
                          <NameForm
                            label={t("serviceTypes.renameLabel", { name: type.name })}
                            submit={t("serviceTypes.rename")}
                            initial={type.name}
                            onSave={async (name) => {
                              await changeServiceType(type.id, { name });
                              await refresh();
                              setRenaming(null);
                            }}
                          />
                        ) : (
                          <Group gap="sm" wrap="wrap">
                            <Text fw={600} style={{ overflowWrap: "anywhere" }}>
                              {type.name}
                            </Text>
                            {type.archived ? (
                              <StatusBadge tone="gray">{t("serviceTypes.archived")}</StatusBadge>
                            ) : null}
                          </Group>
                        )}
                      </Table.Td>
                      <Table.Td style={{ width: "1%" }}>
                        <Group gap="xs" justify="flex-end" wrap="wrap" miw={{ base: 0, sm: 260 }}>
                          {renaming === type.id ? (
                            <Button size="xs" variant="default" onClick={() => setRenaming(null)}>
                              {ts("common.cancel")}
                            </Button>
                          ) : (
                            <Button
                              size="xs"
                              variant="default"
                              onClick={() => setRenaming(type.id)}
                            >
                              {t("serviceTypes.rename")}
                              {whose}
                            </Button>
                          )}
                          <Button
                            size="xs"
                            variant="default"
                            loading={archive.isPending && archive.variables?.id === type.id}
                            onClick={() => archive.mutate(type)}
                          >
                            {type.archived
                              ? t("serviceTypes.unarchive")
                              : t("serviceTypes.archive")}
                            {whose}
                          </Button>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          ) : null}
        </Stack>
      </Paper>
    </Stack>
  );
}
