import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../db/client.ts";
import { staffAuditLog } from "../db/schema/index.ts";
import { createTestDatabase } from "../test/build-test-app.ts";
import { createTestStaff } from "../test/factories.ts";
import { audit } from "./audit.ts";

let database: DatabaseHandle;
let dispose: () => Promise<void>;
let staffId: string;

beforeAll(async () => {
  ({ database, dispose } = await createTestDatabase());
  await database.migrate();
  staffId = (await createTestStaff(database.db, "operator")).id;
});

afterAll(async () => {
  await dispose();
});

async function rowsFor(subjectId: string) {
  return database.db
    .select({ action: staffAuditLog.action, ip: staffAuditLog.ip })
    .from(staffAuditLog)
    .where(eq(staffAuditLog.subjectId, subjectId));
}

describe("audit.record", () => {
  it("writes the row in the caller's transaction, so it commits with the audited change", async () => {
    await database.db.transaction(async (tx) => {
      await audit.record(tx, {
        staffId,
        action: "contract.view",
        subjectType: "contract",
        subjectId: "committed",
        ip: "10.0.0.1",
      });
    });
    expect(await rowsFor("committed")).toEqual([{ action: "contract.view", ip: "10.0.0.1" }]);
  });

  it("leaves no row when the audited change rolls back", async () => {
    await expect(
      database.db.transaction(async (tx) => {
        await audit.record(tx, { staffId, action: "holder.unlink", subjectId: "rolled-back" });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await rowsFor("rolled-back")).toEqual([]);
  });
});
