import { ActionIcon, Group, Paper, Stack, Text } from "@mantine/core";
import { formatFileSize } from "../../common/format/file-size.ts";
import { IconX } from "./icons.tsx";

interface ChosenFilesProps {
  files: readonly File[];
  /** The list's accessible name («Выбранные файлы»). */
  label: string;
  /** The remove button's name for one file («Убрать файл …»). */
  removeLabel: (name: string) => string;
  onRemove: (index: number) => void;
  /** Smaller rows, as under a chat's composer. */
  compact?: boolean;
}

/** The files picked for a message, each with its size and a button that takes it off again. */
export function ChosenFiles({ files, label, removeLabel, onRemove, compact }: ChosenFilesProps) {
  if (files.length === 0) return null;
  const fz = compact ? "sm" : undefined;
  return (
    <Stack gap={4} component="ul" m={0} p={0} aria-label={label}>
      {files.map((file, index) => (
        <Paper
          component="li"
          key={`${file.name}-${file.size}-${file.lastModified}`}
          withBorder
          radius="md"
          px="sm"
          py={compact ? 4 : 6}
          style={{ listStyle: "none" }}
        >
          <Group justify="space-between" wrap="nowrap" gap="xs">
            <Text truncate fz={fz} style={{ minWidth: 0 }}>
              {file.name}{" "}
              <Text span c="dimmed" fz={fz}>
                ({formatFileSize(file.size)})
              </Text>
            </Text>
            <ActionIcon
              variant="subtle"
              color="gray"
              size={compact ? "lg" : undefined}
              onClick={() => onRemove(index)}
              aria-label={removeLabel(file.name)}
            >
              <IconX size={18} />
            </ActionIcon>
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}
