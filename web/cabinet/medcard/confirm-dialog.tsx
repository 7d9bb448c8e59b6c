import { Button, Group, Modal, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { FormAlert } from "../../ui/form-alert.tsx";

interface ConfirmDialogProps {
  opened: boolean;
  title: string;
  text: ReactNode;
  /** The button that does it: «Удалить запись», «Отозвать доступ». */
  confirm: string;
  /** The button that leaves things as they are: «Не удалять». */
  keep: string;
  closeLabel: string;
  pending: boolean;
  /** The server's refusal, in its words, with the title above it. */
  error: { title: string; text: string } | null;
  onConfirm: () => void;
  onClose: () => void;
}

/** «Удалить?» / «Отозвать?»: a step between the button and what cannot be undone. */
export function ConfirmDialog({
  opened,
  title,
  text,
  confirm,
  keep,
  closeLabel,
  pending,
  error,
  onConfirm,
  onClose,
}: ConfirmDialogProps) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={title}
      closeButtonProps={{ "aria-label": closeLabel }}
      centered
    >
      <Stack gap="md">
        <Text>{text}</Text>
        {error ? <FormAlert title={error.title}>{error.text}</FormAlert> : null}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {keep}
          </Button>
          <Button color="red.9" loading={pending} onClick={onConfirm}>
            {confirm}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
