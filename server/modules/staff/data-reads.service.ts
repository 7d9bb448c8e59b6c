import { DATA_READS_PAGE, type DataReadsPage } from "../../../common/staff/data-reads.schema.ts";
import type { Db } from "../../db/client.ts";
import { listAccountDataReads } from "./data-reads.repository.ts";

/**
 * «Кто смотрел мои данные»: a page of the staff reads of the account's data, newest first; the
 * cursor (from the page before) is the last item's time and id.
 */
export async function accountDataReads(
  db: Db,
  clientId: string,
  cursor: string | undefined,
): Promise<DataReadsPage> {
  const rows = await listAccountDataReads(db, clientId, {
    cursor: cursor ? parseCursor(cursor) : null,
    limit: DATA_READS_PAGE + 1,
  });
  const page = rows.slice(0, DATA_READS_PAGE);
  const last = page.at(-1);
  return {
    items: page.map((row) => ({
      id: row.id,
      at: row.at,
      staff: { role: row.staffRole, fullName: row.staffName },
      action: row.action,
      contractNumber: row.contractNumber,
      orderNumber: row.orderNumber,
      personName: row.personName,
      reason: row.reason,
    })),
    nextCursor: rows.length > DATA_READS_PAGE && last ? `${last.at}_${last.id}` : null,
  };
}

/** The query schema has checked the shape: `<time>_<id>`. */
function parseCursor(cursor: string): { at: string; id: string } {
  const split = cursor.lastIndexOf("_");
  return { at: cursor.slice(0, split), id: cursor.slice(split + 1) };
}
