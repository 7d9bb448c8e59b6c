import { Button } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { company } from "../../../common/company.ts";
import { EmptyState } from "../../ui/empty-state.tsx";
import { IconChat, IconPhone } from "../../ui/icons.tsx";
import { Page } from "../shell/page.tsx";

export function ChatPage() {
  const { t } = useTranslation("cabinet");
  const phone = company.phones.contactCentre;
  return (
    <Page documentTitle={t("chat.pageTitle")} title={t("chat.title")}>
      <EmptyState
        icon={<IconChat size={28} />}
        title={t("chat.emptyTitle")}
        description={t("chat.emptyText")}
      >
        <Button
          component="a"
          href={`tel:${phone.tel}`}
          variant="light"
          leftSection={<IconPhone size={20} />}
          h="auto"
          py="xs"
          maw="100%"
          styles={{ label: { whiteSpace: "normal" } }}
        >
          {t("chat.call", { phone: phone.display.replaceAll(" ", "\u00a0") })}
        </Button>
      </EmptyState>
    </Page>
  );
}
