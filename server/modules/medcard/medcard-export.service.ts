import type { Bundle } from "@medplum/fhirtypes";
import { todayInMoscow } from "../../../common/format/date.ts";
import type { MedcardView } from "../../../common/medcard/medcard.schema.ts";
import type { Db } from "../../db/client.ts";
import { clientCard, requireHealthConsent } from "./medcard-access.service.ts";
import { extractFileName, renderMedcardExtractPdf } from "./medcard-extract-pdf.ts";
import { medcardToFhirBundle } from "./medcard-fhir.ts";
import { loadCardView } from "./medcard-view.service.ts";

// «Выписка» and «Скачать в формате FHIR» (decision 0025): the same card the client sees in the
// cabinet, under the same rules (its own card or a child's under 15, the health-data consent given).

async function clientCardView(db: Db, clientId: string, cardId: string): Promise<MedcardView> {
  await requireHealthConsent(db, clientId);
  const card = await clientCard(db, clientId, cardId);
  return loadCardView(db, card, { viewer: "patient" });
}

/** «Выписка»: the card as a PDF and its file name. */
export async function medcardExtract(
  db: Db,
  clientId: string,
  cardId: string,
  madeAt = new Date(),
): Promise<{ fileName: string; pdf: Buffer }> {
  const view = await clientCardView(db, clientId, cardId);
  return {
    fileName: extractFileName(view, madeAt),
    pdf: await renderMedcardExtractPdf(view, madeAt),
  };
}

/** «Скачать в формате FHIR»: the card as a FHIR R4 Bundle and its file name. */
export async function medcardFhirExport(
  db: Db,
  clientId: string,
  cardId: string,
  madeAt = new Date(),
): Promise<{ fileName: string; bundle: Bundle }> {
  const view = await clientCardView(db, clientId, cardId);
  const bundle = medcardToFhirBundle(view, {
    madeAt,
    documentUrl: (document) => `/api/medcard/cards/${cardId}/documents/${document.id}/file`,
  });
  return { fileName: `medcard-${todayInMoscow(madeAt)}.json`, bundle };
}
