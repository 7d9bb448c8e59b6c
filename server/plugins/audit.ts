import type { Db } from "../db/client.ts";
import { insertAuditEntry } from "./audit.repository.ts";

/** A staff member saw or changed a client's personal data. */
export interface AuditEntry {
  staffId: string;
  /** "contract.view", "contract.search", "replacement.list", … */
  action: string;
  subjectType?: string | null;
  subjectId?: string | null;
  details?: Record<string, unknown> | null;
  ip?: string | null;
}

/**
 * The staff audit log, written by every module that shows staff personal data. `tx` is the
 * transaction of the audited change (or the database for a read), so a change and its audit row
 * commit together. The log's read side, «Журнал», is the staff module's.
 */
export const audit = {
  record(tx: Db, entry: AuditEntry): Promise<void> {
    return insertAuditEntry(tx, entry);
  },
};
