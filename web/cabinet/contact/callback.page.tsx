import { Anchor, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { company } from "../../../common/company.ts";
import type { Callback } from "../../../common/contact/contact.schema.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { useContractParent } from "../contracts/contract-parent.ts";
import { givenNames, useContract } from "../contracts/contracts.api.ts";
import { QueryState } from "../contracts/query-state.tsx";
import { Page } from "../shell/page.tsx";
import { CallbackCard, useExpectedTime } from "./callback-card.tsx";
import { CallbackForm } from "./callback-form.tsx";
import { useCallbacks } from "./contact.api.ts";

/** «Перезвонить мне» on one contract: the form, or the open request with «Отменить заявку». */
export function CallbackPage() {
  const { t } = useTranslation("contact");
  const { id = "" } = useParams();
  const contract = useContract(id);
  const callbacks = useCallbacks();
  const expected = useExpectedTime();
  const [accepted, setAccepted] = useState<Callback | null>(null);
  // Opened from the contract's page or from «Главная».
  const back = useContractParent(id, contract.data?.kind);

  return (
    <Page documentTitle={t("callback.pageTitle")} title={t("callback.title")} back={back}>
      <QueryState query={contract}>
        {(detail) => {
          if (accepted) {
            return (
              <FormAlert tone="success" title={t("callback.acceptedTitle")}>
                {expected(accepted)}
              </FormAlert>
            );
          }
          if (detail.status === "expired" || detail.status === "annulled") {
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
