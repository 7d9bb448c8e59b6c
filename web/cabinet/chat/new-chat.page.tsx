import { Radio, Stack, Text } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import type { TFunction } from "i18next";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import type { ChatOptions, ChatPersonOption } from "../../../common/chat/chat.schema.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { fieldErrorProps } from "../../ui/form-field.ts";
import { placeServerErrors } from "../../ui/server-errors.ts";
import { QueryState } from "../contracts/query-state.tsx";
import { useBackTo } from "../shell/back-link.tsx";
import { Page } from "../shell/page.tsx";
import { useChatOptions } from "./chat.api.ts";
import { Composer, type Draft } from "./composer.tsx";
import { ReplyTime, SafetyNotice } from "./safety-notice.tsx";
import { UnsentMessageItem } from "./thread.tsx";
import {
  discardChatMessage,
  NEW_CHAT,
  retryStart,
  startChatConversation,
  useUnsentStart,
} from "./unsent.ts";

function personLabel(person: ChatPersonOption, t: TFunction<"chat">) {
  return person.isAccountHolder
    ? t("start.holder", { name: person.name })
    : t("start.person", { name: person.name });
}

function NewChatForm({ options }: { options: ChatOptions }) {
  const { t } = useTranslation("chat");
  const { t: tCommon } = useTranslation("common");
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const stored = useUnsentStart();
  // Kept on this device for someone this account may not open a chat for: not offered.
  const unsent =
    stored && options.persons.some((person) => person.personId === stored.personId) ? stored : null;
  const [personId, setPersonId] = useState<string | null>(
    () =>
      (options.persons.find((person) => person.isAccountHolder) ?? options.persons[0])?.personId ??
      null,
  );
  const [personError, setPersonError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const opened = (id: string) => navigate(`/cabinet/chat/${id}`, { replace: true });

  async function send({ body, files }: Draft): Promise<boolean> {
    setFormError(null);
    if (!personId) {
      setPersonError(t("start.forWhom"));
      return false;
    }
    setSubmitting(true);
    try {
      const result = await startChatConversation(queryClient, personId, body, files);
      if ("conversation" in result) {
        opened(result.conversation.id);
        return true;
      }
      // No connection or a server failure: the message waits below with «Повторить».
      if (result.failure.retryable) return true;
      setFormError(
        placeServerErrors(
          result.failure.error,
          ["personId"] as const,
          (_name, message) => setPersonError(message),
          tCommon,
        ),
      );
      return false;
    } finally {
      setSubmitting(false);
    }
  }

  if (unsent && !submitting) {
    const person = options.persons.find((option) => option.personId === unsent.personId);
    return (
      <Stack gap="md">
        <SafetyNotice />
        <FormAlert tone="info" title={t("start.unsentTitle")}>
          {t("start.unsentText")}
        </FormAlert>
        {person ? <Text fw={600}>{t("start.unsentFor", { name: person.name })}</Text> : null}
        <Stack gap="xs" component="ol" m={0} p={0} aria-label={t("thread.label")}>
          <UnsentMessageItem
            item={unsent}
            onRetry={() => {
              void retryStart(queryClient).then((result) => {
                if (result && "conversation" in result) opened(result.conversation.id);
              });
            }}
            onDiscard={() => discardChatMessage(NEW_CHAT, unsent.clientMessageId)}
          />
        </Stack>
      </Stack>
    );
  }

  const progress =
    submitting && unsent?.state.kind === "sending" ? unsent.state.percent : submitting ? 0 : null;

  return (
    <Stack gap="md">
      <SafetyNotice />
      <ReplyTime minutes={options.typicalReplyMinutes} />
      <Composer
        onSend={send}
        progress={progress}
        alert={formError ? <FormAlert title={t("start.failedTitle")}>{formError}</FormAlert> : null}
        before={
          <Radio.Group
            label={t("start.forWhom")}
            description={t("start.forWhomHint")}
            value={personId}
            onChange={(value) => {
              setPersonId(value);
              setPersonError(null);
            }}
            required
            {...fieldErrorProps(personError)}
          >
            <Stack gap="sm" mt={6}>
              {options.persons.map((person) => (
                <Radio
                  key={person.personId}
                  value={person.personId}
                  label={personLabel(person, t)}
                  description={t("start.personDetails", {
                    number: person.contractNumber,
                    program: person.programName,
                  })}
                />
              ))}
            </Stack>
          </Radio.Group>
        }
      />
    </Stack>
  );
}

/** «Новый чат»: «Для кого» and the first message, with the notice before it. */
export function NewChatPage() {
  const { t } = useTranslation("chat");
  const options = useChatOptions();
  const back = useBackTo({ to: "/cabinet/chat", label: t("title") });
  return (
    <Page documentTitle={t("start.pageTitle")} title={t("start.title")} back={back}>
      <QueryState query={options}>
        {(loaded) =>
          loaded.persons.length === 0 ? (
            <Text>{t("ineligible.text")}</Text>
          ) : (
            <NewChatForm options={loaded} />
          )
        }
      </QueryState>
    </Page>
  );
}
