import { Button, Paper, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { type FormEvent, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { doctorSearchQuerySchema } from "../../../common/booking/booking.schema.ts";
import { QueryState } from "../contracts/query-state.tsx";
import { useDoctorSearch, useSpecialties } from "./booking.api.ts";
import { capitalize } from "./booking-format.ts";

export interface ChosenDoctor {
  id: string;
  specialtyId: string;
  clinicId: string;
}

/** A specialty, or a doctor found by name (the doctor's clinic then is chosen with them). */
export function SubjectStep({
  personId,
  onSpecialty,
  onDoctor,
}: {
  personId: string;
  onSpecialty: (specialtyId: string) => void;
  onDoctor: (doctor: ChosenDoctor) => void;
}) {
  const { t } = useTranslation("booking");
  const specialties = useSpecialties();
  const specialtiesId = useId();
  const searchId = useId();
  const [text, setText] = useState("");
  const [query, setQuery] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const doctors = useDoctorSearch(personId, query);

  const search = (event: FormEvent) => {
    event.preventDefault();
    const parsed = doctorSearchQuerySchema.shape.q.safeParse(text);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? null);
      setQuery(null);
      return;
    }
    setError(null);
    setQuery(parsed.data);
  };

  return (
    <Stack gap="xl">
      <section aria-labelledby={specialtiesId}>
        <Stack gap="sm">
          <Title order={3} fz="h4" id={specialtiesId}>
            {t("subject.specialties")}
          </Title>
          <QueryState query={specialties}>
            {(list) => (
              <SimpleGrid component="ul" cols={{ base: 1, xs: 2, sm: 3 }} spacing="xs" p={0} m={0}>
                {list.map((specialty) => (
                  <li key={specialty.id} style={{ listStyle: "none" }}>
                    <Button
                      variant="default"
                      fullWidth
                      justify="flex-start"
                      onClick={() => onSpecialty(specialty.id)}
                    >
                      {capitalize(specialty.name)}
                    </Button>
                  </li>
                ))}
              </SimpleGrid>
            )}
          </QueryState>
        </Stack>
      </section>
      <section aria-labelledby={searchId}>
        <Stack gap="sm">
          <Title order={3} fz="h4" id={searchId}>
            {t("subject.doctorSearch")}
          </Title>
          <form onSubmit={search} noValidate>
            <Stack gap="xs">
              <TextInput
                label={t("subject.doctorName")}
                description={t("subject.doctorNameHint")}
                value={text}
                onChange={(event) => setText(event.currentTarget.value)}
                error={error}
                autoComplete="off"
                maxLength={100}
              />
              <Button
                type="submit"
                variant="light"
                loading={doctors.isFetching}
                style={{ alignSelf: "flex-start" }}
              >
                {t("subject.find")}
              </Button>
            </Stack>
          </form>
          {query !== null ? (
            <QueryState query={doctors}>
              {(found) =>
                found.length === 0 ? (
                  <Text role="status">{t("subject.noDoctors")}</Text>
                ) : (
                  <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: "none" }}>
                    {found.map((doctor) => (
                      <Paper component="li" key={doctor.id} withBorder radius="lg" p="md">
                        <Stack gap={4}>
                          <Text fw={700}>{doctor.name}</Text>
                          <Text fz="sm">
                            {t("subject.doctorDetails", {
                              specialty: doctor.specialty.name,
                              years: t("subject.years", { count: doctor.yearsOfPractice }),
                            })}
                          </Text>
                          <Text fz="sm" c="dimmed">
                            {doctor.clinic.name}, {doctor.clinic.address}
                          </Text>
                          <Button
                            variant="light"
                            mt={4}
                            style={{ alignSelf: "flex-start" }}
                            aria-label={t("subject.chooseDoctor", {
                              name: doctor.name,
                              clinic: doctor.clinic.name,
                            })}
                            onClick={() =>
                              onDoctor({
                                id: doctor.id,
                                specialtyId: doctor.specialty.id,
                                clinicId: doctor.clinic.id,
                              })
                            }
                          >
                            {t("subject.choose")}
                          </Button>
                        </Stack>
                      </Paper>
                    ))}
                  </Stack>
                )
              }
            </QueryState>
          ) : null}
        </Stack>
      </section>
    </Stack>
  );
}
