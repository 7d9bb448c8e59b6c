import { Button, Paper, Stack, Text, Title } from "@mantine/core";
import { useId, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { renderSafeMarkdown } from "../../../common/contracts/safe-markdown.ts";
import type { ShopProgram } from "../../../common/shop/shop.schema.ts";
import { SafeHtml } from "../contracts/safe-html.tsx";
import classes from "./shop.module.css";
import { formatRubles } from "./shop-format.ts";

/** «Что входит»: the program's coverage Markdown through the one safe renderer. */
export function ProgramCoverage({ markdown }: { markdown: string }) {
  const html = useMemo(() => renderSafeMarkdown(markdown), [markdown]);
  return <SafeHtml html={html} />;
}

/** The program's facts: price, term, for whom, how many persons. */
export function ProgramFacts({ program }: { program: ShopProgram }) {
  const { t } = useTranslation("shop");
  return (
    <dl className={classes.facts}>
      <div>
        <dt>{t("catalogue.price")}</dt>
        <dd className={classes.price}>{formatRubles(program.priceKopecks)}</dd>
      </div>
      <div>
        <dt>{t("catalogue.term")}</dt>
        <dd>{t("catalogue.termMonths", { count: program.termMonths })}</dd>
      </div>
      <div>
        <dt>{t("catalogue.audience")}</dt>
        <dd>{t(`audience.${program.audience}`)}</dd>
      </div>
      <div>
        <dt>{t("catalogue.persons")}</dt>
        <dd>{t(`personsCount.${program.maxPersons}`)}</dd>
      </div>
    </dl>
  );
}

/** One card of «Купить сертификат», with «Купить» leading to the checkout (through sign-in). */
export function ProgramCard({ program }: { program: ShopProgram }) {
  const { t } = useTranslation("shop");
  const titleId = useId();
  const coverageId = useId();
  return (
    <Paper component="li" withBorder radius="lg" p={{ base: "md", sm: "lg" }}>
      <Stack gap="md" component="article" aria-labelledby={titleId} h="100%">
        <Stack gap={4}>
          <Title order={2} fz="h3" id={titleId} style={{ overflowWrap: "anywhere" }}>
            {program.name}
          </Title>
          <Text c="dimmed">{program.description}</Text>
        </Stack>
        <ProgramFacts program={program} />
        <section aria-labelledby={coverageId}>
          <Title order={3} fz="h5" id={coverageId} mb={4}>
            {t("catalogue.coverage")}
          </Title>
          <ProgramCoverage markdown={program.coverage} />
          {program.includesChat ? <Text fz="sm">{t("catalogue.chatIncluded")}</Text> : null}
        </section>
        <Button
          component={Link}
          to={`/cabinet/shop/${program.id}`}
          size="md"
          mt="auto"
          aria-label={t("catalogue.buyLabel", { name: program.name })}
          className={classes.buy}
        >
          {t("catalogue.buy")}
        </Button>
      </Stack>
    </Paper>
  );
}
