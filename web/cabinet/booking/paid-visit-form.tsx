import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Stack, Text, TextInput } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { Controller, type FieldPath, useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import type { SlotView } from "../../../common/booking/booking.schema.ts";
import {
  type VisitOrderRequest,
  visitOrderRequestSchema,
} from "../../../common/shop/shop.schema.ts";
import { ApiError } from "../../ui/api.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { bindField, controlledFieldProps, fieldErrorProps } from "../../ui/form-field.ts";
import { randomId } from "../../ui/random-id.ts";
import { describeError, placeServerErrors, serverFieldError } from "../../ui/server-errors.ts";
import { legalDocumentsQuery } from "../identity/identity.api.ts";
import { forgetSessionOn401, useSignedInClient } from "../identity/session.ts";
import { OfferConsentField, offerErrorText, PaymentMethodField } from "../shop/payment-fields.tsx";
import { goToPayment } from "../shop/payment-redirect.ts";
import { placeVisitOrder } from "./booking.api.ts";

const OFFER_SLUG = "offer";
const resolver = zodResolver(visitOrderRequestSchema);
type Body = z.output<typeof visitOrderRequestSchema>;
const FIELDS: readonly FieldPath<VisitOrderRequest>[] = [
  "receiptEmail",
  "method",
  "acceptedDocuments",
];

/**
 * A «Платно» time: the receipt's e-mail (the account's), «Способ оплаты», the offer and
 * «Оплатить и записаться» → the time held, the order, the provider's page. Made once per chosen
 * time (its checkoutKey too), so a double click or a retry is the same order. A 409 (the time was
 * taken meanwhile) goes to `onConflict`; field errors stay on their fields.
 */
export function PaidVisitForm({
  slot,
  personId,
  onConflict,
}: {
  slot: SlotView;
  personId: string;
  onConflict: (error: ApiError) => void;
}) {
  const { t } = useTranslation("booking");
  const { t: tShop } = useTranslation("shop");
  const { t: tCommon } = useTranslation("common");
  const queryClient = useQueryClient();
  const client = useSignedInClient();
  const documents = useQuery(legalDocumentsQuery());
  const offer = documents.data?.documents.find((document) => document.slug === OFFER_SLUG);
  const [checkoutKey] = useState(() => randomId());
  const [formError, setFormError] = useState<string | null>(null);
  const [redirecting, setRedirecting] = useState(false);
  // One request at a time: a second click while the first is on its way sends nothing.
  const inFlight = useRef(false);
  const form = useForm<VisitOrderRequest, unknown, Body>({
    resolver,
    defaultValues: {
      kind: "visit",
      checkoutKey,
      personId,
      slotId: slot.id,
      receiptEmail: client.email,
      acceptedDocuments: [],
      method: "bank_card",
    },
  });
  const { control, handleSubmit, setError } = form;
  const order = useMutation({ mutationFn: placeVisitOrder });

  const onSubmit = handleSubmit(async (body) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setFormError(null);
    try {
      const redirect = await order.mutateAsync(body);
      setRedirecting(true);
      goToPayment(redirect.confirmationUrl);
    } catch (error) {
      forgetSessionOn401(queryClient, error);
      if (error instanceof ApiError && error.status === 409) onConflict(error);
      else setFormError(placeServerErrors(error, FIELDS, serverFieldError(setError), tCommon));
    } finally {
      inFlight.current = false;
    }
  });

  if (documents.isPending) {
    return (
      <Text role="status" c="dimmed">
        {tShop("checkout.offerLoading")}
      </Text>
    );
  }
  if (documents.isError) {
    return (
      <Stack gap="xs" align="flex-start">
        <FormAlert title={tShop("checkout.offerFailed")} w="100%">
          {describeError(documents.error, tCommon)}
        </FormAlert>
        <Button variant="light" onClick={() => void documents.refetch()}>
          {tShop("retry")}
        </Button>
      </Stack>
    );
  }
  if (!offer) return <FormAlert>{t("pay.offerMissing")}</FormAlert>;

  const busy = order.isPending || redirecting;
  return (
    <form onSubmit={onSubmit} noValidate aria-label={t("pay.formLabel")}>
      <Stack gap="md">
        {formError ? <FormAlert title={t("pay.failedTitle")}>{formError}</FormAlert> : null}
        <TextInput
          size="md"
          label={tShop("checkout.receiptEmail")}
          description={t("pay.receiptEmailHint")}
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
              {...fieldErrorProps(
                offerErrorText(fieldState.error, tShop("checkout.offerRequired")),
              )}
            />
          )}
        />
        <Button type="submit" size="md" loading={busy} style={{ alignSelf: "flex-start" }}>
          {t("pay.submit")}
        </Button>
        {redirecting ? (
          <Text role="status" fz="sm" c="dimmed">
            {tShop("checkout.redirecting")}
          </Text>
        ) : null}
      </Stack>
    </form>
  );
}
