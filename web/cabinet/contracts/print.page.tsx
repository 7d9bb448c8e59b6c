import { Button, Group, Stack } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { company } from "../../../common/company.ts";
import type { ContractPrint } from "../../../common/contracts/contracts.schema.ts";
import { formatRuDate } from "../../../common/format/date.ts";
import { IconFile } from "../../ui/icons.tsx";
import { Page } from "../shell/page.tsx";
import { useContractParent } from "./contract-parent.ts";
import { certificatePdfHref, fullName, useContractPrint } from "./contracts.api.ts";
import classes from "./print.module.css";
import { QueryState } from "./query-state.tsx";

function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

function Sheet({ print }: { print: ContractPrint }) {
  const { t } = useTranslation("contracts");
  const isCertificate = print.kind === "certificate";
  return (
    <article className={classes.sheet} aria-labelledby="print-heading">
      <p className={classes.company}>
        {company.name} — {company.legalName}
      </p>
      <h2 id="print-heading">
        {t("print.heading", { kind: t(`kind.${print.kind}`), number: print.number })}
      </h2>
      <dl>
        {print.insurerName ? (
          <>
            <dt>{t("detail.insurer")}</dt>
            <dd>{print.insurerName}</dd>
          </>
        ) : null}
        <dt>{t(isCertificate ? "detail.certificateNumber" : "detail.policyNumber")}</dt>
        <dd>{print.number}</dd>
        <dt>{t("detail.period")}</dt>
        <dd>
          {t("period", { from: formatRuDate(print.startsOn), to: formatRuDate(print.endsOn) })}
        </dd>
        <dt>{t("detail.program")}</dt>
        <dd>{print.programName}</dd>
      </dl>
      <h3>{t("detail.persons")}</h3>
      <ul>
        {print.persons.map((person) => (
          <li key={person.slot}>
            {t("detail.slot", { slot: person.slot })}:{" "}
            {t("print.personLine", {
              name: fullName(person),
              birthDate: formatRuDate(person.birthDate),
            })}
          </li>
        ))}
      </ul>
      <h3>{t("print.phones")}</h3>
      <ul>
        {print.phones.map((phone) => (
          <li key={phone.tel}>
            {phone.label}: <a href={`tel:${phone.tel}`}>{phone.display}</a>
          </li>
        ))}
      </ul>
      <div className={classes.qr}>
        <img src={svgDataUrl(print.qrSvg)} alt={t("print.qrAlt")} />
        <p>{t("print.qrCaption", { url: print.verifyUrl })}</p>
      </div>
    </article>
  );
}

/** «Печать»: the certificate as a print-ready A4 sheet, and the same as a PDF. */
export function PrintPage() {
  const { t } = useTranslation("contracts");
  const { id = "" } = useParams();
  const print = useContractPrint(id);
  const data = print.data;
  const kind = data ? t(`kind.${data.kind}`) : "";
  const back = useContractParent(id, data?.kind);
  return (
    <Page
      documentTitle={data ? t("print.pageTitle", { kind, number: data.number }) : t("print.print")}
      title={t("print.print")}
      back={back}
    >
      <QueryState query={print}>
        {(loaded) => (
          <Stack gap="md">
            <Group gap="sm">
              <Button onClick={() => window.print()}>{t("print.print")}</Button>
              <Button
                component="a"
                href={certificatePdfHref(id)}
                download
                variant="default"
                leftSection={<IconFile size={18} />}
              >
                {t("print.downloadPdf")}
              </Button>
            </Group>
            <Sheet print={loaded} />
          </Stack>
        )}
      </QueryState>
    </Page>
  );
}
