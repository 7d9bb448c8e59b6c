import { Anchor, Button, Stack, Text } from "@mantine/core";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { BookingPersonView } from "../../../common/booking/booking.schema.ts";
import { formatRuDate } from "../../../common/format/date.ts";
import { FormAlert } from "../../ui/form-alert.tsx";

/** The persons «Для кого» offers: those of the contract it was opened from, when it was. */
export function offeredPersons(
  persons: readonly BookingPersonView[],
  contractId: string | null,
): BookingPersonView[] {
  const ofContract = contractId ? persons.filter((p) => p.contractId === contractId) : [];
  return ofContract.length > 0 ? ofContract : [...persons];
}

/** «Для кого»: a covered person of the account's active contracts, one button each. */
export function PersonStep({
  persons,
  contractId,
  unknownPerson,
  onChoose,
}: {
  persons: readonly BookingPersonView[];
  contractId: string | null;
  /** The address named a person who is not among them. */
  unknownPerson: boolean;
  onChoose: (person: BookingPersonView, replace: boolean) => void;
}) {
  const { t } = useTranslation("booking");
  const offered = offeredPersons(persons, contractId);
  const only = contractId && offered.length === 1 ? offered[0] : undefined;
  // Opened from a contract with one covered person: nothing to choose.
  useEffect(() => {
    if (only && !unknownPerson) onChoose(only, true);
  }, [only, unknownPerson, onChoose]);

  if (persons.length === 0) {
    return (
      <Stack gap="sm" align="flex-start">
        <Text>{t("person.none")}</Text>
        <Anchor component={Link} to="/cabinet/contracts" fw={600}>
          {t("person.contracts")}
        </Anchor>
      </Stack>
    );
  }
  return (
    <Stack gap="sm">
      {unknownPerson ? <FormAlert tone="info">{t("person.notFound")}</FormAlert> : null}
      <Text c="dimmed">{t("person.hint")}</Text>
      <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: "none" }}>
        {offered.map((person) => (
          <li key={person.id}>
            <Button
              variant="default"
              fullWidth
              h="auto"
              py="sm"
              justify="flex-start"
              onClick={() => onChoose(person, false)}
              styles={{
                label: {
                  flexDirection: "column",
                  alignItems: "flex-start",
                  whiteSpace: "normal",
                  textAlign: "left",
                },
              }}
            >
              <Text component="span" fw={700} fz="md">
                {person.name}
              </Text>
              <Text component="span" fz="sm" c="dimmed">
                {t("person.born", { date: formatRuDate(person.birthDate) })}
              </Text>
              <Text component="span" fz="sm" c="dimmed">
                {t("person.details", {
                  program: person.programName,
                  number: person.contractNumber,
                })}
              </Text>
            </Button>
          </li>
        ))}
      </Stack>
    </Stack>
  );
}
