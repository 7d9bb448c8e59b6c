import { Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import type { MedcardEntry, MedcardView } from "../../../common/medcard/medcard.schema.ts";
import { describeError } from "../../ui/server-errors.ts";
import { forgetSessionOn401 } from "../identity/session.ts";
import { BloodGroupDialog } from "./blood-group-dialog.tsx";
import { ConfirmDialog } from "./confirm-dialog.tsx";
import { EntryDialog, type TextEntryKind } from "./entry-dialog.tsx";
import { removeEntry, updateCard } from "./medcard.api.ts";
import { authorMark } from "./medcard-format.ts";

const textKinds: readonly TextEntryKind[] = ["allergy", "condition", "medication"];

type Editing =
  | { kind: TextEntryKind; entry: MedcardEntry | null }
  | { kind: "blood_group"; entry: MedcardEntry | null };

/** «Изменить» and «Удалить» of the client's own entry, named with the entry for a screen reader. */
function EntryActions({
  entry,
  onEdit,
  onRemove,
}: {
  entry: MedcardEntry;
  onEdit: () => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation("medcard");
  return (
    <Group gap="xs">
      <Button variant="default" size="compact-md" onClick={onEdit}>
        {t("summary.edit")}
        <span className="visually-hidden"> «{entry.text}»</span>
      </Button>
      <Button variant="default" size="compact-md" onClick={onRemove}>
        {t("summary.remove")}
        <span className="visually-hidden"> «{entry.text}»</span>
      </Button>
    </Group>
  );
}

function EntryItem({
  entry,
  onEdit,
  onRemove,
}: {
  entry: MedcardEntry;
  onEdit: () => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation("medcard");
  return (
    <Paper component="li" withBorder radius="md" p="sm" style={{ listStyle: "none" }}>
      <Stack gap={4}>
        <Text fw={600} style={{ overflowWrap: "anywhere" }}>
          {entry.text}
        </Text>
        {entry.note ? (
          <Text style={{ overflowWrap: "anywhere", whiteSpace: "pre-line" }}>{entry.note}</Text>
        ) : null}
        <Text c="dimmed" fz="sm">
          {authorMark(t, entry.author)}
        </Text>
        {entry.editable ? <EntryActions entry={entry} onEdit={onEdit} onRemove={onRemove} /> : null}
      </Stack>
    </Paper>
  );
}

function GroupSection({
  title,
  empty,
  entries,
  addLabel,
  onAdd,
  onEdit,
  onRemove,
}: {
  title: string;
  empty: string;
  entries: MedcardEntry[];
  /** Null when the group takes no new entry from the client (a doctor's blood group). */
  addLabel: string | null;
  onAdd: () => void;
  onEdit: (entry: MedcardEntry) => void;
  onRemove: (entry: MedcardEntry) => void;
}) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId}>
      <Stack gap="xs">
        <Title order={3} fz="h4" id={headingId}>
          {title}
        </Title>
        {entries.length === 0 ? (
          <Text c="dimmed">{empty}</Text>
        ) : (
          <Stack component="ul" gap="xs" m={0} p={0}>
            {entries.map((entry) => (
              <EntryItem
                key={entry.id}
                entry={entry}
                onEdit={() => onEdit(entry)}
                onRemove={() => onRemove(entry)}
              />
            ))}
          </Stack>
        )}
        {addLabel ? (
          <Button
            variant="light"
            size="compact-md"
            onClick={onAdd}
            style={{ alignSelf: "flex-start" }}
          >
            {addLabel}
          </Button>
        ) : null}
      </Stack>
    </section>
  );
}

/**
 * «Сводка»: allergies, chronic conditions, regular medicines and the blood group, each entry
 * with its note and who wrote it; the client adds, changes and removes its own.
 */
export function SummarySection({
  view,
  onNotice,
}: {
  view: MedcardView;
  onNotice: (message: string) => void;
}) {
  const { t } = useTranslation("medcard");
  const { t: tCommon } = useTranslation("common");
  const queryClient = useQueryClient();
  const cardId = view.card.id;
  const [editing, setEditing] = useState<Editing | null>(null);
  const [removing, setRemoving] = useState<MedcardEntry | null>(null);
  const remove = useMutation({
    mutationFn: (entry: MedcardEntry) => removeEntry(cardId, entry.id),
    onSuccess: (_, entry) => {
      setRemoving(null);
      updateCard(queryClient, cardId, (card) => ({
        ...card,
        summary: card.summary.filter((item) => item.id !== entry.id),
      }));
      onNotice(t("summary.removed", { text: entry.text }));
    },
    onError: (error) => forgetSessionOn401(queryClient, error),
  });
  const saved = (message: string) => {
    setEditing(null);
    onNotice(message);
  };
  const bloodGroup = view.summary.find((entry) => entry.kind === "blood_group") ?? null;

  return (
    <Stack gap="lg">
      <Text c="dimmed" fz="sm">
        {t("summary.intro")}
      </Text>
      {textKinds.map((kind) => (
        <GroupSection
          key={kind}
          title={t(`summary.groups.${kind}.title`)}
          empty={t(`summary.groups.${kind}.empty`)}
          entries={view.summary.filter((entry) => entry.kind === kind)}
          addLabel={t("summary.add")}
          onAdd={() => setEditing({ kind, entry: null })}
          onEdit={(entry) => setEditing({ kind, entry })}
          onRemove={(entry) => {
            remove.reset();
            setRemoving(entry);
          }}
        />
      ))}
      <GroupSection
        title={t("summary.bloodGroup.title")}
        empty={t("summary.bloodGroup.empty")}
        entries={bloodGroup ? [bloodGroup] : []}
        // A doctor's blood group stands; the client sets one only where none is, or its own.
        addLabel={bloodGroup ? null : t("summary.add")}
        onAdd={() => setEditing({ kind: "blood_group", entry: null })}
        onEdit={(entry) => setEditing({ kind: "blood_group", entry })}
        onRemove={(entry) => {
          remove.reset();
          setRemoving(entry);
        }}
      />

      {editing?.kind === "blood_group" ? (
        <BloodGroupDialog
          cardId={cardId}
          current={editing.entry}
          onClose={() => setEditing(null)}
          onSaved={saved}
        />
      ) : editing ? (
        <EntryDialog
          key={`${editing.kind}-${editing.entry?.id ?? "new"}`}
          cardId={cardId}
          kind={editing.kind}
          entry={editing.entry}
          onClose={() => setEditing(null)}
          onSaved={saved}
        />
      ) : null}
      <ConfirmDialog
        opened={removing !== null}
        title={t("summary.removeTitle")}
        text={t("summary.removeText", { text: removing?.text ?? "" })}
        confirm={t("summary.removeConfirm")}
        keep={t("summary.removeKeep")}
        closeLabel={t("summary.close")}
        pending={remove.isPending}
        error={
          remove.isError
            ? { title: t("summary.removeFailedTitle"), text: describeError(remove.error, tCommon) }
            : null
        }
        onConfirm={() => {
          if (removing) remove.mutate(removing);
        }}
        onClose={() => setRemoving(null)}
      />
    </Stack>
  );
}
