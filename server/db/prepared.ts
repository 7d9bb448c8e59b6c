import type { Db } from "./client.ts";

/**
 * A statement built once per database (a drizzle query ending in `.prepare(name)`, its values as
 * `sql.placeholder`s): drizzle builds its SQL once instead of on every call, node-postgres sends
 * it as a named statement that PostgreSQL parses and plans once per connection, and the embedded
 * database keeps it prepared too (embedded-statements.ts). For the statements behind every
 * signed-in read; it keeps no data, only the statement.
 */
export function preparedPerDatabase<Prepared>(build: (db: Db) => Prepared): (db: Db) => Prepared {
  const kept = new WeakMap<Db, Prepared>();
  return (db) => {
    let prepared = kept.get(db);
    if (!prepared) {
      prepared = build(db);
      kept.set(db, prepared);
    }
    return prepared;
  };
}
