import {
  Anchor,
  Button,
  Group,
  Image,
  Modal,
  Paper,
  Stack,
  Text,
  Title,
  UnstyledButton,
} from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { formatRuDate } from "../../../common/format/date.ts";
import { formatFileSize } from "../../../common/format/file-size.ts";
import type { MedcardDocument, MedcardView } from "../../../common/medcard/medcard.schema.ts";
import { EmptyState } from "../../ui/empty-state.tsx";
import { IconFile } from "../../ui/icons.tsx";
import { describeError } from "../../ui/server-errors.ts";
import { forgetSessionOn401 } from "../identity/session.ts";
import { ConfirmDialog } from "./confirm-dialog.tsx";
import { DocumentDialog } from "./document-dialog.tsx";
import {
  documentDownloadHref,
  documentFileHref,
  removeDocument,
  updateCard,
} from "./medcard.api.ts";
import { documentAuthor, documentsInOrder } from "./medcard-format.ts";

function isImage(document: MedcardDocument): boolean {
  return document.mediaType !== "application/pdf";
}

function DocumentItem({
  cardId,
  document,
  onEnlarge,
  onRemove,
}: {
  cardId: string;
  document: MedcardDocument;
  onEnlarge: () => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation("medcard");
  const href = documentFileHref(cardId, document.id);
  return (
    <Paper component="li" withBorder radius="md" p="md" style={{ listStyle: "none" }}>
      <Group align="flex-start" gap="md" wrap="nowrap">
        {isImage(document) ? (
          <UnstyledButton
            onClick={onEnlarge}
            style={{ flexShrink: 0, borderRadius: 8, overflow: "hidden" }}
          >
            <Image src={href} alt="" w={72} h={72} fit="cover" loading="lazy" />
            <span className="visually-hidden">
              {t("documents.preview", { title: document.title })}
            </span>
          </UnstyledButton>
        ) : null}
        <Stack gap={4} style={{ minWidth: 0, flex: 1 }}>
          <Text c="dimmed" fz="sm">
            {t(`documents.types.${document.type}`)}
          </Text>
          <Title order={3} fz="lg" style={{ overflowWrap: "anywhere" }}>
            {document.title}
          </Title>
          <Text fz="sm">{t("documents.date", { date: formatRuDate(document.documentDate) })}</Text>
          <Text fz="sm" c="dimmed">
            {documentAuthor(t, document.author)}
          </Text>
          <Text fz="sm" c="dimmed" style={{ overflowWrap: "anywhere" }}>
            {t("documents.file", {
              name: document.fileName,
              size: formatFileSize(document.sizeBytes),
            })}
          </Text>
          <Group gap="xs" mt={4}>
            {isImage(document) ? null : (
              <Button
                component="a"
                href={href}
                target="_blank"
                rel="noopener"
                variant="light"
                size="compact-md"
              >
                {t("documents.open")}
                <span className="visually-hidden">
                  {" "}
                  «{document.title}» {t("actions.newTab")}
                </span>
              </Button>
            )}
            <Button
              component="a"
              href={documentDownloadHref(cardId, document.id)}
              download={document.fileName}
              variant="default"
              size="compact-md"
            >
              {t("documents.download")}
              <span className="visually-hidden"> «{document.title}»</span>
            </Button>
            {document.removable ? (
              <Button variant="default" size="compact-md" onClick={onRemove}>
                {t("documents.remove")}
                <span className="visually-hidden"> «{document.title}»</span>
              </Button>
            ) : null}
          </Group>
        </Stack>
      </Group>
    </Paper>
  );
}

/**
 * «Документы»: what the client, the company's doctors and the clinics added, each with its
 * type, date and author; images preview here, PDFs open in the browser, everything downloads.
 */
export function DocumentsSection({
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
  const [adding, setAdding] = useState(false);
  const [enlarged, setEnlarged] = useState<MedcardDocument | null>(null);
  const [removing, setRemoving] = useState<MedcardDocument | null>(null);
  const remove = useMutation({
    mutationFn: (document: MedcardDocument) => removeDocument(cardId, document.id),
    onSuccess: (_, document) => {
      setRemoving(null);
      updateCard(queryClient, cardId, (card) => ({
        ...card,
        documents: card.documents.filter((item) => item.id !== document.id),
      }));
      onNotice(t("documents.removed", { title: document.title }));
    },
    onError: (error) => forgetSessionOn401(queryClient, error),
  });

  const addButton = (
    <Button onClick={() => setAdding(true)} style={{ alignSelf: "flex-start" }}>
      {t("documents.add")}
    </Button>
  );

  return (
    <Stack gap="md">
      {view.documents.length === 0 ? (
        <EmptyState
          order={3}
          icon={<IconFile size={28} />}
          title={t("documents.emptyTitle")}
          description={t("documents.emptyText")}
        >
          {addButton}
        </EmptyState>
      ) : (
        <>
          {addButton}
          <Stack component="ul" gap="sm" m={0} p={0}>
            {documentsInOrder(view.documents).map((document) => (
              <DocumentItem
                key={document.id}
                cardId={cardId}
                document={document}
                onEnlarge={() => setEnlarged(document)}
                onRemove={() => {
                  remove.reset();
                  setRemoving(document);
                }}
              />
            ))}
          </Stack>
        </>
      )}

      {adding ? (
        <DocumentDialog
          cardId={cardId}
          onClose={() => setAdding(false)}
          onSaved={(message) => {
            setAdding(false);
            onNotice(message);
          }}
        />
      ) : null}
      <Modal
        opened={enlarged !== null}
        onClose={() => setEnlarged(null)}
        title={enlarged?.title}
        closeButtonProps={{ "aria-label": t("documents.close") }}
        size="xl"
        centered
      >
        {enlarged ? (
          <Stack gap="sm">
            <Image
              src={documentFileHref(cardId, enlarged.id)}
              alt={t("documents.previewAlt", { title: enlarged.title })}
              fit="contain"
              mah="75dvh"
              // Shown at its own size at most: a small scan is not blown up past its pixels.
              style={{ width: "auto", maxWidth: "100%", alignSelf: "center" }}
            />
            <Anchor href={documentDownloadHref(cardId, enlarged.id)} download={enlarged.fileName}>
              {t("documents.download")}
            </Anchor>
          </Stack>
        ) : null}
      </Modal>
      <ConfirmDialog
        opened={removing !== null}
        title={t("documents.removeTitle")}
        text={t("documents.removeText", { title: removing?.title ?? "" })}
        confirm={t("documents.removeConfirm")}
        keep={t("documents.removeKeep")}
        closeLabel={t("documents.close")}
        pending={remove.isPending}
        error={
          remove.isError
            ? {
                title: t("documents.removeFailedTitle"),
                text: describeError(remove.error, tCommon),
              }
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
