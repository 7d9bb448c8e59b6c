import {
  Button,
  Checkbox,
  Group,
  Modal,
  NativeSelect,
  Select,
  Stack,
  Text,
  Textarea,
} from "@mantine/core";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { TFunction } from "i18next";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { CoverageView, SlotView } from "../../../common/booking/booking.schema.ts";
import {
  type ChatMessage,
  chatOfferRequestSchema,
  MAX_OFFERED_SLOTS,
  type StaffChat,
} from "../../../common/chat/chat.schema.ts";
import { MOSCOW, todayInMoscow } from "../../../common/format/date.ts";
import { ApiError } from "../../ui/api.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { fieldErrorProps } from "../../ui/form-field.ts";
import { PageLoader } from "../../ui/page-loader.tsx";
import { placeProblem } from "../../ui/problem-errors.ts";
import { LoadFailed } from "../../ui/query-states.tsx";
import { randomId } from "../../ui/random-id.ts";
import { forgetStaffSessionOn401 } from "../auth/staff-session.ts";
import { useFallbackMessages } from "../errors.ts";
import {
  chatSlotsQuery,
  chatSpecialtiesQuery,
  offerSlots,
  refreshChat,
  type SlotFilters,
} from "./chat.api.ts";

/** The days the picker offers: today and the next 13, Moscow dates. */
const DAYS = 14;
/** More than this many times is a list nobody reads: the doctor narrows the search instead. */
const SHOWN = 40;

const dayLabel = new Intl.DateTimeFormat("ru-RU", {
  timeZone: "UTC",
  weekday: "short",
  day: "numeric",
  month: "long",
});
const whenDay = new Intl.DateTimeFormat("ru-RU", {
  timeZone: MOSCOW,
  weekday: "short",
  day: "numeric",
  month: "long",
});
const whenTime = new Intl.DateTimeFormat("ru-RU", {
  timeZone: MOSCOW,
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});
const rubles = new Intl.NumberFormat("ru-RU", {
  style: "currency",
  currency: "RUB",
  minimumFractionDigits: 0,
  maximumFractionDigits: 2,
});

/** Today and the following days in Moscow, `yyyy-mm-dd`. */
export function offerDays(now = new Date()): string[] {
  const [year, month, day] = todayInMoscow(now).split("-").map(Number);
  const first = Date.UTC(year ?? 1970, (month ?? 1) - 1, day ?? 1);
  return Array.from({ length: DAYS }, (_, index) =>
    new Date(first + index * 86_400_000).toISOString().slice(0, 10),
  );
}

/** A Moscow day as the search's period (Moscow keeps UTC+3 all year). */
function dayPeriod(day: string): { from: string; to: string } {
  const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return { from: `${day}T00:00:00+03:00`, to: `${next}T00:00:00+03:00` };
}

/** «чт, 10 декабря, 10:30». */
function when(moment: string): string {
  const date = new Date(moment);
  return `${whenDay.format(date)}, ${whenTime.format(date)}`;
}

function coverageText(t: TFunction<"staffChat">, coverage: CoverageView): string {
  if (coverage.kind !== "paid") return t(`offer.coverage.${coverage.kind}`);
  return t("offer.coverage.paid", {
    company: rubles.format(coverage.companyPriceKopecks / 100),
    clinic: rubles.format(coverage.clinicPriceKopecks / 100),
  });
}

function slotLabel(t: TFunction<"staffChat">, slot: SlotView): string {
  return t("offer.slot", {
    when: when(slot.startsAt),
    doctor: slot.doctor.name,
    specialty: slot.doctor.specialty.name,
    clinic: slot.clinic.name,
    address: slot.clinic.address,
    coverage: coverageText(t, slot.coverage),
  });
}

/** «Предложить время»: up to three free times of the person's network, with a short message. */
export function OfferSlotsDialog({
  chat,
  opened,
  onClose,
  onOffered,
}: {
  chat: StaffChat;
  opened: boolean;
  onClose: () => void;
  onOffered: (message: ChatMessage) => void;
}) {
  const { t } = useTranslation("staffChat");
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t("offer.title")}
      closeButtonProps={{ "aria-label": t("common.cancel") }}
      size="xl"
      centered
    >
      {opened ? <OfferForm chat={chat} onCancel={onClose} onOffered={onOffered} /> : null}
    </Modal>
  );
}

