import { zodResolver } from "@hookform/resolvers/zod";
import { Button, NativeSelect, Paper, Stack, Text, TextInput } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useMemo, useRef, useState } from "react";
import { Controller, useFieldArray, useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { formatRuDate, todayInMoscow } from "../../../common/format/date.ts";
import type { LegalDocumentSummary } from "../../../common/identity/legal.schema.ts";
import type { ClientProfile } from "../../../common/identity/session.schema.ts";
import { shiftDate, startDateRange } from "../../../common/shop/certificate-terms.ts";
import {
  CERTIFICATE_START_DAYS_AHEAD,
  type ShopProgram,
} from "../../../common/shop/shop.schema.ts";
import { ApiError } from "../../ui/api.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { bindField, controlledFieldProps, fieldErrorProps } from "../../ui/form-field.ts";
import { randomId } from "../../ui/random-id.ts";
import { describeError, serverFieldError } from "../../ui/server-errors.ts";
import { forgetSessionOn401 } from "../identity/session.ts";
import { CheckoutPerson } from "./checkout-person.tsx";
import {
  type CheckoutBody,
  type CheckoutValues,
  checkoutFieldOrder,
  checkoutSchema,
  placeCheckoutErrors,
} from "./checkout-schema.ts";
import { OfferConsentField, offerErrorText, PaymentMethodField } from "./payment-fields.tsx";
import { goToPayment } from "./payment-redirect.ts";
import { placeCertificateOrder } from "./shop.api.ts";
import classes from "./shop.module.css";
import { formatRubles, formatStartDay } from "./shop-format.ts";

/** The start dates offered: from tomorrow to 30 days ahead, Moscow time. */
function startDates(today = todayInMoscow()): string[] {
  const { first } = startDateRange(today);
  return Array.from({ length: CERTIFICATE_START_DAYS_AHEAD }, (_, day) => shiftDate(first, day));
}

function emptyPerson() {
  return { lastName: "", firstName: "", patronymic: "", noPatronymic: false, birthDate: "" };
}

/**
 * The checkout of one program: the persons (Пациент 1 from the account), the start date, the
 * receipt's e-mail, the method and the offer → «Перейти к оплате» → the provider's page. The form's
 * checkoutKey is made once, so a double click or a retry after a lost answer is the same order.
 */
export function CheckoutForm({
  program,
  client,
  offer,
}: {
  program: ShopProgram;
  client: ClientProfile;
  offer: LegalDocumentSummary;
}) {
  const { t } = useTranslation("shop");
  const { t: tCommon } = useTranslation("common");
  const queryClient = useQueryClient();
  const dates = useMemo(() => startDates(), []);
  const [checkoutKey] = useState(() => randomId());
  const [formError, setFormError] = useState<string | null>(null);
  const [redirecting, setRedirecting] = useState(false);
  // One request at a time: a second click while the first is on its way sends nothing.
  const inFlight = useRef(false);

  const form = useForm<CheckoutValues, unknown, CheckoutBody>({
    resolver: useMemo(() => zodResolver(checkoutSchema(program.audience)), [program.audience]),
    shouldFocusError: false,
    defaultValues: {
      kind: "certificate",
      checkoutKey,
      programId: program.id,
      persons: [
        {
          lastName: client.lastName,
          firstName: client.firstName,
          patronymic: client.patronymic ?? "",
          noPatronymic: client.patronymic === null,
          birthDate: formatRuDate(client.birthDate),
        },
      ],
      startsOn: dates[0] ?? "",
      receiptEmail: client.email,
      acceptedDocuments: [],
      method: "bank_card",
    },
  });
  const { control, handleSubmit, getValues, setError, setFocus, getFieldState } = form;
  const persons = useFieldArray({ control, name: "persons" });
  const order = useMutation({ mutationFn: placeCertificateOrder });

  const focusFirst = () => {
    const first = checkoutFieldOrder(getValues("persons").length).find(
      (name) => getFieldState(name).invalid,
    );
    if (first) setFocus(first);
  };

  // The body is what was typed (birth dates as «дд.мм.гггг»), once the schema has accepted it.
  const onSubmit = handleSubmit(async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    setFormError(null);
    try {
      const redirect = await order.mutateAsync(getValues());
      setRedirecting(true);
      goToPayment(redirect.confirmationUrl);
    } catch (error) {
      forgetSessionOn401(queryClient, error);
      const fields = checkoutFieldOrder(getValues("persons").length);
      setFormError(
        error instanceof ApiError && error.fieldErrors.length > 0
          ? placeCheckoutErrors(error, fields, serverFieldError(setError))
          : describeError(error, tCommon),
      );
    } finally {
      inFlight.current = false;
    }
  }, focusFirst);

  const busy = order.isPending || redirecting;
  return (
    <form onSubmit={onSubmit} noValidate aria-label={t("checkout.title")} className={classes.form}>
      <Stack gap="lg">
        {formError ? <FormAlert title={t("checkout.errorTitle")}>{formError}</FormAlert> : null}

        {persons.fields.map((field, index) => (
          <CheckoutPerson
            key={field.id}
            form={form}
            index={index === 0 ? 0 : 1}
            ownData={index === 0}
            hint={index === 0 ? t("checkout.patient1Hint") : t("checkout.patient2Hint")}
          />
        ))}
        {program.maxPersons === 2 ? (
          persons.fields.length < 2 ? (
            <Button
              variant="light"
              onClick={() => {
                persons.append(emptyPerson(), { focusName: "persons.1.lastName" });
              }}
              style={{ alignSelf: "flex-start" }}
            >
              {t("checkout.addPatient2")}
            </Button>
          ) : (
            <Button
              variant="default"
              onClick={() => persons.remove(1)}
              style={{ alignSelf: "flex-start" }}
            >
              {t("checkout.removePatient2")}
            </Button>
          )
        ) : null}

        <Controller
          control={control}
          name="startsOn"
          render={({ field, fieldState }) => (
            <NativeSelect
              {...field}
              size="md"
              label={t("checkout.startsOn")}
              description={t("checkout.startsOnHint", {
                term: t("catalogue.termMonths", { count: program.termMonths }),
              })}
              data={dates.map((date) => ({ value: date, label: formatStartDay(date) }))}
              {...controlledFieldProps(fieldState)}
            />
          )}
        />

        <TextInput
          label={t("checkout.receiptEmail")}
          description={t("checkout.receiptEmailHint")}
          type="email"
          autoComplete="email"
          inputMode="email"
          {...bindField(form, "receiptEmail")}
        />

        <Controller
          control={control}
          name="method"
          render={({ field, fieldState }) => (
            <PaymentMethodField
              name={field.name}
              value={field.value}
              onChange={field.onChange}
              onBlur={field.onBlur}
              inputRef={field.ref}
              {...controlledFieldProps(fieldState)}
            />
          )}
        />

        <Controller
          control={control}
          name="acceptedDocuments"
          render={({ field, fieldState }) => (
            <OfferConsentField
              offer={offer}
              name={field.name}
              value={field.value}
              onChange={field.onChange}
              onBlur={field.onBlur}
              inputRef={field.ref}
              {...fieldErrorProps(offerErrorText(fieldState.error, t("checkout.offerRequired")))}
            />
          )}
        />

        <Paper withBorder radius="lg" p="md">
          <Stack gap="md">
            <div className={classes.total}>
              <Text fw={600}>{t("checkout.total")}</Text>
              <Text fw={700} fz="xl">
                {formatRubles(program.priceKopecks)}
              </Text>
            </div>
            <Button type="submit" size="md" loading={busy} fullWidth>
              {t("checkout.submit")}
            </Button>
            {redirecting ? (
              <Text role="status" fz="sm" c="dimmed">
                {t("checkout.redirecting")}
              </Text>
            ) : null}
          </Stack>
        </Paper>
      </Stack>
    </form>
  );
}
