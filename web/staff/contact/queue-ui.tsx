import { Badge, Button, Group, SegmentedControl, Stack, Text } from "@mantine/core";
import { type UseMutationResult, useMutation, useQueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { FormAlert } from "../../ui/form-alert.tsx";
import { describeProblem } from "../../ui/problem-errors.ts";
import { useSignedInStaff } from "../auth/staff-session.ts";
import { useFallbackMessages } from "../errors.ts";
import { type QueueWhich, refreshAfter } from "./contact.api.ts";
import classes from "./contact.module.css";

/** «Открытые» / «Закрытые», kept in the address (`?which=closed`) so a reload stays on it. */
export function useQueueWhich(): [QueueWhich, (which: QueueWhich) => void] {
  const [params, setParams] = useSearchParams();
  const which: QueueWhich = params.get("which") === "closed" ? "closed" : "open";
  return [which, (next) => setParams(next === "open" ? {} : { which: next })];
}

export function QueueSwitch({
  section,
  value,
  onChange,
}: {
  /** The question names what the queue holds: «Какие заявки…», «Какие сообщения показать». */
  section: "callbacks" | "messages";
  value: QueueWhich;
  onChange: (which: QueueWhich) => void;
}) {
  const { t } = useTranslation("staffContact");
  return (
    <Stack gap={4}>
      <Text component="span" fz="sm" fw={500} id="queue-which-label">
        {t(`common.which.${section}`)}
      </Text>
      <SegmentedControl
        aria-labelledby="queue-which-label"
        value={value}
        onChange={(next) => onChange(next === "closed" ? "closed" : "open")}
        data={[
          { value: "open", label: t("common.open") },
          { value: "closed", label: t("common.closed") },
        ]}
      />
    </Stack>
  );
}

// Mantine's light badges fall below WCAG AA on their pale backgrounds; these inks pass.
const badgeInk = {
  blue: "#0b4a8b",
  green: "#1b5e20",
  yellow: "#7a4100",
  red: "#8a1c1c",
  gray: "#343a40",
};

/**
 * A status in a light badge with dark ink. Unlike a plain badge it wraps: «В работе у» and a
 * full name do not fit one line of a phone.
 */
export function QueueBadge({ tone, children }: { tone: keyof typeof badgeInk; children: string }) {
  return (
    <Badge
      color={tone}
      variant="light"
      tt="none"
      h="auto"
      py={2}
      maw="100%"
      styles={{
        label: { color: badgeInk[tone], whiteSpace: "normal", overflow: "visible" },
      }}
    >
      {children}
    </Badge>
  );
}

/** Who has the item: «В работе у вас», «В работе у …», or its status when nobody does. */
export function AssigneeBadge({
  assignedTo,
  unassigned,
}: {
  assignedTo: { id: string; fullName: string } | null;
  unassigned: string;
}) {
  const { t } = useTranslation("staffContact");
  const staff = useSignedInStaff();
  if (!assignedTo) return <QueueBadge tone="blue">{unassigned}</QueueBadge>;
  if (assignedTo.id === staff.id) return <QueueBadge tone="green">{t("common.mine")}</QueueBadge>;
  return (
    <QueueBadge tone="yellow">{t("common.assignedTo", { name: assignedTo.fullName })}</QueueBadge>
  );
}

/** A term and its value in an item's facts (`<dl>` rows). */
export function Fact({
  term,
  children,
  wide = false,
}: {
  term: string;
  children: ReactNode;
  /** Free text (a note, an outcome) takes two columns where there are four. */
  wide?: boolean;
}) {
  return (
    <div className={wide ? classes.wide : undefined}>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export function Facts({ children }: { children: ReactNode }) {
  return <dl className={classes.facts}>{children}</dl>;
}

/** The item may be worked on by the signed-in member: open and free, or already theirs. */
export function useWorkable() {
  const staff = useSignedInStaff();
  return (item: { assignedTo: { id: string } | null }) =>
    item.assignedTo === null || item.assignedTo.id === staff.id;
}

/** «Взять в работу» for one item; the queue is fetched again whether the take went through or not. */
export function useTake(take: () => Promise<unknown>, queueKey: readonly string[]) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: take,
    onSettled: (_data, error) => refreshAfter(queryClient, queueKey, error),
  });
}

type Take = UseMutationResult<unknown, Error, void>;

/** Why a take was refused, in the server's words. */
export function TakeFailed({ take }: { take: Take }) {
  const { t } = useTranslation("staffContact");
  const messages = useFallbackMessages();
  if (!take.isError) return null;
  return (
    <FormAlert title={t("common.takeFailed")}>{describeProblem(take.error, messages)}</FormAlert>
  );
}

/**
 * An open item's buttons: «Взять в работу» while nobody has it, the item's own actions (children),
 * then «Закрыть». `actionFor` names the item for screen readers after each button's text.
 */
export function ItemActions({
  free,
  take,
  onClose,
  actionFor,
  children,
}: {
  free: boolean;
  take: Take;
  onClose: () => void;
  actionFor: ReactNode;
  children?: ReactNode;
}) {
  const { t } = useTranslation("staffContact");
  return (
    <Group gap="sm">
      {free ? (
        <Button size="sm" onClick={() => take.mutate()} loading={take.isPending}>
          {t("common.take")}
          {actionFor}
        </Button>
      ) : null}
      {children}
      <Button size="sm" variant="default" onClick={onClose} disabled={take.isPending}>
        {t("common.close")}
        {actionFor}
      </Button>
    </Group>
  );
}
