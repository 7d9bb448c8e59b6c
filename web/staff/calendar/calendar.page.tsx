import { zodResolver } from "@hookform/resolvers/zod";
import {
  Button,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useFieldArray, useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import {
  type CalendarYear,
  type CalendarYearUpdate,
  calendarDayKinds,
  calendarYearDaysSchema,
} from "../../../common/calendar/calendar.schema.ts";
import { formatMoscowDateTime, formatRuDate, todayInMoscow } from "../../../common/format/date.ts";
import { ApiError } from "../../ui/api.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { bindField } from "../../ui/form-field.ts";
import { PageLoader } from "../../ui/page-loader.tsx";
import { describeProblem } from "../../ui/problem-errors.ts";
import { useFallbackMessages } from "../errors.ts";
import {
  calendarYearQuery,
  calendarYearsKey,
  calendarYearsQuery,
  saveCalendarYear,
} from "./calendar.api.ts";

/** One year's exceptions as an editable list. */
function YearEditor({ calendar }: { calendar: CalendarYear }) {
  const { t } = useTranslation("staffCalendar");
  const messages = useFallbackMessages();
  const queryClient = useQueryClient();
  const schema = useMemo(() => calendarYearDaysSchema(calendar.year), [calendar.year]);
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const form = useForm<CalendarYearUpdate>({
    resolver: zodResolver(schema),
    defaultValues: { days: calendar.days },
  });
  const { control, handleSubmit, setError, reset } = form;
  const days = useFieldArray({ control, name: "days" });
  const save = useMutation({
    mutationFn: (body: CalendarYearUpdate) => saveCalendarYear(calendar.year, body),
  });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    setSaved(false);
    try {
      const stored = await save.mutateAsync(values);
      queryClient.setQueryData(calendarYearQuery(calendar.year).queryKey, stored);
      void queryClient.invalidateQueries({ queryKey: calendarYearsKey, exact: true });
      reset({ days: stored.days });
      setSaved(true);
    } catch (error) {
      const unplaced: string[] = [];
      let focused = false;
      if (error instanceof ApiError) {
        for (const { field, message } of error.fieldErrors) {
          const match = /^days\.(\d+)\.(day|kind)$/.exec(field);
          if (match) {
            setError(
              `days.${Number(match[1])}.${match[2] as "day" | "kind"}`,
              { type: "server", message },
              { shouldFocus: !focused },
            );
            focused = true;
          } else {
            unplaced.push(message);
          }
        }
      }
      if (unplaced.length > 0) setFormError(unplaced.join(" "));
      else if (!focused) setFormError(describeProblem(error, messages));
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="calendar-days-title">
      <Stack gap="md">
        <Title order={2} fz="h3" id="calendar-days-title">
          {t("calendar.daysTitle", { year: calendar.year })}
        </Title>
        <Text fz="sm" c="dimmed" aria-live="polite">
          {t("calendar.daysCount", { count: days.fields.length })}
        </Text>
        {formError ? <FormAlert title={t("calendar.saveFailed")}>{formError}</FormAlert> : null}
        {saved ? (
          <FormAlert tone="success">{t("calendar.saved", { year: calendar.year })}</FormAlert>
        ) : null}
        {days.fields.length === 0 ? <Text c="dimmed">{t("calendar.empty")}</Text> : null}
        <Stack gap="sm" component="ol" p={0} m={0} style={{ listStyle: "none" }}>
          {days.fields.map((field, index) => {
            return (
              <li key={field.id}>
                <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm" style={{ alignItems: "end" }}>
                  <TextInput
                    type="date"
                    label={t("calendar.day")}
                    min={`${calendar.year}-01-01`}
                    max={`${calendar.year}-12-31`}
                    {...bindField(form, `days.${index}.day`)}
                  />
                  <NativeSelect
                    label={t("calendar.kind")}
                    description={t("calendar.kindHint")}
                    data={calendarDayKinds.map((kind) => ({
                      value: kind,
                      label: t(`calendar.kinds.${kind}`),
                    }))}
                    {...bindField(form, `days.${index}.kind`)}
                  />
                  <Group>
                    <Button variant="default" onClick={() => days.remove(index)}>
                      {t("calendar.remove")}
                      <span className="visually-hidden">
                        {` — ${field.day ? formatRuDate(field.day) : index + 1}`}
                      </span>
                    </Button>
                  </Group>
                </SimpleGrid>
              </li>
            );
          })}
        </Stack>
        <Group gap="sm">
          <Button
            variant="light"
            onClick={() => days.append({ day: "", kind: "day-off" }, { shouldFocus: true })}
          >
            {t("calendar.add")}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {t("calendar.save")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** «Производственный календарь»: pick a year, edit its exceptions, save. */
export function CalendarPage() {
  const { t } = useTranslation("staffCalendar");
  const { t: tStaff } = useTranslation("staff");
  const messages = useFallbackMessages();
  const thisYear = Number(todayInMoscow().slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const years = useQuery(calendarYearsQuery());
  const calendar = useQuery(calendarYearQuery(year));
  const loaded = new Map((years.data?.years ?? []).map((entry) => [entry.year, entry]));
  const choices = [...new Set([...loaded.keys(), thisYear, thisYear + 1])].sort((a, b) => a - b);
  const summary = loaded.get(year);

  return (
    <Stack gap="lg">
      <title>{`${t("calendar.title")} — ${tStaff("pageTitleSuffix")}`}</title>
      <Title order={1} fz={{ base: "h2", sm: "h1" }}>
        {t("calendar.title")}
      </Title>
      <Text>{t("calendar.intro")}</Text>
      <Paper withBorder radius="lg" p={{ base: "md", sm: "lg" }} component="section">
        <Stack gap="md">
          {years.isError ? (
            <FormAlert title={t("calendar.yearsFailed")}>
              {describeProblem(years.error, messages)}
            </FormAlert>
          ) : null}
          <NativeSelect
            label={t("calendar.year")}
            description={
              summary
                ? summary.updatedBy
                  ? t("calendar.updatedBy", {
                      date: formatMoscowDateTime(summary.updatedAt),
                      name: summary.updatedBy,
                    })
                  : t("calendar.updatedBundled", { date: formatMoscowDateTime(summary.updatedAt) })
                : t("calendar.notLoaded", { year })
            }
            maw={560}
            value={String(year)}
            onChange={(event) => setYear(Number(event.currentTarget.value))}
            data={choices.map((choice) => ({
              value: String(choice),
              label: `${choice} — ${loaded.has(choice) ? t("calendar.yearLoaded") : t("calendar.yearNotLoaded")}`,
            }))}
          />
          {calendar.isPending ? <PageLoader label={t("calendar.loading")} /> : null}
          {calendar.isError ? (
            <Stack gap="sm" align="flex-start">
              <FormAlert title={t("calendar.loadFailed")} w="100%">
                {describeProblem(calendar.error, messages)}
              </FormAlert>
              <Button onClick={() => void calendar.refetch()}>{t("calendar.retry")}</Button>
            </Stack>
          ) : null}
          {calendar.data ? (
            <YearEditor key={`${calendar.data.year}`} calendar={calendar.data} />
          ) : null}
        </Stack>
      </Paper>
    </Stack>
  );
}
