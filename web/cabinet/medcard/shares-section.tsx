import { Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import type { MedcardShare } from "../../../common/medcard/medcard.schema.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { type BadgeTone, StatusBadge } from "../../ui/query-states.tsx";
import { describeError } from "../../ui/server-errors.ts";
import { forgetSessionOn401 } from "../identity/session.ts";
import { ConfirmDialog } from "./confirm-dialog.tsx";
import { medcardQueryKeys, revokeShare, useMedcardShares } from "./medcard.api.ts";
import { moscowDayAndTime } from "./medcard-format.ts";
import { MedcardQueryState } from "./medcard-query-state.tsx";

const statusTone: Record<MedcardShare["status"], BadgeTone> = {
  active: "green",
  expired: "gray",
  revoked: "red",
};

function ShareItem({ share, onRevoke }: { share: MedcardShare; onRevoke: () => void }) {
  const { t } = useTranslation("medcard");
  const until = moscowDayAndTime(share.expiresAt);
  const created = moscowDayAndTime(share.createdAt);
  const openings = [...share.views].sort((a, b) => b.openedAt.localeCompare(a.openedAt));
  const state =
    share.status === "revoked" && share.revokedAt
      ? t("shares.revokedAt", moscowDayAndTime(share.revokedAt))
      : share.status === "expired"
        ? t("shares.expiredAt", until)
        : t("shares.until", until);
  return (
    <Paper component="li" withBorder radius="md" p="md" style={{ listStyle: "none" }}>
      <Stack gap={6}>
        <Group gap="xs" justify="space-between" wrap="wrap">
          <Text fw={600}>
            {share.scope === "card"
              ? t("shares.scopeCard")
              : t("shares.scopeDocuments", { count: share.documentIds.length })}
          </Text>
          <StatusBadge tone={statusTone[share.status]}>
            {t(`shares.status.${share.status}`)}
          </StatusBadge>
        </Group>
        <Text fz="sm">{state}</Text>
        <Text fz="sm" c="dimmed">
          {t("shares.created", created)}
        </Text>
        {openings.length === 0 ? (
          <Text fz="sm" c="dimmed">
            {t("shares.notOpened")}
          </Text>
        ) : (
          <Stack component="ul" gap={2} m={0} p={0} aria-label={t("shares.openings")}>
            {openings.map((opening) => (
              <Text component="li" fz="sm" key={opening.openedAt} style={{ listStyle: "none" }}>
                {t("shares.opened", moscowDayAndTime(opening.openedAt))}
              </Text>
            ))}
          </Stack>
        )}
        {share.status === "active" ? (
          <Button
            variant="default"
            color="red"
            size="compact-md"
            onClick={onRevoke}
            style={{ alignSelf: "flex-start" }}
          >
            {t("shares.revoke")}
            <span className="visually-hidden"> {t("shares.revokeLabel", until)}</span>
          </Button>
        ) : null}
      </Stack>
    </Paper>
  );
}

/** «Открытые доступы»: every link made for this card, its state, its openings and «Отозвать». */
export function SharesSection({ cardId }: { cardId: string }) {
  const { t } = useTranslation("medcard");
  const { t: tCommon } = useTranslation("common");
  const queryClient = useQueryClient();
  const headingId = useId();
  const shares = useMedcardShares(cardId);
  const [revoking, setRevoking] = useState<MedcardShare | null>(null);
  // Said here, beside the list: the card's own notices sit far above, out of sight on a phone.
  const [notice, setNotice] = useState<string | null>(null);
  const revoke = useMutation({
    mutationFn: (share: MedcardShare) => revokeShare(cardId, share.id),
    onSuccess: (revoked) => {
      setRevoking(null);
      queryClient.setQueryData<MedcardShare[]>(medcardQueryKeys.shares(cardId), (list) =>
        list?.map((share) => (share.id === revoked.id ? revoked : share)),
      );
      void queryClient.invalidateQueries({ queryKey: medcardQueryKeys.shares(cardId) });
      setNotice(t("shares.revoked"));
    },
    onError: (error) => forgetSessionOn401(queryClient, error),
  });

  return (
    <section aria-labelledby={headingId}>
      <Stack gap="sm">
        <Title order={2} fz="h3" id={headingId}>
          {t("shares.title")}
        </Title>
        {notice ? <FormAlert tone="success">{notice}</FormAlert> : null}
        <MedcardQueryState query={shares} failedTitle={t("shares.loadFailedTitle")} inline>
          {(list) =>
            list.length === 0 ? (
              <Text c="dimmed">{t("shares.empty")}</Text>
            ) : (
              <Stack component="ul" gap="sm" m={0} p={0}>
                {list.map((share) => (
                  <ShareItem
                    key={share.id}
                    share={share}
                    onRevoke={() => {
                      revoke.reset();
                      setRevoking(share);
                    }}
                  />
                ))}
              </Stack>
            )
          }
        </MedcardQueryState>
      </Stack>
      <ConfirmDialog
        opened={revoking !== null}
        title={t("shares.revokeTitle")}
        text={t("shares.revokeText")}
        confirm={t("shares.revokeConfirm")}
        keep={t("shares.revokeKeep")}
        closeLabel={t("share.close")}
        pending={revoke.isPending}
        error={
          revoke.isError
            ? { title: t("shares.revokeFailedTitle"), text: describeError(revoke.error, tCommon) }
            : null
        }
        onConfirm={() => {
          if (revoking) revoke.mutate(revoking);
        }}
        onClose={() => setRevoking(null)}
      />
    </section>
  );
}