export function OfferForm({
  chat,
  onCancel,
  onOffered,
}: {
  chat: StaffChat;
  onCancel: () => void;
  onOffered: (message: ChatMessage) => void;
}) {
  const { t } = useTranslation("staffChat");
  const messages = useFallbackMessages();
  const queryClient = useQueryClient();
  // One id for this offer: a retry after a lost answer is the same message, not a second one.
  const [clientMessageId] = useState(() => randomId());
  const [specialtyId, setSpecialtyId] = useState<string | null>(null);
  const [clinicId, setClinicId] = useState("");
  const [day, setDay] = useState("");
  const [chosen, setChosen] = useState<SlotView[]>([]);
  const [body, setBody] = useState(() => t("offer.defaultBody"));
  const [slotsError, setSlotsError] = useState<string | null>(null);
  const [bodyError, setBodyError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const days = useMemo(() => offerDays(), []);

  const specialties = useQuery(chatSpecialtiesQuery());
  const base: SlotFilters = {
    specialtyId: specialtyId ?? undefined,
    ...(day ? dayPeriod(day) : {}),
  };
  // The clinics to filter by are those with times for the specialty and day chosen.
  const all = useQuery({ ...chatSlotsQuery(chat.id, base), placeholderData: keepPreviousData });
  const found = useQuery({
    ...chatSlotsQuery(chat.id, { ...base, clinicId: clinicId || undefined }),
    placeholderData: keepPreviousData,
  });
  const clinics = useMemo(() => {
    const byId = new Map<string, string>();
    for (const slot of all.data?.slots ?? []) byId.set(slot.clinic.id, slot.clinic.name);
    return [...byId].sort((a, b) => a[1].localeCompare(b[1], "ru"));
  }, [all.data]);

  const offer = useMutation({
    mutationFn: (request: { slotIds: string[]; body: string }) =>
      offerSlots(chat.id, { clientMessageId, ...request }),
  });

  const isChosen = (slot: SlotView) => chosen.some((entry) => entry.id === slot.id);
  const choose = (ids: string[]) => {
    setSlotsError(null);
    const known = [...chosen, ...(found.data?.slots ?? [])];
    setChosen(
      ids
        .slice(0, MAX_OFFERED_SLOTS)
        .map((id) => known.find((slot) => slot.id === id))
        .filter((slot) => slot !== undefined),
    );
  };

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setFormError(null);
    const parsed = chatOfferRequestSchema.safeParse({
      clientMessageId,
      slotIds: chosen.map((slot) => slot.id),
      body,
    });
    if (!parsed.success) {
      const issues = parsed.error.issues;
      setSlotsError(issues.find((issue) => issue.path[0] === "slotIds")?.message ?? null);
      setBodyError(issues.find((issue) => issue.path[0] === "body")?.message ?? null);
      return;
    }
    setSlotsError(null);
    setBodyError(null);
    try {
      const message = await offer.mutateAsync({
        slotIds: parsed.data.slotIds,
        body: parsed.data.body,
      });
      onOffered(message);
    } catch (error) {
      forgetStaffSessionOn401(queryClient, error);
      setFormError(
        placeProblem(
          error,
          ["slotIds", "body"] as const,
          (name, message) => (name === "slotIds" ? setSlotsError(message) : setBodyError(message)),
          messages,
        ),
      );
      // A time taken meanwhile: the list shows how things stand now.
      if (error instanceof ApiError && error.status === 409) {
        void queryClient.invalidateQueries({ queryKey: ["staff", "chats", "slots", chat.id] });
      }
    } finally {
      await refreshChat(queryClient, chat.id);
    }
  }

  const shown = (found.data?.slots ?? []).slice(0, SHOWN);
  const full = chosen.length >= MAX_OFFERED_SLOTS;

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <Stack gap="md">
        <Text fz="sm">{t("offer.intro", { person: chat.personName, max: MAX_OFFERED_SLOTS })}</Text>
        {formError ? <FormAlert title={t("offer.failedTitle")}>{formError}</FormAlert> : null}
        <Group gap="sm" align="flex-end" grow wrap="wrap">
          <Select
            label={t("offer.specialty")}
            placeholder={t("offer.anySpecialty")}
            nothingFoundMessage={t("close.specialtyNotFound")}
            searchable
            clearable
            data={(specialties.data?.specialties ?? []).map((specialty) => ({
              value: specialty.id,
              label: specialty.name,
            }))}
            value={specialtyId}
            onChange={(value) => {
              setSpecialtyId(value);
              setClinicId("");
            }}
            miw={200}
          />
          <NativeSelect
            label={t("offer.clinic")}
            data={[
              { value: "", label: t("offer.anyClinic") },
              ...clinics.map(([id, name]) => ({ value: id, label: name })),
            ]}
            value={clinicId}
            onChange={(event) => setClinicId(event.currentTarget.value)}
            miw={200}
          />
          <NativeSelect
            label={t("offer.day")}
            data={[
              { value: "", label: t("offer.anyDay", { count: DAYS }) },
              ...days.map((value) => ({
                value,
                label: dayLabel.format(new Date(`${value}T00:00:00Z`)),
              })),
            ]}
            value={day}
            onChange={(event) => {
              setDay(event.currentTarget.value);
              setClinicId("");
            }}
            miw={160}
          />
        </Group>

        {found.isError ? (
          <LoadFailed title={t("offer.slotsFailed")} query={found} />
        ) : !found.data ? (
          <PageLoader label={t("offer.loading")} />
        ) : (
          <Checkbox.Group
            label={t("offer.found")}
            description={t("offer.chosen", { count: chosen.length, max: MAX_OFFERED_SLOTS })}
            value={chosen.map((slot) => slot.id)}
            onChange={choose}
            {...fieldErrorProps(slotsError)}
          >
            <Stack gap={8} mah={360} style={{ overflowY: "auto" }} py={6}>
              {shown.length === 0 && chosen.length === 0 ? (
                <Text fz="sm">{t("offer.none")}</Text>
              ) : null}
              {/* Chosen times stay in the list when the filters change. */}
              {[...chosen, ...shown.filter((slot) => !isChosen(slot))].map((slot) => (
                <Checkbox
                  key={slot.id}
                  value={slot.id}
                  label={slotLabel(t, slot)}
                  disabled={full && !isChosen(slot)}
                />
              ))}
              {found.data.slots.length > SHOWN ? (
                <Text fz="sm" c="dimmed">
                  {t("offer.more", { count: SHOWN })}
                </Text>
              ) : null}
            </Stack>
          </Checkbox.Group>
        )}

        <Textarea
          label={t("offer.body")}
          description={t("offer.bodyHint")}
          autosize
          minRows={2}
          maxRows={6}
          value={body}
          onChange={(event) => {
            setBody(event.currentTarget.value);
            setBodyError(null);
          }}
          {...fieldErrorProps(bodyError)}
        />
        <Group gap="sm" justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={offer.isPending}>
            {t("offer.submit")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
