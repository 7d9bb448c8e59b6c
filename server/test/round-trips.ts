import { AsyncLocalStorage } from "node:async_hooks";
import type { DatabaseHandle } from "../db/client.ts";

interface Queryable {
  query: (...args: never[]) => Promise<unknown>;
}

/**
 * Counts the statements sent to the database by `run`, by wrapping the client's `query`
 * (PGlite's, or node-postgres's pool). A statement is one round trip on either.
 *
 * Only statements issued from `run`'s own async context count: the app's background workers
 * (the outbox relay's poll, jobs) share the pool and may query at any moment, and counting
 * them made the count depend on timing.
 */
export async function countRoundTrips<T>(
  database: DatabaseHandle,
  run: () => Promise<T>,
): Promise<{ result: T; roundTrips: number; statements: string[] }> {
  const client = (database.db as unknown as { $client: Queryable }).$client;
  const original = client.query;
  const statements: string[] = [];
  const counting = new AsyncLocalStorage<true>();
  client.query = ((...args: never[]) => {
    if (counting.getStore()) {
      const first: unknown = args[0];
      statements.push(
        typeof first === "string" ? first : String((first as { text?: string })?.text),
      );
    }
    return original.apply(client, args);
  }) as Queryable["query"];
  try {
    // Awaited inside the store: `app.inject` returns a thenable that starts the request only
    // when awaited, so awaiting it outside would run the request outside the store.
    const result = await counting.run(true, async () => await run());
    return { result, roundTrips: statements.length, statements };
  } finally {
    client.query = original;
  }
}
