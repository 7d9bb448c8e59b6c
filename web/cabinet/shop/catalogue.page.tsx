import { Anchor, Box, Container, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { company } from "../../../common/company.ts";
import { EmptyState } from "../../ui/empty-state.tsx";
import { IconFile } from "../../ui/icons.tsx";
import { QueryState } from "../contracts/query-state.tsx";
import { CabinetHeader } from "../shell/cabinet-header.tsx";
import { ProgramCard } from "./program-card.tsx";
import { useShopPrograms } from "./shop.api.ts";
import classes from "./shop.module.css";

/**
 * «Купить сертификат» (public, /shop): the programs sold online with price, term, for whom, how
 * many persons and what is included; «Купить» opens the checkout, through sign-in if need be.
 */
export function CataloguePage() {
  const { t } = useTranslation("shop");
  const programs = useShopPrograms();
  const phone = company.phones.contactCentre;
  return (
    <Box mih="100dvh" bg="white">
      <CabinetHeader homeHref="/" />
      <Container component="main" size="lg" px="md" py={{ base: "md", sm: "xl" }}>
        <title>{t("catalogue.pageTitle")}</title>
        <Stack gap="lg">
          <Stack gap="xs">
            <Title order={1} fz={{ base: "h2", sm: "h1" }}>
              {t("catalogue.title")}
            </Title>
            <Text maw={720}>{t("catalogue.intro")}</Text>
          </Stack>
          <QueryState query={programs}>
            {(list) =>
              list.length === 0 ? (
                <EmptyState
                  icon={<IconFile size={28} />}
                  title={t("catalogue.emptyTitle")}
                  description={t("catalogue.empty")}
                >
                  <Anchor href={`tel:${phone.tel}`} fw={600}>
                    {phone.display}
                  </Anchor>
                </EmptyState>
              ) : (
                <ul className={`${classes.plainList} ${classes.cards}`}>
                  {list.map((program) => (
                    <ProgramCard key={program.id} program={program} />
                  ))}
                </ul>
              )
            }
          </QueryState>
        </Stack>
      </Container>
    </Box>
  );
}
