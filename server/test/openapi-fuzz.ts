/**
 * Inputs for the OpenAPI-driven fuzz test: a plausible value for a JSON Schema, and a bounded,
 * deterministic list of malformed variants of it. Nothing here is random, so a failure found
 * once is found again on the next run.
 */

export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  examples?: unknown[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
};

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

export interface OpenApiOperation {
  parameters?: {
    in: "path" | "query" | "header";
    name: string;
    required?: boolean;
    schema: JsonSchema;
  }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses?: Record<string, { content?: Record<string, unknown> }>;
}

/** Strings that PostgreSQL refuses or that no form can produce. */
export const HOSTILE_STRINGS: Record<string, string> = {
  nul: "Проверка\u0000ещё",
  "control character": "Проверка\u0001\u001b[31m",
  "lone surrogate": "Проверка\ud800",
};

/** Values a field of this name must look like for a request to pass its schema's refinements. */
const SAMPLES_BY_NAME: Record<string, unknown> = {
  phone: "+7 926 555-01-01",
  birthDate: "15.03.1990",
  email: "fuzz@example.ru",
  from: "10:00",
  to: "12:00",
  code: "fuzz-code",
  programCode: "fuzz-code",
  startsOn: "2026-01-01",
  endsOn: "2026-12-31",
  occurredAt: "2026-01-01T10:00:00+03:00",
  password: "Проверка-пароля-2026",
  newPassword: "Проверка-пароля-2026",
  newPasswordRepeat: "Проверка-пароля-2026",
  passwordRepeat: "Проверка-пароля-2026",
  currentPassword: "Проверка-пароля-2026",
  number: "11/99999999",
  day: "2030-01-01",
  mode: "valid-only",
};

export class SchemaResolver {
  private readonly byName: Record<string, unknown>;

  /** `samples` adds values by field name: real ids and codes, so requests reach the database. */
  constructor(
    private readonly document: OpenApiDocument,
    samples: Record<string, unknown> = {},
  ) {
    this.byName = { ...SAMPLES_BY_NAME, ...samples };
  }

  resolve(schema: JsonSchema): JsonSchema {
    let current = schema;
    for (let depth = 0; current.$ref && depth < 10; depth++) {
      const name = current.$ref.replace("#/components/schemas/", "");
      const found = this.document.components?.schemas?.[name];
      if (!found) throw new Error(`unresolved ${current.$ref}`);
      current = found;
    }
    return current;
  }

  /** The first branch of a union that is not null. */
  private branch(schema: JsonSchema): JsonSchema {
    const options = schema.anyOf ?? schema.oneOf;
    if (!options) return schema;
    const chosen = options.map((option) => this.resolve(option)).find((o) => o.type !== "null");
    return this.branch(chosen ?? schema);
  }

  /** A value the schema accepts, as far as JSON Schema can say (refinements guessed by name). */
  sample(input: JsonSchema, name = ""): unknown {
    const schema = this.branch(this.resolve(input));
    if (schema.allOf?.[0]) return this.sample(schema.allOf[0], name);
    if (schema.const !== undefined) return schema.const;
    if (schema.enum?.length) return schema.enum[0];
    if (schema.examples?.length) return schema.examples[0];
    if (name in this.byName) return this.byName[name];
    if (schema.default !== undefined) return schema.default;
    const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
    switch (type) {
      case "object": {
        const value: Record<string, unknown> = {};
        for (const [key, property] of Object.entries(schema.properties ?? {})) {
          value[key] = this.sample(property, key);
        }
        return value;
      }
      case "array":
        return schema.items ? [this.sample(schema.items, name)] : [];
      case "integer":
      case "number":
        return schema.minimum ?? 1;
      case "boolean":
        return false;
      case "string":
        return sampleString(schema);
      default:
        return "Проверка";
    }
  }

  /**
   * Every leaf of a sampled value with its schema: the places a malformed value is put.
   * Arrays are entered through their first item.
   */
  leaves(input: JsonSchema, path: (string | number)[] = [], out: Leaf[] = []): Leaf[] {
    const schema = this.branch(this.resolve(input));
    const required = new Set(schema.required ?? []);
    if (schema.properties) {
      for (const [key, property] of Object.entries(schema.properties)) {
        const child = this.branch(this.resolve(property));
        out.push({ path: [...path, key], schema: child, required: required.has(key) });
        this.leaves(child, [...path, key], out);
      }
    } else if (schema.items && (schema.type === "array" || !schema.type)) {
      this.leaves(schema.items, [...path, 0], out);
    }
    return out;
  }
}

export interface Leaf {
  path: (string | number)[];
  schema: JsonSchema;
  required: boolean;
}

function sampleString(schema: JsonSchema): string {
  switch (schema.format) {
    case "uuid":
      return "00000000-0000-4000-8000-000000000000";
    case "email":
      return "fuzz@example.ru";
    case "date-time":
      return "2026-01-01T10:00:00+03:00";
    case "date":
      return "2026-01-01";
  }
  const min = schema.minLength ?? 0;
  return "Проверка".padEnd(Math.max(min, 8), "а");
}

