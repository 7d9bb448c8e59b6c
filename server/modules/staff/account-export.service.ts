import type { DataRead } from "../../../common/staff/data-reads.schema.ts";
import type { Db } from "../../db/client.ts";
import { accountDataReads } from "./data-reads.service.ts";

/** «Кто смотрел мои данные» whole, newest first, for «Выгрузить мои данные» (decision 0030). */
export async function allAccountDataReads(db: Db, clientId: string): Promise<DataRead[]> {
  const reads: DataRead[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await accountDataReads(db, clientId, cursor);
    reads.push(...page.items);
    if (!page.nextCursor) return reads;
    cursor = page.nextCursor;
  }
}
