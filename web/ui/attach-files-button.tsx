import { Button, FileButton } from "@mantine/core";
import type { CSSProperties } from "react";
import { ATTACHMENT_ACCEPT } from "../../common/contact/contact.schema.ts";
import { IconFile } from "./icons.tsx";

interface AttachFilesButtonProps {
  /** The button's visible name: «Добавить файл», «Прикрепить файл». */
  label: string;
  /** The id of the text with the limits, read out with the button. */
  hintId: string;
  /** The files the person picked this time (the caller checks and keeps them). */
  onAdd: (files: File[]) => void;
  style?: CSSProperties;
}

/**
 * The one way to pick files for a message, a chat message or a doctor's reply: a real button
 * named by its text that opens the file chooser for the types the server accepts.
 */
export function AttachFilesButton({ label, hintId, onAdd, style }: AttachFilesButtonProps) {
  return (
    <FileButton onChange={onAdd} accept={ATTACHMENT_ACCEPT} multiple>
      {(props) => (
        <Button
          {...props}
          variant="default"
          leftSection={<IconFile size={18} />}
          aria-describedby={hintId}
          style={style}
        >
          {label}
        </Button>
      )}
    </FileButton>
  );
}
