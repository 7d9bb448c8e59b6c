import { Button, Group, Paper, Radio, Stack, Text, Textarea, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import {
  type ChatConclusion,
  type ChatConversation,
  chatRatingRequestSchema,
} from "../../../common/chat/chat.schema.ts";
import { formatMoscowDateTime } from "../../../common/format/date.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { fieldErrorProps } from "../../ui/form-field.ts";
import { placeServerErrors } from "../../ui/server-errors.ts";
import { forgetSessionOn401 } from "../identity/session.ts";
import { chatQueryKeys, rateChat } from "./chat.api.ts";

function Row({ label, children }: { label: string; children: string }) {
  return (
    <Stack gap={0}>
      <Text fz="sm" c="dark.4">
        {label}
      </Text>
      <Text fw={600} style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
        {children}
      </Text>
    </Stack>
  );
}

/** Where «Записаться» leads: the booking, with the chat's person and the specialty chosen. */
export function bookingHref(personId: string, specialtyId: string): string {
  return `/cabinet/booking?${new URLSearchParams({ personId, specialtyId }).toString()}`;
}

/**
 * The doctor's «Заключение», set apart from the messages: outcome, specialty, text, doctor, time;
 * with «Записаться» when it recommends a specialty of the network.
 */
export function ConclusionCard({
  conclusion,
  personId,
  recommendedSpecialty,
}: {
  conclusion: ChatConclusion;
  /** The chat's person: whom «Записаться» books for. */
  personId: string;
  recommendedSpecialty: { id: string; name: string } | null;
}) {
  const { t } = useTranslation("chat");
  const titleId = useId();
  return (
    <Paper
      component="section"
      aria-labelledby={titleId}
      withBorder
      radius="lg"
      p="md"
      style={{ borderLeft: "4px solid var(--mantine-color-rms-6)" }}
    >
      <Stack gap="sm">
        <Title order={2} fz="h3" id={titleId}>
          {t("conclusion.title")}
        </Title>
        <Row label={t("conclusion.outcomeLabel")}>
          {t(`conclusion.outcome.${conclusion.outcome}`)}
        </Row>
        {conclusion.specialty ? (
          <Row label={t("conclusion.specialty")}>{conclusion.specialty}</Row>
        ) : null}
        <Text style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>{conclusion.text}</Text>
        {recommendedSpecialty ? (
          <Button
            component={Link}
            to={bookingHref(personId, recommendedSpecialty.id)}
            style={{ alignSelf: "flex-start" }}
          >
            {t("conclusion.book")}
          </Button>
        ) : null}
        <Group gap="lg" wrap="wrap">
          <Row label={t("conclusion.doctor")}>{conclusion.doctorName}</Row>
          <Row label={t("conclusion.closedAt")}>
            {t("thread.sentAt", { time: formatMoscowDateTime(conclusion.closedAt) })}
          </Row>
        </Group>
      </Stack>
    </Paper>
  );
}

const SCORES = ["1", "2", "3", "4", "5"] as const;

/** «Оценить консультацию»: 1–5 and an optional comment; once given, what was given. */
export function RatingForm({ conversation }: { conversation: ChatConversation }) {
  const { t } = useTranslation("chat");
  const { t: tCommon } = useTranslation("common");
  const queryClient = useQueryClient();
  const titleId = useId();
  const [score, setScore] = useState<string | null>(null);
  const [comment, setComment] = useState("");
  const [scoreError, setScoreError] = useState<string | null>(null);
  const [commentError, setCommentError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [justRated, setJustRated] = useState(false);
  const rate = useMutation({
    mutationFn: (body: { score: number; comment: string }) => rateChat(conversation.id, body),
    onSuccess: (updated) => {
      queryClient.setQueryData(chatQueryKeys.conversation(conversation.id), updated);
      void queryClient.invalidateQueries({ queryKey: chatQueryKeys.list });
      setJustRated(true);
    },
  });

  if (conversation.rating) {
    return (
      <Paper component="section" aria-labelledby={titleId} withBorder radius="lg" p="md">
        <Stack gap="xs">
          <Title order={2} fz="h4" id={titleId}>
            {t("rating.title")}
          </Title>
          {justRated ? <FormAlert tone="success">{t("rating.thanks")}</FormAlert> : null}
          <Text fw={600}>{t("rating.given", { score: conversation.rating.score })}</Text>
          {conversation.rating.comment ? (
            <Text style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
              {t("rating.givenComment", { comment: conversation.rating.comment })}
            </Text>
          ) : null}
        </Stack>
      </Paper>
    );
  }

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setFormError(null);
    const parsed = chatRatingRequestSchema.safeParse({
      score: score === null ? undefined : Number(score),
      comment,
    });
    if (!parsed.success) {
      const issues = parsed.error.issues;
      setScoreError(issues.find((issue) => issue.path[0] === "score")?.message ?? null);
      setCommentError(issues.find((issue) => issue.path[0] === "comment")?.message ?? null);
      return;
    }
    setScoreError(null);
    setCommentError(null);
    try {
      await rate.mutateAsync(parsed.data);
    } catch (error) {
      forgetSessionOn401(queryClient, error);
      setFormError(
        placeServerErrors(
          error,
          ["score", "comment"] as const,
          (name, message) => (name === "score" ? setScoreError(message) : setCommentError(message)),
          tCommon,
        ),
      );
    }
  }

  return (
    <Paper component="section" aria-labelledby={titleId} withBorder radius="lg" p="md">
      <form onSubmit={(event) => void submit(event)} noValidate>
        <Stack gap="sm">
          <Title order={2} fz="h4" id={titleId}>
            {t("rating.title")}
          </Title>
          {formError ? <FormAlert title={t("rating.failedTitle")}>{formError}</FormAlert> : null}
          <Radio.Group
            label={t("rating.score")}
            description={t("rating.scoreHint")}
            value={score}
            onChange={(value) => {
              setScore(value);
              setScoreError(null);
            }}
            {...fieldErrorProps(scoreError)}
          >
            <Group gap="md" mt={6} wrap="wrap">
              {SCORES.map((value) => (
                <Radio
                  key={value}
                  value={value}
                  label={value}
                  aria-label={t("rating.scoreOption", { count: Number(value) })}
                />
              ))}
            </Group>
          </Radio.Group>
          <Textarea
            label={t("rating.comment")}
            description={t("rating.commentHint")}
            autosize
            minRows={2}
            maxLength={1000}
            value={comment}
            onChange={(event) => setComment(event.currentTarget.value)}
            {...fieldErrorProps(commentError)}
          />
          <Button type="submit" loading={rate.isPending} style={{ alignSelf: "flex-start" }}>
            {t("rating.submit")}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
