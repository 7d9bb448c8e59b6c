import { Anchor, Checkbox, Group, Radio } from "@mantine/core";
import type { Ref } from "react";
import { Trans, useTranslation } from "react-i18next";
import type { LegalDocumentSummary } from "../../../common/identity/legal.schema.ts";
import { type PaymentMethod, paymentMethodSchema } from "../../../common/shop/shop.schema.ts";
import type { FieldErrorProps } from "../../ui/form-field.ts";

/** The props a `Controller`'s field hands over, as these inputs take them. */
interface BoundInput<V> {
  name: string;
  value: V;
  onChange: (value: V) => void;
  onBlur: () => void;
  inputRef: Ref<HTMLInputElement>;
}

/** «Способ оплаты»: «Картой» or «Через СБП», one radio group (the certificate's and the visit's). */
export function PaymentMethodField({
  name,
  value,
  onChange,
  onBlur,
  inputRef,
  ...errorProps
}: BoundInput<PaymentMethod | undefined> & FieldErrorProps) {
  const { t } = useTranslation("shop");
  return (
    <Radio.Group
      size="md"
      name={name}
      value={value ?? "bank_card"}
      onChange={(next) => onChange(paymentMethodSchema.parse(next))}
      label={t("checkout.methodLabel")}
      {...errorProps}
    >
      <Group gap="lg" mt="xs">
        {paymentMethodSchema.options.map((method, index) => (
          <Radio
            size="md"
            key={method}
            value={method}
            label={t(`method.${method}`)}
            ref={index === 0 ? inputRef : undefined}
            onBlur={onBlur}
          />
        ))}
      </Group>
    </Radio.Group>
  );
}

type Accepted = { slug: string; version: number }[];

/** «Я принимаю условия договора-оферты» (its link opens the offer in a new tab). */
export function OfferConsentField({
  offer,
  name,
  value,
  onChange,
  onBlur,
  inputRef,
  ...errorProps
}: BoundInput<Accepted> & FieldErrorProps & { offer: LegalDocumentSummary }) {
  const { t } = useTranslation("shop");
  return (
    <Checkbox
      ref={inputRef}
      name={name}
      onBlur={onBlur}
      checked={value.length > 0}
      onChange={(event) =>
        onChange(event.currentTarget.checked ? [{ slug: offer.slug, version: offer.version }] : [])
      }
      label={
        <>
          <Trans
            t={t}
            i18nKey="checkout.offer"
            components={{
              offerLink: (
                <Anchor href={offer.url} target="_blank" rel="noopener" underline="always" />
              ),
            }}
          />
          <span className="visually-hidden"> ({t("newTab")})</span>
        </>
      }
      {...errorProps}
    />
  );
}

/**
 * The consent's error: the server's words as they came, otherwise «Примите условия договора-оферты»
 * (the schema's own message names «соглашения»; here it is the offer).
 */
export function offerErrorText(
  error: { type?: string; message?: string } | undefined,
  required: string,
): string | undefined {
  if (!error) return undefined;
  return error.type === "server" ? error.message : required;
}
