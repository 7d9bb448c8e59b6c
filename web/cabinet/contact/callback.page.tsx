import { Anchor, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { company } from "../../../common/company.ts";
import type { Callback } from "../../../common/contact/contact.schema.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { givenNames, useContract } from "../contracts/contracts-api.ts";
import { QueryState } from "../contracts/query-state.tsx";
import { Page } from "../shell/page.tsx";
import { CallbackCard, useExpectedTime } from "./callback-card.tsx";
import { CallbackForm } from "./callback-form.tsx";
import { useCallbacks } from "./contact-api.ts";

/** «Перезвонить мне» on one contract: the form, or the open request with «Отменить заявку». */
export function CallbackPage() {
  const { t } = useTranslation("contact");
  const { id = "" } = useParams();
  const contract = useContract(id);
  const callbacks = useCallbacks();
  const expected = useExpectedTime();
  const [accepted, setAccepted] = useState<Callback | null>(null);
  const back = { to: `/cabinet/contracts/${id}`, label: t("backToContract") };

  return (
    <Page documentTitle={t("callback.pageTitle")} title={t("callback.title")} back={back}>
      <QueryState query={contract}>
        {(detail) => {
          if (accepted) {
            return (
              <Stack gap="md">
                <FormAlert tone="success" title={t("callback.acceptedTitle")}>
                  {expected(accepted)}
                </FormAlert>
                <Anchor component={Link} to={back.to} fw={600}>
                  {t("backToContract")}
                </Anchor>
              </Stack>
            );
          }
          if (detail.status === "expired") {
            return (
              <Text>
                {t("callback.expired")}{" "}
                <Anchor href={`tel:${company.phones.contactCentre.tel}`}>
                  {company.phones.contactCentre.display}
                </Anchor>
              </Text>
            );
          }
          const open = callbacks.data?.find(
            (entry) =>
              entry.contractId === detail.id &&
              (entry.status === "new" || entry.status === "in_progress"),
          );
          if (open) {
            return (
              <Stack gap="md">
                <Text>{t("callback.alreadyOpen")}</Text>
                <CallbackCard callback={open} />
              </Stack>
            );
          }
          return (
            <CallbackForm
              contract={{
                id: detail.id,
                number: detail.number,
                persons: detail.persons.map((person) => ({
                  slot: person.slot,
                  name: givenNames(person),
                })),
              }}
              onDone={setAccepted}
            />
          );
        }}
      </QueryState>
    </Page>
  );
}
