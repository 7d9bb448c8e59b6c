import { Button, Paper, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import type { ShopProgram } from "../../../common/shop/shop.schema.ts";
import { ApiError } from "../../ui/api.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { describeError } from "../../ui/server-errors.ts";
import { QueryState } from "../contracts/query-state.tsx";
import { legalDocumentsQuery } from "../identity/identity.api.ts";
import { useSignedInClient } from "../identity/session.ts";
import { Page } from "../shell/page.tsx";
import { CheckoutForm } from "./checkout-form.tsx";
import { ProgramCoverage, ProgramFacts } from "./program-card.tsx";
import { useShopProgram } from "./shop.api.ts";

const OFFER_SLUG = "offer";

function ProgramSummary({ program }: { program: ShopProgram }) {
  const { t } = useTranslation("shop");
  return (
    <Paper withBorder radius="lg" p="md" component="section" aria-labelledby="checkout-program">
      <Stack gap="sm">
        <Stack gap={2}>
          <Text fz="sm" c="dimmed">
            {t("checkout.program")}
          </Text>
          <Title order={2} fz="h3" id="checkout-program" style={{ overflowWrap: "anywhere" }}>
            {program.name}
          </Title>
        </Stack>
        <ProgramFacts program={program} />
        <details>
          <summary>{t("catalogue.coverage")}</summary>
          <ProgramCoverage markdown={program.coverage} />
        </details>
      </Stack>
    </Paper>
  );
}

/** The form once the program and the offer's current version are known. */
function Checkout({ program }: { program: ShopProgram }) {
  const { t } = useTranslation("shop");
  const { t: tCommon } = useTranslation("common");
  const client = useSignedInClient();
  const documents = useQuery(legalDocumentsQuery());
  const offer = documents.data?.documents.find((document) => document.slug === OFFER_SLUG);
  return (
    <Stack gap="lg">
      <ProgramSummary program={program} />
      {documents.isPending ? (
        <Text role="status" c="dimmed">
          {t("checkout.offerLoading")}
        </Text>
      ) : documents.isError ? (
        <Stack gap="xs" align="flex-start">
          <FormAlert title={t("checkout.offerFailed")} w="100%">
            {describeError(documents.error, tCommon)}
          </FormAlert>
          <Button variant="light" onClick={() => void documents.refetch()}>
            {t("retry")}
          </Button>
        </Stack>
      ) : offer ? (
        <CheckoutForm program={program} client={client} offer={offer} />
      ) : (
        <FormAlert>{t("checkout.offerMissing")}</FormAlert>
      )}
    </Stack>
  );
}

/** /cabinet/shop/:programId: buying one program's certificate. */
export function CheckoutPage() {
  const { t } = useTranslation("shop");
  const { programId = "" } = useParams();
  const program = useShopProgram(programId);
  // Not sold online (404) or no such id (400): a retry will not change it.
  const notSold =
    program.error instanceof ApiError && program.error.status < 500 ? program.error : null;
  return (
    <Page
      documentTitle={t("checkout.pageTitle")}
      title={t("checkout.title")}
      back={{ to: "/shop", label: t("checkout.back") }}
    >
      {notSold ? (
        <Stack gap="md" align="flex-start">
          <FormAlert title={t("checkout.notSoldTitle")} w="100%">
            {notSold.detail ?? notSold.title}
          </FormAlert>
          <Button component={Link} to="/shop" variant="light">
            {t("checkout.toCatalogue")}
          </Button>
        </Stack>
      ) : (
        <QueryState query={program}>{(data) => <Checkout program={data} />}</QueryState>
      )}
    </Page>
  );
}
