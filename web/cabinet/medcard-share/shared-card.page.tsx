import { Box, Button, Container, Stack, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { formatMoscowDateTime } from "../../../common/format/date.ts";
import type { MedcardSharedView } from "../../../common/medcard/medcard.schema.ts";
import { ApiError } from "../../ui/api.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { PageLoader } from "../../ui/page-loader.tsx";
import { describeError } from "../../ui/server-errors.ts";
import { CabinetHeader } from "../shell/cabinet-header.tsx";
import { shareStatusQuery } from "./medcard-share.api.ts";
import { ShareCodeForm } from "./share-code-form.tsx";
import { SharedCardView } from "./shared-card-view.tsx";

/** Why a link opens nothing, in the words the doctor reads. */
function ClosedLink({
  reason,
  expiresAt,
}: {
  reason: "notFound" | "expired" | "revoked";
  expiresAt?: string;
}) {
  const { t } = useTranslation("medcardShare");
  return (
    <FormAlert title={t(`closed.${reason}.title`)}>
      {t(`closed.${reason}.text`, {
        time: expiresAt ? formatMoscowDateTime(expiresAt) : "",
      })}
    </FormAlert>
  );
}

// setTimeout's longest delay (about 24.8 days); a 30-day link waits in more than one step.
const LONGEST_TIMEOUT_MS = 2_147_483_647;

/** Whether a moment has passed, turning true when it comes while the page is open. */
function usePassed(moment: string | undefined): boolean {
  const at = moment ? Date.parse(moment) : Number.NaN;
  const [passed, setPassed] = useState(() => Date.now() >= at);
  useEffect(() => {
    if (Number.isNaN(at)) return;
    let timer: number | undefined;
    const check = () => {
      const left = at - Date.now();
      setPassed(left <= 0);
      if (left > 0) timer = window.setTimeout(check, Math.min(left, LONGEST_TIMEOUT_MS));
    };
    check();
    return () => window.clearTimeout(timer);
  }, [at]);
  return passed;
}

function SharedCardContent({ token }: { token: string }) {
  const { t } = useTranslation("medcardShare");
  const { t: tCommon } = useTranslation("common");
  const status = useQuery(shareStatusQuery(token));
  const [view, setView] = useState<MedcardSharedView | null>(null);
  // A card open on the screen closes when its link ends, as the server refuses its files from then.
  const expired = usePassed(view?.expiresAt ?? status.data?.expiresAt);

  if (status.isPending) return <PageLoader label={t("loading")} />;
  if (status.isError) {
    if (status.error instanceof ApiError && status.error.status === 404) {
      return <ClosedLink reason="notFound" />;
    }
    return (
      <Stack gap="md">
        <FormAlert title={t("loadFailedTitle")}>{describeError(status.error, tCommon)}</FormAlert>
        <Button
          variant="light"
          onClick={() => void status.refetch()}
          loading={status.isFetching}
          style={{ alignSelf: "flex-start" }}
        >
          {t("retry")}
        </Button>
      </Stack>
    );
  }
  const { status: linkStatus, expiresAt } = status.data;
  if (linkStatus !== "active") return <ClosedLink reason={linkStatus} expiresAt={expiresAt} />;
  if (expired) return <ClosedLink reason="expired" expiresAt={expiresAt} />;
  if (view) return <SharedCardView token={token} view={view} />;
  return <ShareCodeForm token={token} expiresAt={expiresAt} onOpened={setView} />;
}

/**
 * The card a doctor opens with the patient's link (/medcard-share/<token>) and its 6-digit code.
 * The doctor has no account: no cabinet menu, nothing to change, and nothing for search engines.
 */
export function SharedCardPage() {
  const { t } = useTranslation("medcardShare");
  const { token = "" } = useParams();
  return (
    <Box mih="100dvh" bg="white">
      <CabinetHeader homeHref="/" />
      <Container component="main" size="md" px="md" py="xl">
        <title>{t("pageTitle")}</title>
        <meta name="robots" content="noindex" />
        <Stack gap="lg">
          <Title order={1} fz={{ base: "h2", sm: "h1" }}>
            {t("title")}
          </Title>
          <SharedCardContent token={token} />
        </Stack>
      </Container>
    </Box>
  );
}
