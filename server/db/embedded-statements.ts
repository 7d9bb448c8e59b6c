import {
  type messages as messages_,
  type PGlite,
  parse,
  protocol,
  type QueryOptions,
  type Results,
  types,
} from "@electric-sql/pglite";

type BackendMessage = Awaited<ReturnType<PGlite["execProtocolStream"]>>[number];

/** Statements kept prepared at most; the least recently used one is closed beyond that. */
const MAX_STATEMENTS = 200;
/** Longer texts (a registry import's thousands of values) are not worth keeping. */
const MAX_TEXT = 8_000;
// PostgreSQL: a prepared statement whose result columns changed (DDL since it was prepared).
const CACHED_PLAN_CHANGED = "0A000";

interface Statement {
  name: string;
  paramTypes: number[];
}

type Query = PGlite["query"];

function concat(parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const message = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    message.set(part, offset);
    offset += part.length;
  }
  return message;
}

/**
 * Makes PGlite's `query` keep its statements prepared, as node-postgres does with a named one:
 * PGlite's own `query` parses, describes, binds and executes a statement in six calls into the
 * database (each a pass of its main loop) and parses and plans it every time. This one parses
 * and describes a statement once, under a name, and then sends bind, describe, execute and sync
 * in one call; results, errors, notifications and the file sync after each statement are PGlite's
 * own (its `execProtocolStream`, parsers and `syncToFs`), under the same two locks its
 * `query` takes. Transactions keep PGlite's path (their `query` is the transaction's own).
 */
export function keepStatementsPrepared(client: PGlite): void {
  const original: Query = client.query.bind(client);
  const statements = new Map<string, Statement>();
  const toClose: string[] = [];
  let counter = 0;

  async function prepare(text: string, options: QueryOptions | undefined): Promise<Statement> {
    counter += 1;
    const name = `rms_embedded_${counter}`;
    const closing = toClose
      .splice(0)
      .map((old) => protocol.serialize.close({ type: "S", name: old }));
    const messages = await client.execProtocolStream(
      concat([
        ...closing,
        protocol.serialize.parse({ name, text }),
        protocol.serialize.describe({ type: "S", name }),
        protocol.serialize.sync(),
      ]),
      { syncToFs: false, onNotice: options?.onNotice },
    );
    const statement = { name, paramTypes: parse.parseDescribeStatementResults(messages) };
    statements.set(text, statement);
    if (statements.size > MAX_STATEMENTS) {
      const [oldest] = statements;
      if (oldest) {
        statements.delete(oldest[0]);
        toClose.push(oldest[1].name);
      }
    }
    return statement;
  }

  async function run<T>(
    text: string,
    params: unknown[],
    options: QueryOptions | undefined,
  ): Promise<Results<T>> {
    let statement = statements.get(text);
    if (statement) {
      // Most recently used last: the map's first entry is the one to close.
      statements.delete(text);
      statements.set(text, statement);
    } else {
      statement = await prepare(text, options);
    }
    const { paramTypes, name } = statement;
    // PGlite's own serialisation: by the parameter's type as the database inferred it.
    const values = params.map((param, index) => {
      if (param === null || param === undefined) return null;
      const oid = paramTypes[index] ?? 0;
      const serialize = options?.serializers?.[oid] ?? client.serializers[oid];
      return serialize ? serialize(param) : String(param);
    });
    const messages = await client.execProtocolStream(
      concat([
        protocol.serialize.bind({ statement: name, values }),
        protocol.serialize.describe({ type: "P" }),
        protocol.serialize.execute({}),
        protocol.serialize.sync(),
      ]),
      { syncToFs: false, onNotice: options?.onNotice },
    );
    await client.syncToFs();
    return toResults<T>(messages, options);
  }

  /**
   * PGlite's parseResults for one statement (its rows by the query's parsers, then PGlite's),
   * without its copy of PGlite's whole table of type parsers into a new object on every call.
   */
  function toResults<T>(messages: BackendMessage[], options: QueryOptions | undefined): Results<T> {
    let fields: { name: string; dataTypeID: number }[] = [];
    let parsers: (((value: string, type: number) => unknown) | undefined)[] = [];
    const rows: unknown[] = [];
    for (const message of messages) {
      if (message.name === "rowDescription") {
        const description = message as messages_.RowDescriptionMessage;
        fields = description.fields.map((field) => ({
          name: field.name,
          dataTypeID: field.dataTypeID,
        }));
        parsers = fields.map(
          ({ dataTypeID }) =>
            options?.parsers?.[dataTypeID] ??
            client.parsers[dataTypeID] ??
            types.parsers[dataTypeID],
        );
      } else if (message.name === "dataRow") {
        const values = (message as messages_.DataRowMessage).fields.map((value, index) => {
          if (value === null) return null;
          const parser = parsers[index];
          return parser ? parser(value, fields[index]?.dataTypeID ?? 0) : value;
        });
        rows.push(
          options?.rowMode === "array"
            ? values
            : Object.fromEntries(fields.map((field, index) => [field.name, values[index]])),
        );
      } else if (message.name === "commandComplete") {
        const words = (message as messages_.CommandCompleteMessage).text.split(" ");
        const command = words[0] ?? "";
        const count = Number.parseInt(words[words.length - 1] ?? "", 10);
        const affects = ["INSERT", "UPDATE", "DELETE", "COPY", "MERGE"].includes(command);
        return {
          rows,
          fields,
          command,
          affectedRows: affects && !Number.isNaN(count) ? count : 0,
          ...(Number.isNaN(count) ? {} : { rowCount: count }),
        } as Results<T>;
      }
    }
    return { rows: [], fields: [], affectedRows: 0 } as Results<T>;
  }

  client.query = async function query<T>(
    text: string,
    params: unknown[] = [],
    options?: QueryOptions,
  ): Promise<Results<T>> {
    if (text.length > MAX_TEXT || options?.blob || options?.paramTypes) {
      return original<T>(text, params, options);
    }
    await client._checkReady();
    return client._runExclusiveTransaction(() =>
      client._runExclusiveQuery(async () => {
        try {
          return await run<T>(text, params, options);
        } catch (error) {
          const code = (error as { code?: string }).code;
          if (code === CACHED_PLAN_CHANGED && statements.has(text)) {
            const stale = statements.get(text);
            statements.delete(text);
            if (stale) toClose.push(stale.name);
            return run<T>(text, params, options);
          }
          // As PGlite's own query reports a database error: with the statement and its values.
          if (error && typeof error === "object" && "severity" in error) {
            Object.assign(error, { query: text, params, queryOptions: options });
          }
          throw error;
        }
      }),
    );
  } as Query;
}
