import type { MedcardView } from "../../../common/medcard/medcard.schema.ts";
import type { Db } from "../../db/client.ts";
import { findCardsOfOwner } from "./medcard.repository.ts";
import { loadCardView } from "./medcard-view.service.ts";

/**
 * «Выгрузить мои данные» (decision 0030): every card the account keeps — its own and its
 * children's, also a child's kept from before the child turned 15 — as the cabinet shows them
 * («Сводка», «Приёмы и консультации», «Документы» by name). No card is created by it.
 */
export async function accountMedcards(db: Db, clientId: string): Promise<MedcardView[]> {
  const cards = await findCardsOfOwner(db, clientId);
  const views: MedcardView[] = [];
  for (const card of cards) views.push(await loadCardView(db, card, { viewer: "patient" }));
  return views;
}