/** A variant of a value: what was broken, and the broken value. */
export interface Variant {
  label: string;
  value: unknown;
}

function setAt(value: unknown, path: (string | number)[], leaf: unknown | typeof REMOVE): unknown {
  const copy = structuredClone(value);
  let target = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) {
    const next = target?.[key];
    if (next === null || typeof next !== "object") return copy;
    target = next as Record<string | number, unknown>;
  }
  const last = path.at(-1);
  if (last === undefined || target === null || typeof target !== "object") return copy;
  if (leaf === REMOVE) delete target[last];
  else target[last] = leaf;
  return copy;
}

const REMOVE = Symbol("remove");

/** The malformed values one leaf is given, by the kind of value it holds. */
function badValuesFor(schema: JsonSchema): Variant[] {
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  const isString = type === "string" || (!type && !schema.properties && !schema.items);
  const variants: Variant[] = [];
  if (isString) {
    for (const [label, text] of Object.entries(HOSTILE_STRINGS))
      variants.push({ label, value: text });
    const tooLong = (schema.maxLength ?? 10_000) + 1;
    variants.push({ label: `${tooLong} characters`, value: "ж".repeat(tooLong) });
    variants.push({ label: "a number instead of text", value: 12345 });
  } else if (type === "integer" || type === "number") {
    variants.push({ label: "text instead of a number", value: "сорок два" });
    variants.push({ label: "a huge number", value: 1e21 });
    variants.push({ label: "a negative number", value: -1 });
  } else if (type === "boolean") {
    variants.push({ label: "text instead of true/false", value: "да" });
  } else if (type === "array") {
    variants.push({ label: "text instead of a list", value: "Проверка" });
    variants.push({ label: "a list of nulls", value: [null, null, null] });
  } else if (type === "object") {
    variants.push({ label: "text instead of an object", value: "Проверка" });
  }
  variants.push({ label: "null", value: null });
  return variants;
}

/** Every malformed body built from a valid one: each leaf broken in turn, or left out. */
export function bodyVariants(
  resolver: SchemaResolver,
  schema: JsonSchema,
  valid: unknown,
): Variant[] {
  const variants: Variant[] = [{ label: "the sample body", value: valid }];
  for (const leaf of resolver.leaves(schema)) {
    const where = leaf.path.join(".");
    for (const bad of badValuesFor(leaf.schema)) {
      variants.push({ label: `${where}: ${bad.label}`, value: setAt(valid, leaf.path, bad.value) });
    }
    if (leaf.required) {
      variants.push({ label: `${where}: missing`, value: setAt(valid, leaf.path, REMOVE) });
    }
  }
  return variants;
}

/** Malformed values of one path or query parameter, already URL-encoded. */
export function parameterVariants(schema: JsonSchema): Variant[] {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  const variants: Variant[] = [
    { label: "101 characters", value: "a".repeat(101) },
    { label: "an encoded NUL", value: "abc%00def" },
    { label: "an encoded lone surrogate", value: "abc%ED%A0%80" },
    { label: "invalid UTF-8", value: "abc%C3%28" },
    { label: "a broken percent sign", value: "abc%zz" },
    { label: "Cyrillic", value: encodeURIComponent("Проверка") },
    { label: "a quote and a semicolon", value: encodeURIComponent("1';select 1--") },
  ];
  if (type === "integer" || type === "number") {
    variants.push({ label: "a huge number", value: "1e400" }, { label: "negative", value: "-5" });
  }
  return variants;
}

/** A multipart body, as the browser's FormData sends it. */
export async function multipartBody(
  fields: Record<string, string>,
  files: { field: string; name: string; content: Buffer }[],
): Promise<{ payload: Buffer; contentType: string }> {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  for (const file of files) data.append(file.field, new Blob([file.content]), file.name);
  const request = new Request("http://localhost/", { method: "POST", body: data });
  return {
    payload: Buffer.from(await request.arrayBuffer()),
    contentType: request.headers.get("content-type") ?? "",
  };
}

/** A multipart body written by hand, so that a file name can hold bytes FormData would escape. */
export function rawMultipart(
  boundary: string,
  parts: { name: string; filename?: string | Buffer; content: Buffer | string }[],
): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"`),
    );
    if (part.filename !== undefined) {
      chunks.push(Buffer.from('; filename="'), Buffer.from(part.filename), Buffer.from('"'));
    }
    chunks.push(Buffer.from("\r\n"));
    if (part.filename !== undefined) {
      chunks.push(Buffer.from("Content-Type: application/octet-stream\r\n"));
    }
    chunks.push(Buffer.from("\r\n"), Buffer.from(part.content), Buffer.from("\r\n"));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}
