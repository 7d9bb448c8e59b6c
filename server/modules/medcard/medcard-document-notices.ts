import type { Db } from "../../db/client.ts";
import { emit } from "../../plugins/events.ts";
import { cardForPerson } from "./medcard-access.service.ts";
import { findHoldersOfPerson } from "./medcard-document-notices.repository.ts";

/**
 * Tells the accounts that see a new document of a doctor or a clinic (the notification centre's
 * «Новый документ в медкарте»), in the transaction that stores it. A doctor's goes to the card's
 * owner; a clinic's, filed on a covered person, to each holder of the person's contract whose card
 * shows it (the person's own account, a parent of a child under 15), never another adult's holder.
 */
export async function emitDocumentAdded(
  tx: Db,
  documentId: string,
  to: { cardOwnerId: string } | { personId: string },
): Promise<void> {
  const accounts: string[] = [];
  if ("cardOwnerId" in to) {
    accounts.push(to.cardOwnerId);
  } else {
    for (const holderId of await findHoldersOfPerson(tx, to.personId)) {
      if (await cardForPerson(tx, holderId, to.personId)) accounts.push(holderId);
    }
  }
  for (const accountId of accounts) {
    await emit(tx, "medcard.document-added", { documentId }, { accountId });
  }
}
