import { asc, eq, isNull, sql } from "drizzle-orm";
import type { ServiceType } from "../../../common/appeals/appeals.schema.ts";
import type { Db } from "../../db/client.ts";
import { serviceTypes } from "../../db/schema/index.ts";
import { isUniqueViolation } from "../../db/unique-violation.ts";

const columns = {
  id: serviceTypes.id,
  name: serviceTypes.name,
  archivedAt: serviceTypes.archivedAt,
};

function toServiceType(row: { id: string; name: string; archivedAt: Date | null }): ServiceType {
  return { id: row.id, name: row.name, archived: row.archivedAt !== null };
}

export async function listServiceTypes(db: Db, includeArchived: boolean): Promise<ServiceType[]> {
  const rows = await db
    .select(columns)
    .from(serviceTypes)
    .where(includeArchived ? undefined : isNull(serviceTypes.archivedAt))
    .orderBy(sql`${serviceTypes.archivedAt} is not null`, asc(serviceTypes.name));
  return rows.map(toServiceType);
}

export async function findServiceType(db: Db, id: string): Promise<ServiceType | null> {
  const [row] = await db.select(columns).from(serviceTypes).where(eq(serviceTypes.id, id));
  return row ? toServiceType(row) : null;
}

/** Inserts a type; null when the name (case-insensitively) is taken. */
export async function insertServiceType(db: Db, name: string): Promise<ServiceType | null> {
  const [row] = await db
    .insert(serviceTypes)
    .values({ name })
    .onConflictDoNothing()
    .returning(columns);
  return row ? toServiceType(row) : null;
}

/** Renames or (un)archives; "taken" when the new name belongs to another type. */
export async function updateServiceType(
  db: Db,
  id: string,
  change: { name?: string; archived?: boolean },
): Promise<ServiceType | "taken" | null> {
  const update = db
    .update(serviceTypes)
    .set({
      ...(change.name !== undefined ? { name: change.name } : {}),
      ...(change.archived !== undefined
        ? { archivedAt: change.archived ? sql`coalesce(${serviceTypes.archivedAt}, now())` : null }
        : {}),
    })
    .where(eq(serviceTypes.id, id))
    .returning(columns);
  try {
    const [row] = await update;
    return row ? toServiceType(row) : null;
  } catch (error) {
    if (isUniqueViolation(error)) return "taken";
    throw error;
  }
}
