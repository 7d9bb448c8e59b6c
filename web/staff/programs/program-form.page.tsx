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
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import {
  type ProgramForm,
  type ProgramInput,
  programFormSchema,
  programToForm,
  type StaffProgram,
} from "../../../common/staff/programs.schema.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { IconArrowLeft } from "../../ui/icons.tsx";
import { PageLoader } from "../../ui/page-loader.tsx";
import { focusFirstInvalid, placeProblem } from "../../ui/problem-errors.ts";
import { forgetStaffSessionOn401 } from "../auth/staff-session.ts";
import { LoadFailed } from "../contracts/contract-ui.tsx";
import { useFallbackMessages } from "../errors.ts";
import { programsKey, saveProgram, useProgram } from "./programs-queries.ts";

const fieldNames = [
  "name",
  "code",
  "description",
  "coverage",
  "maxPersons",
  "careProcedure",
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
  careProcedure: "",
  soldOnline: false,
  priceRubles: "",
  termMonths: "",
};

function BackLink() {
  const { t } = useTranslation("staffContracts");
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
  const { t } = useTranslation("staffContracts");
  const { id = "" } = useParams();
  const program = useProgram(id);
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
  const { t } = useTranslation("staffContracts");
  const { t: ts } = useTranslation("staff");
  const messages = useFallbackMessages();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [formError, setFormError] = useState<string | null>(null);
  const title = program
    ? t("programs.form.editTitle", { name: program.name })
    : t("programs.form.createTitle");

  const {
    register,
    handleSubmit,
    setError,
    setFocus,
    watch,
    formState: { errors },
  } = useForm<ProgramForm, unknown, ProgramInput>({
    resolver: zodResolver(programFormSchema),
    shouldFocusError: false,
    defaultValues: program ? programToForm(program) : emptyProgram,
  });
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
        forgetStaffSessionOn401(queryClient, error);
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

  const invalid = (name: (typeof fieldNames)[number]) => (errors[name] ? true : undefined);

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
                error={errors.name?.message}
                aria-invalid={invalid("name")}
                autoComplete="off"
                {...register("name")}
              />
              <TextInput
                label={t("programs.form.code")}
                description={t("programs.form.codeHint")}
                error={errors.code?.message}
                aria-invalid={invalid("code")}
                autoComplete="off"
                spellCheck={false}
                {...register("code")}
              />
            </SimpleGrid>
            <Textarea
              label={t("programs.form.description")}
              autosize
              minRows={2}
              error={errors.description?.message}
              aria-invalid={invalid("description")}
              {...register("description")}
            />
            <Textarea
              label={t("programs.form.coverage")}
              description={t("programs.form.markdownHint")}
              autosize
              minRows={4}
              error={errors.coverage?.message}
              aria-invalid={invalid("coverage")}
              {...register("coverage")}
            />
            <NativeSelect
              size="md"
              label={t("programs.form.maxPersons")}
              data={(["1", "2"] as const).map((value) => ({
                value,
                label: t(`programs.form.maxPersonsOptions.${value}`),
              }))}
              error={errors.maxPersons?.message}
              aria-invalid={invalid("maxPersons")}
              {...register("maxPersons")}
            />
            <Textarea
              label={t("programs.form.careProcedure")}
              description={t("programs.form.markdownHint")}
              autosize
              minRows={4}
              error={errors.careProcedure?.message}
              aria-invalid={invalid("careProcedure")}
              {...register("careProcedure")}
            />
            <Checkbox label={t("programs.form.soldOnline")} {...register("soldOnline")} />
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <TextInput
                label={t("programs.form.price")}
                placeholder={t("programs.form.pricePlaceholder")}
                inputMode="decimal"
                autoComplete="off"
                disabled={!soldOnline}
                error={errors.priceRubles?.message}
                aria-invalid={invalid("priceRubles")}
                {...register("priceRubles")}
              />
              <TextInput
                label={t("programs.form.term")}
                inputMode="numeric"
                autoComplete="off"
                disabled={!soldOnline}
                error={errors.termMonths?.message}
                aria-invalid={invalid("termMonths")}
                {...register("termMonths")}
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
