import { Button, Paper, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { FormAlert } from "../../ui/form-alert.tsx";
import { pushPublicKeyQuery } from "./notifications.api.ts";
import { usePushSubscription } from "./push-subscription.ts";

// The buttons' words are long for a 360 px card: they wrap rather than run out of it.
const wrapping = {
  root: { height: "auto", minHeight: 42, paddingBlock: 8 },
  label: { whiteSpace: "normal" as const, textAlign: "center" as const },
};

/**
 * «Push-уведомления на этом устройстве»: the browser is asked for permission only when the client
 * taps «Включить push-уведомления», never on load. Says plainly when push cannot work here (an
 * unsupporting browser, iOS outside the Home Screen), is blocked by the browser, or is off on the
 * server.
 */
export function PushSettings() {
  const { t } = useTranslation("notifications");
  const publicKey = useQuery(pushPublicKeyQuery);
  // A failed read of the key says nothing of the browser: treat it as «the server sends none».
  const key = publicKey.isError ? null : publicKey.data?.publicKey;
  const push = usePushSubscription(key);

  return (
    <Paper withBorder radius="lg" p="md" component="section" aria-labelledby="push-title">
      <Stack gap="sm">
        <Title order={2} fz="h4" id="push-title">
          {t("push.title")}
        </Title>
        {push.state === "checking" ? (
          <Text role="status" c="dimmed" fz="sm">
            {t("push.checking")}
          </Text>
        ) : null}
        {push.state === "unsupported" ? (
          <>
            <Text>{t("push.unsupported")}</Text>
            <Text fz="sm" c="dimmed">
              {t("push.unsupportedIos")}
            </Text>
          </>
        ) : null}
        {push.state === "server-off" ? <Text>{t("push.serverOff")}</Text> : null}
        {push.state === "blocked" ? <Text>{t("push.blocked")}</Text> : null}
        {push.state === "off" ? (
          <>
            <Text fz="sm">{t("push.intro")}</Text>
            <Button
              onClick={() => void push.enable()}
              loading={push.busy}
              style={{ alignSelf: "flex-start", maxWidth: "100%" }}
              styles={wrapping}
            >
              {t("push.enable")}
            </Button>
          </>
        ) : null}
        {push.state === "on" ? (
          <>
            <Text role="status">{t("push.on")}</Text>
            <Button
              variant="default"
              onClick={() => void push.disable()}
              loading={push.busy}
              style={{ alignSelf: "flex-start", maxWidth: "100%" }}
              styles={wrapping}
            >
              {t("push.disable")}
            </Button>
          </>
        ) : null}
        {push.problem === "dismissed" ? <Text role="status">{t("push.dismissed")}</Text> : null}
        {push.problem === "failed" ? <FormAlert>{t("push.failed")}</FormAlert> : null}
      </Stack>
    </Paper>
  );
}
