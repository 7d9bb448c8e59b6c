import { Anchor, Paper, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { formatMoscowDateTime, formatRuDate } from "../../../common/format/date.ts";
import { PageLoader } from "../../ui/page-loader.tsx";
import { LoadFailed } from "../../ui/query-states.tsx";
import { type ChatLinkState, chatContextQuery } from "./chat.api.ts";

const askFirst: ChatLinkState = { askReason: true };

import classes from "./chat.module.css";

/**
 * Beside the thread: the person's contract and program, their appeals and earlier chats. Each
 * read of it is written to the audit log on the server.
 */
export function ContextPanel({ chatId, reason }: { chatId: string; reason: string | null }) {
  const { t } = useTranslation("staffChat");
  const context = useQuery(chatContextQuery(chatId, reason));
  // The contract's kind by its code; a code this console does not know yet is shown as it is.
  const kindName = (kind: string) =>
    kind === "certificate" || kind === "dms_policy" ? t(`context.kinds.${kind}`) : kind;
  return (
    <Paper
      withBorder
      radius="lg"
      p={{ base: "sm", sm: "md" }}
      component="aside"
      aria-labelledby="chat-context-title"
    >
      <Stack gap="md">
        <Title order={2} fz="h4" id="chat-context-title">
          {t("context.title")}
        </Title>
        {context.isError ? <LoadFailed title={t("context.failed")} query={context} /> : null}
        {context.isPending ? <PageLoader label={t("context.loading")} /> : null}
        {context.data ? (
          <>
            <section aria-labelledby="chat-context-contract">
              <Title order={3} fz="sm" id="chat-context-contract" mb={4}>
                {t("context.contract")}
              </Title>
              <dl className={classes.pairs}>
                <dt>{t("common.contract")}</dt>
                <dd>
                  <Anchor component={Link} to={`/staff/contracts/${context.data.contract.id}`}>
                    {context.data.contract.number}
                  </Anchor>
                </dd>
                <dt>{t("context.kind")}</dt>
                <dd>{kindName(context.data.contract.kind)}</dd>
                <dt>{t("context.validity")}</dt>
                <dd>
                  {t("context.validityRange", {
                    from: formatRuDate(context.data.contract.validFrom),
                    to: formatRuDate(context.data.contract.validTo),
                  })}
                </dd>
                <dt>{t("common.program")}</dt>
                <dd>{context.data.program.name}</dd>
              </dl>
              {context.data.program.coverage ? (
                <Text fz="sm" mt={4} className={classes.text}>
                  {context.data.program.coverage}
                </Text>
              ) : null}
            </section>

            <section aria-labelledby="chat-context-appeals">
              <Title order={3} fz="sm" id="chat-context-appeals" mb={4}>
                {t("context.appeals")}
              </Title>
              {context.data.appeals.length === 0 ? (
                <Text fz="sm" c="dimmed">
                  {t("context.noAppeals")}
                </Text>
              ) : (
                <ul className={classes.history}>
                  {context.data.appeals.map((appeal) => (
                    <li key={appeal.id}>
                      <Text fz="sm" fw={600}>
                        {`${formatMoscowDateTime(appeal.occurredAt)} · ${appeal.serviceType}`}
                      </Text>
                      <Text fz="sm">
                        {appeal.doctorName
                          ? t("context.appealWho", {
                              person: appeal.personName,
                              doctor: appeal.doctorName,
                            })
                          : appeal.personName}
                      </Text>
                      {appeal.result ? (
                        <Text fz="sm" className={classes.text}>
                          {appeal.result}
                        </Text>
                      ) : null}
                    </li>
                  ))}
                </ul>
              )}
            </section>

            <section aria-labelledby="chat-context-chats">
              <Title order={3} fz="sm" id="chat-context-chats" mb={4}>
                {t("context.earlierChats")}
              </Title>
              {context.data.earlierChats.length === 0 ? (
                <Text fz="sm" c="dimmed">
                  {t("context.noEarlierChats")}
                </Text>
              ) : (
                <ul className={classes.history}>
                  {context.data.earlierChats.map((earlier) => (
                    <li key={earlier.id}>
                      <Text fz="sm" fw={600}>
                        <Anchor
                          component={Link}
                          to={`/staff/chats/${earlier.id}`}
                          state={earlier.closedAt ? askFirst : undefined}
                        >
                          {formatMoscowDateTime(earlier.createdAt)}
                        </Anchor>
                        {earlier.doctorName ? ` · ${earlier.doctorName}` : ""}
                      </Text>
                      <Text fz="sm">
                        {earlier.outcome ? t(`outcome.${earlier.outcome}`) : t("context.notClosed")}
                      </Text>
                      {earlier.conclusion ? (
                        <Text fz="sm" className={classes.text} lineClamp={3}>
                          {earlier.conclusion}
                        </Text>
                      ) : null}
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </>
        ) : null}
      </Stack>
    </Paper>
  );
}
