import { zodResolver } from "@hookform/resolvers/zod";
import {
  Anchor,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import {
  type ProgramForm,
  type ProgramInput,
  programAudiences,
  programFormSchema,
  programToForm,
  type StaffProgram,
} from "../../../common/contracts/programs.schema.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { bindField } from "../../ui/form-field.ts";
import { IconArrowLeft } from "../../ui/icons.tsx";
import { PageLoader } from "../../ui/page-loader.tsx";
import { focusFirstInvalid, placeProblem } from "../../ui/problem-errors.ts";
import { LoadFailed } from "../../ui/query-states.tsx";
import { useFallbackMessages } from "../errors.ts";
import { programQuery, programsKey, saveProgram } from "./programs.api.ts";

const fieldNames = [
  "name",
  "code",
  "description",
  "coverage",
  "maxPersons",
  "audience",
  "careProcedure",
  "includesChat",
  "soldOnline",
  "priceRubles",
  "termMonths",
] as const;

const emptyProgram: ProgramForm = {
  name: "",
  code: "",
  description: "",
  coverage: "",
  maxPersons: "1",
  audience: "any",
  careProcedure: "",
  includesChat: false,
  soldOnline: false,
  priceRubles: "",
  termMonths: "",
};

function BackLink() {
  const { t } = useTranslation("staffPrograms");
  return (
    <Anchor component={Link} to="/staff/programs" fz="sm">
      <Group gap={4} component="span" wrap="nowrap">
        <IconArrowLeft size={16} />
        {t("programs.form.back")}
      </Group>
    </Anchor>
  );
}

/** «Новая программа». */
export function NewProgramPage() {
  return <ProgramEditor program={null} />;
}

/** A program's edit form, once it is loaded. */
export function EditProgramPage() {
  const { t } = useTranslation("staffPrograms");
  const { id = "" } = useParams();
  const program = useQuery(programQuery(id));
  if (program.isPending) return <PageLoader label={t("programs.form.loading")} />;
  if (program.isError) {
    return (
      <Stack gap="lg">
        <BackLink />
        <LoadFailed title={t("programs.failedTitle")} query={program} />
      </Stack>
    );
  }
  return <ProgramEditor key={program.data.program.id} program={program.data.program} />;
}

function ProgramEditor({ program }: { program: StaffProgram | null }) {
  const { t } = useTranslation("staffPrograms");
  const { t: ts } = useTranslation("staff");
  const messages = useFallbackMessages();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [formError, setFormError] = useState<string | null>(null);
  const title = program
    ? t("programs.form.editTitle", { name: program.name })
    : t("programs.form.createTitle");

  const form = useForm<ProgramForm, unknown, ProgramInput>({
    resolver: zodResolver(programFormSchema),
    shouldFocusError: false,
    defaultValues: program ? programToForm(program) : emptyProgram,
  });
  const { register, handleSubmit, setError, setFocus, watch } = form;
  const soldOnline = watch("soldOnline");

  const save = useMutation({
    mutationFn: (body: ProgramInput) => saveProgram(program?.id ?? null, body),
  });

  const onSubmit = handleSubmit(
    async (values) => {
      setFormError(null);
      try {
        await save.mutateAsync(values);
        await queryClient.invalidateQueries({ queryKey: programsKey });
        navigate("/staff/programs");
      } catch (error) {
        setFormError(
          placeProblem(
            error,
            [...fieldNames, "priceKopecks"] as const,
            (name, message, focus) =>
              // The API takes kopecks; the form asks for roubles.
              setError(
                name === "priceKopecks" ? "priceRubles" : name,
                { type: "server", message },
                {
                  shouldFocus: focus,
                },
              ),
            messages,
          ),
        );
      }
    },
    (invalid) => focusFirstInvalid(invalid, fieldNames, setFocus),
  );

  return (
    <Stack gap="lg">
      <title>{`${title} — ${ts("pageTitleSuffix")}`}</title>
      <BackLink />
      <Title order={1}>{title}</Title>
      <Paper withBorder radius="lg" p={{ base: "md", sm: "lg" }}>
        <form onSubmit={onSubmit} noValidate aria-label={title}>
          <Stack gap="md">
            {formError ? (
              <FormAlert title={t("programs.form.errorTitle")}>{formError}</FormAlert>
            ) : null}
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <TextInput
                label={t("programs.form.name")}
                autoComplete="off"
                {...bindField(form, "name")}
              />
              <TextInput
                label={t("programs.form.code")}
                description={t("programs.form.codeHint")}
                autoComplete="off"
                spellCheck={false}
                {...bindField(form, "code")}
              />
            </SimpleGrid>
            <Textarea
              label={t("programs.form.description")}
              autosize
              minRows={2}
              {...bindField(form, "description")}
            />
            <Textarea
              label={t("programs.form.coverage")}
              description={t("programs.form.markdownHint")}
              autosize
              minRows={4}
              {...bindField(form, "coverage")}
            />
            <NativeSelect
              size="md"
              label={t("programs.form.maxPersons")}
              data={(["1", "2"] as const).map((value) => ({
                value,
                label: t(`programs.form.maxPersonsOptions.${value}`),
              }))}
              {...bindField(form, "maxPersons")}
            />
            <NativeSelect
              size="md"
              label={t("programs.form.audience")}
              description={t("programs.form.audienceHint")}
              data={programAudiences.map((value) => ({
                value,
                label: t(`programs.audience.${value}`),
              }))}
              {...bindField(form, "audience")}
            />
            <Textarea
              label={t("programs.form.careProcedure")}
              description={t("programs.form.markdownHint")}
              autosize
              minRows={4}
              {...bindField(form, "careProcedure")}
            />
            <Checkbox
              label={t("programs.form.includesChat")}
              description={t("programs.form.includesChatHint")}
              {...register("includesChat")}
            />
            <Checkbox label={t("programs.form.soldOnline")} {...register("soldOnline")} />
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <TextInput
                label={t("programs.form.price")}
                placeholder={t("programs.form.pricePlaceholder")}
                inputMode="decimal"
                autoComplete="off"
                disabled={!soldOnline}
                {...bindField(form, "priceRubles")}
              />
              <TextInput
                label={t("programs.form.term")}
                inputMode="numeric"
                autoComplete="off"
                disabled={!soldOnline}
                {...bindField(form, "termMonths")}
              />
            </SimpleGrid>
            <Group>
              <Button type="submit" loading={save.isPending}>
                {program ? t("programs.form.submitEdit") : t("programs.form.submitCreate")}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
