import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import type PgBoss from "pg-boss";
import type { DatabaseHandle } from "../../db/client.ts";

/**
 * Lets pg-boss run its SQL on the app's own database, whichever client is underneath, instead of
 * opening a pool of its own (which the embedded database could not give it).
 *
 * pg-boss sends two kinds of statements: single statements with $n parameters, and parameterless
 * scripts of several statements (its schema, and maintenance wrapped in BEGIN … COMMIT). A pg pool
 * takes both through query(); PGlite takes the first through query() and the second through exec().
 * Either way a failed script is rolled back at once, because the connection is the app's too.
 */
export function pgBossDb(database: DatabaseHandle): PgBoss.Db {
  // DatabaseHandle does not expose its client; Drizzle keeps it as $client on the database object.
  const client: unknown = Reflect.get(database.db, "$client");

  if (client instanceof pg.Pool) {
    return {
      async executeSql(text, values) {
        if (values && values.length > 0) return client.query(text, values);
        // The pool is shared with the app: a script that failed between its own BEGIN and COMMIT
        // must not go back to it as a connection stuck in an aborted transaction.
        const connection = await client.connect();
        try {
          return await connection.query(text);
        } catch (error) {
          await connection.query("ROLLBACK").catch(() => {});
          throw error;
        } finally {
          connection.release();
        }
      },
    };
  }
  if (client instanceof PGlite) {
    return {
      async executeSql(text, values) {
        if (values && values.length > 0) return client.query(text, values);
        // PGlite is one session shared with the app. Inside transaction() a script that fails
        // between its own BEGIN and COMMIT is rolled back before any app query can run, instead
        // of leaving the session in an aborted transaction.
        const results = await client.transaction((tx) => tx.exec(text));
        // The one answer pg-boss reads from a script is that of its last SELECT.
        return results.findLast((result) => result.fields.length > 0) ?? { rows: [] };
      },
    };
  }
  throw new Error("pg-boss needs a node-postgres pool or a PGlite client under the database");
}
