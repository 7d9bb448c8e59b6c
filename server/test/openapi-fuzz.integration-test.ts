import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { InjectOptions, LightMyRequestResponse } from "fastify";
import { beforeAll, describe, expect, it } from "vitest";
import { todayInMoscow } from "../../common/format/date.ts";
import { specialties } from "../db/schema/index.ts";
import { clinicImportTemplateCsv } from "../modules/booking/clinic-import.service.ts";
import { registryTemplateCsv } from "../modules/contracts/import/registry.service.ts";
import { setupTestApp } from "./build-test-app.ts";
import { createTestContract, createTestProgram } from "./contract-factories.ts";
import {
  createTestClient,
  createTestStaff,
  signInClient,
  signInStaff,
  type TestClient,
  type TestStaff,
} from "./factories.ts";
import {
  bodyVariants,
  HOSTILE_STRINGS,
  multipartBody,
  type OpenApiDocument,
  type OpenApiOperation,
  parameterVariants,
  rawMultipart,
  SchemaResolver,
} from "./openapi-fuzz.ts";

/**
 * The probe of issue 10 kept in the suite: every operation of the OpenAPI document gets a
 * bounded, deterministic set of malformed requests — wrong types, missing fields, over-long and
 * hostile strings, broken JSON and multipart, over-long path ids, unknown content types — as a
 * stranger and as the session the operation is meant for. Any 5xx fails, and so does any 4xx that
 * is not a Russian application/problem+json, and any value the database refused (a schema let it
 * through). Nothing is random: a failure found once is found on every run.
 */
const dataDir = mkdtempSync(join(tmpdir(), "rms-fuzz-"));
const t = setupTestApp({ env: { DATA_DIR: dataDir } });

const CYRILLIC = /[А-Яа-яЁё]/;
const METHODS = ["get", "post", "put", "patch", "delete"] as const;
const TXT = Buffer.from("Анализы приложены, посмотрите, пожалуйста.");

type Who = "anonymous" | "client" | "staff" | "integration";

interface Credentials {
  client: TestClient;
  admin: TestStaff;
  clientCookie: string;
  staffCookie: string;
  bearer: string;
  /** A clinic's token: the clinic API refuses the contracts one. */
  clinicBearer: string;
}

let credentials: Credentials;
/** Real ids by the first segments of a path, so valid requests reach the database. */
const ids: Record<string, string> = {};
let document: OpenApiDocument;
let resolver: SchemaResolver;

/** The registry template with its sample row on a program that exists. */
function registryCsv(programCode: string): Buffer {
  return Buffer.from(registryTemplateCsv().replace("call-doctor-plus", programCode));
}

let registryProgramCode = "";

function daysFromToday(days: number): string {
  const date = new Date(`${todayInMoscow()}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

beforeAll(async () => {
  const db = t.database.db;
  const client = await createTestClient(db);
  const admin = await createTestStaff(db, "admin");
  const operator = await createTestStaff(db, "operator");
  const doctor = await createTestStaff(db, "doctor");
  const clientCookie = await signInClient(t.app, client);
  const staffCookie = await signInStaff(t.app, admin);
  const program = await createTestProgram(db, { maxPersons: 2 });
  registryProgramCode = program.code;
  const contract = await createTestContract(db, {
    programId: program.id,
    startsOn: daysFromToday(-30),
    endsOn: daysFromToday(300),
    persons: [
      {
        slot: 1,
        lastName: "Петрова",
        firstName: "Анна",
        patronymic: "Сергеевна",
        birthDate: "1990-03-15",
        phone: client.phone,
      },
    ],
  });
  // The call-back the fuzz cancels and takes is on another contract, so that the fuzz's own
  // «Перезвонить мне» on the first one is not refused as a second open request.
  const other = await createTestContract(db, {
    programId: program.id,
    startsOn: daysFromToday(-30),
    endsOn: daysFromToday(300),
    persons: [
      {
        slot: 1,
        lastName: "Петрова",
        firstName: "Анна",
        patronymic: "Сергеевна",
        birthDate: "1990-03-15",
        phone: client.phone,
      },
    ],
  });
  const asClient = { rms_session: clientCookie };
  const asStaff = { rms_staff_session: staffCookie };
  const callback = await t.app.inject({
    method: "POST",
    url: `/api/contracts/${other.id}/callbacks`,
    cookies: asClient,
    payload: { phone: client.phone, when: { kind: "asap" }, personSlot: 1 },
  });
  const form = await multipartBody({ email: "fuzz@example.ru", message: "Проверка связи" }, [
    { field: "files", name: "анализы.txt", content: TXT },
  ]);
  const message = await t.app.inject({
    method: "POST",
    url: `/api/contracts/${contract.id}/messages`,
    cookies: asClient,
    payload: form.payload,
    headers: { "content-type": form.contentType },
  });
  const serviceType = await t.app.inject({
    method: "POST",
    url: "/api/staff/service-types",
    cookies: asStaff,
    payload: { name: "Консультация для проверки" },
  });
  const bearerToken = await t.app.inject({
    method: "POST",
    url: "/api/staff/integration-tokens",
    cookies: asStaff,
    payload: { name: "Проверка" },
  });
  const spareToken = await t.app.inject({
    method: "POST",
    url: "/api/staff/integration-tokens",
    cookies: asStaff,
    payload: { name: "Запасной" },
  });
  const registry = await multipartBody({}, [
    { field: "file", name: "реестр.csv", content: registryCsv(program.code) },
  ]);
  const upload = await t.app.inject({
    method: "POST",
    url: "/api/staff/registry-imports",
    cookies: asStaff,
    payload: registry.payload,
    headers: { "content-type": registry.contentType },
  });
  for (const res of [callback, message, serviceType, bearerToken, spareToken, upload]) {
    expect(res.statusCode, res.body).toBeLessThan(300);
  }
  const clinicIds = await createClinicFixtures(asStaff, program.id);
  const clinicToken = await t.app.inject({
    method: "POST",
    url: "/api/staff/integration-tokens",
    cookies: asStaff,
    payload: { name: "Клиника", clinicId: clinicIds["/api/staff/clinics"] },
  });
  const clinicForm = await multipartBody({}, [
    { field: "file", name: "прайс.csv", content: Buffer.from(clinicImportTemplateCsv("prices")) },
  ]);
  const clinicUpload = await t.app.inject({
    method: "POST",
    url: `/api/staff/clinic-imports?clinicId=${clinicIds["/api/staff/clinics"]}&kind=prices`,
    cookies: asStaff,
    payload: clinicForm.payload,
    headers: { "content-type": clinicForm.contentType },
  });
  for (const res of [clinicToken, clinicUpload]) {
    expect(res.statusCode, res.body).toBeLessThan(300);
  }
  const messageBody = message.json<{ id: string; attachments: { id: string }[] }>();
  Object.assign(ids, {
    "/api/contracts": contract.id,
    "/api/staff/contracts": contract.id,
    "/api/programs": program.id,
    "/api/staff/programs": program.id,
    "/api/callbacks": callback.json<{ id: string }>().id,
    "/api/staff/callbacks": callback.json<{ id: string }>().id,
    "/api/messages": messageBody.id,
    "/api/staff/messages": messageBody.id,
    attachmentId: messageBody.attachments[0]?.id ?? "",
    "/api/staff/members": operator.id,
    "/api/staff/service-types": serviceType.json<{ serviceType: { id: string } }>().serviceType.id,
    "/api/staff/integration-tokens": spareToken.json<{ info: { id: string } }>().info.id,
    "/api/staff/registry-imports": upload.json<{ id: string }>().id,
    ...clinicIds,
    "/api/staff/clinic-imports": clinicUpload.json<{ id: string }>().id,
    year: "2030",
  });
  credentials = {
    client,
    admin,
    clientCookie,
    staffCookie,
    bearer: bearerToken.json<{ token: string }>().token,
    clinicBearer: clinicToken.json<{ token: string }>().token,
  };
  const openapi = await t.app.inject({ method: "GET", url: "/api/openapi.json" });
  document = openapi.json<OpenApiDocument>();
  resolver = new SchemaResolver(document, {
    serviceTypeId: ids["/api/staff/service-types"],
    personId: contract.personIds[0],
    doctorId: doctor.id,
    clientId: client.id,
    programCode: program.code,
    // The sample contract is a certificate, which has no insurer.
    insurerName: null,
    number: contract.number,
    clinicId: clinicIds["/api/staff/clinics"],
  });
});

/** «Клиники»: a clinic with a doctor, a service, an exception and a network entry, by path prefix. */
async function createClinicFixtures(
  asStaff: Record<string, string>,
  programId: string,
): Promise<Record<string, string>> {
  const [specialty] = await t.database.db
    .insert(specialties)
    .values({ code: "fuzz-therapist", name: "терапевт" })
    .returning({ id: specialties.id });
  const post = async (url: string, payload: object) => {
    const res = await t.app.inject({ method: "POST", url, cookies: asStaff, payload });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const specialtyId = specialty?.id ?? "";
  const { clinic } = await post("/api/staff/clinics", {
    name: "Клиника для проверки",
    address: "Москва, ул. Проверочная, 1",
    metro: null,
    district: null,
    latitude: null,
    longitude: null,
    phones: ["+74951112233"],
    openingHours: "Пн–Пт 8:00–21:00",
    bookingMode: "online",
    cancellationCutoffHours: 4,
    whatToBring: null,
    companyDiscountPercent: 0,
    active: true,
  });
  const { doctor } = await post(`/api/staff/clinics/${clinic.id}/doctors`, {
    lastName: "Проверкина",
    firstName: "Анна",
    patronymic: null,
    specialtyId,
    practiceSince: 2010,
    active: true,
  });
  const { service } = await post(`/api/staff/clinics/${clinic.id}/services`, {
    code: "fuzz-visit",
    name: "Приём терапевта",
    specialtyId,
    priceKopecks: 150_000,
    companyDiscountPercent: null,
    isVisit: true,
    active: true,
  });
  const change = await post(`/api/staff/doctors/${doctor.id}/exceptions`, {
    date: daysFromToday(3),
    startsAt: null,
    endsAt: null,
    kind: "leave",
    note: null,
  });
  const { entry } = await post(`/api/staff/programs/${programId}/network`, {
    clinicId: clinic.id,
    specialtyId: null,
    serviceId: null,
    guaranteeLetterRequired: false,
    limitVisits: null,
    limitPeriod: "year",
  });
  return {
    "/api/staff/clinics": clinic.id,
    "/api/staff/doctors": doctor.id,
    "/api/staff/services": service.id,
    "/api/staff/schedule-exceptions": change.schedule.exceptions[0]?.id ?? "",
    "/api/staff/network-entries": entry.id,
  };
}

/** Whose session an operation asks for when a stranger is refused, read off its path. */
function ownerOf(path: string): Who {
  if (path.startsWith("/api/staff/")) return "staff";
  if (path.startsWith("/api/integration/")) return "integration";
  return "client";
}

/**
 * What a stranger still sends to an operation that needs a session: the checks before sign-in
 * (parsing, validation) are the same for everyone, so a sample of them is enough.
 */
const STRANGER_SAMPLE =
  /^(the sample request|an unexpected .*|body the sample body|body broken JSON|path \w+: 101 characters|multipart (the sample form|the form cut in the middle))$/;

function authFor(who: Who, path = ""): Pick<InjectOptions, "cookies" | "headers"> {
  switch (who) {
    case "client":
      return { cookies: { rms_session: credentials.clientCookie } };
    case "staff":
      return { cookies: { rms_staff_session: credentials.staffCookie } };
    case "integration":
      return {
        headers: {
          authorization: `Bearer ${path.startsWith("/api/integration/clinic/") ? credentials.clinicBearer : credentials.bearer}`,
        },
      };
    default:
      return {};
  }
}

function paramValue(path: string, name: string): string {
  if (name !== "id") return ids[name] ?? "00000000-0000-4000-8000-000000000000";
  const prefix = path.split("/{")[0] ?? "";
  return ids[prefix] ?? "00000000-0000-4000-8000-000000000000";
}

function fillPath(path: string, override?: { name: string; value: string }): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) =>
    override?.name === name ? override.value : encodeURIComponent(paramValue(path, name)),
  );
}

function sampleQuery(operation: OpenApiOperation): Record<string, string> {
  const query: Record<string, string> = {};
  for (const parameter of operation.parameters ?? []) {
    if (parameter.in !== "query") continue;
    const value = resolver.sample(parameter.schema, parameter.name);
    if (parameter.required || parameter.name === "q") query[parameter.name] = String(value);
  }
  return query;
}

function queryString(query: Record<string, string>, raw = ""): string {
  const encoded = new URLSearchParams(query).toString();
  const parts = [encoded, raw].filter(Boolean);
  return parts.length ? `?${parts.join("&")}` : "";
}

interface Attempt {
  label: string;
  request: InjectOptions;
}

/** The requests one operation gets, for one caller. */
async function attemptsFor(
  method: string,
  path: string,
  operation: OpenApiOperation,
  who: Who,
  /** The body schemas fuzzed so far; given for the caller an operation is fuzzed for. */
  fuzzedBodies?: Set<string>,
): Promise<Attempt[]> {
  const auth = authFor(who, path);
  const url = fillPath(path);
  const query = sampleQuery(operation);
  const attempts: Attempt[] = [];
  const upper = method.toUpperCase() as InjectOptions["method"];
  const jsonSchema = operation.requestBody?.content["application/json"]?.schema;
  const multipart = operation.requestBody?.content["multipart/form-data"] !== undefined;
  const validBody = jsonSchema ? resolver.sample(jsonSchema) : undefined;
  const withJson = (value: unknown): Pick<InjectOptions, "payload" | "headers"> =>
    value === undefined
      ? { headers: { ...auth.headers } }
      : {
          payload: JSON.stringify(value),
          headers: { ...auth.headers, "content-type": "application/json" },
        };

  const send = (label: string, request: Omit<InjectOptions, "method">) =>
    attempts.push({
      label,
      request: {
        method: upper,
        cookies: auth.cookies,
        ...request,
        headers: { ...auth.headers, ...request.headers },
      },
    });

  // The first attempt is a well-formed request: it tells whether the operation needs a session.
  if (!jsonSchema && !multipart) send("the sample request", { url: url + queryString(query) });
  if (jsonSchema) {
    // A body schema already fuzzed on another operation (create and edit share one) refuses
    // the same values there: here only its sample goes, with the broken bodies below.
    const schemaKey = JSON.stringify(resolver.resolve(jsonSchema));
    const all = bodyVariants(resolver, jsonSchema, validBody);
    const variants = fuzzedBodies?.has(schemaKey) ? all.slice(0, 1) : all;
    fuzzedBodies?.add(schemaKey);
    for (const variant of variants) {
      send(`body ${variant.label}`, { url: url + queryString(query), ...withJson(variant.value) });
    }
    const rawBodies: [string, string, string][] = [
      ["broken JSON", "application/json", '{"a": '],
      ["an empty JSON body", "application/json", ""],
      ["a JSON string", "application/json", '"Проверка"'],
      ["a JSON list", "application/json", "[1,2,3]"],
      ["a prototype key", "application/json", '{"__proto__": {"admin": true}}'],
      ["JSON in UTF-16", "application/json; charset=utf-16", '{"a":1}'],
      ["plain text", "text/plain", "Проверка"],
      ["a form", "application/x-www-form-urlencoded", "a=1&b=2"],
      ["an unknown type", "application/x-fuzz", "\u0000\u0001"],
      ["a broken content type", "application/json; charset", "{}"],
      ["multipart to a JSON route", "multipart/form-data; boundary=x", "--x--\r\n"],
    ];
    for (const [label, type, payload] of rawBodies) {
      send(`body ${label}`, { url, payload, headers: { "content-type": type } });
    }
    // The machine API takes up to 8 MB; every other route 1 MB.
    const limit = path.startsWith("/api/integration/") ? 8 * 1024 * 1024 : 1024 * 1024;
    send("a body over the size limit", {
      url,
      payload: JSON.stringify({ filler: "x".repeat(limit + 1) }),
      headers: { "content-type": "application/json" },
    });
  } else if (multipart) {
    attempts.push(...(await multipartAttempts(upper, url + queryString(query), who, path)));
  } else if (method !== "get" && who === "anonymous") {
    // Bodies are parsed before the handler asks for a session: a stranger's request reaches the
    // same parser, without running the operation (a reset password costs a scrypt hash).
    send("an unexpected JSON body", { url, ...withJson({ unexpected: HOSTILE_STRINGS.nul }) });
    send("an unexpected broken JSON body", {
      url,
      payload: "{",
      headers: { "content-type": "application/json" },
    });
    send("an unexpected text body", {
      url,
      payload: "Проверка",
      headers: { "content-type": "text/plain" },
    });
  }

  for (const parameter of operation.parameters ?? []) {
    if (parameter.in === "path") {
      for (const variant of parameterVariants(parameter.schema)) {
        send(`path ${parameter.name}: ${variant.label}`, {
          url: fillPath(path, { name: parameter.name, value: String(variant.value) }),
          ...withJson(validBody),
        });
      }
    }
    if (parameter.in === "query") {
      const others = { ...query };
      delete others[parameter.name];
      for (const variant of parameterVariants(parameter.schema)) {
        send(`query ${parameter.name}: ${variant.label}`, {
          url: url + queryString(others, `${parameter.name}=${String(variant.value)}`),
        });
      }
      send(`query ${parameter.name}: given twice`, {
        url: url + queryString(others, `${parameter.name}=1&${parameter.name}=2`),
      });
      send(`query ${parameter.name}: empty`, {
        url: url + queryString(others, `${parameter.name}=`),
      });
    }
  }
  send("an unknown query parameter with a NUL", { url: `${url}${queryString(query, "zz=%00")}` });
  return attempts;
}

/** Broken, truncated, empty and hostile forms for the multipart operations. */
async function multipartAttempts(
  method: InjectOptions["method"],
  url: string,
  who: Who,
  path: string,
): Promise<Attempt[]> {
  const auth = authFor(who, path);
  // The registry and a clinic's price list are one file in a form with no other field.
  const registry = path.includes("registry") || path.includes("clinic-imports");
  const fileField = registry ? "file" : "files";
  const fields: Record<string, string> = registry
    ? {}
    : { email: "fuzz@example.ru", message: "Проверка связи" };
  const goodFile = path.includes("clinic-imports")
    ? Buffer.from(clinicImportTemplateCsv("prices"))
    : registry
      ? registryCsv(registryProgramCode)
      : TXT;
  const good = await multipartBody(fields, [
    { field: fileField, name: "файл.txt", content: goodFile },
  ]);
  const boundary = "----fuzzboundary7MA4YWxkTrZu0gW";
  const type = `multipart/form-data; boundary=${boundary}`;
  const bodies: [string, string, Buffer | string][] = [
    ["the sample form", good.contentType, good.payload],
    ["an empty body", type, ""],
    ["an empty body without a boundary", "multipart/form-data", ""],
    ["a body without a boundary", "multipart/form-data", good.payload],
    ["only the closing boundary", type, `--${boundary}--\r\n`],
    [
      "the form cut in the middle",
      good.contentType,
      good.payload.subarray(0, good.payload.length / 2),
    ],
    ["the form cut after the first headers", good.contentType, good.payload.subarray(0, 120)],
    ["the form without its closing boundary", good.contentType, good.payload.subarray(0, -8)],
    ["garbage", type, "\u0000\u0001garbage\r\n\r\n--"],
    ["JSON instead of a form", "application/json", JSON.stringify(fields)],
    ["text instead of a form", "text/plain", "Проверка"],
  ];
  const hostileNames: [string, Buffer][] = [
    ["a NUL in the file name", Buffer.from("отчёт\u0000.txt")],
    ["a control character in the file name", Buffer.from("отчёт\u0001\u001b.txt")],
    [
      "an encoded lone surrogate in the file name",
      Buffer.from([0x61, 0xed, 0xa0, 0x80, 0x2e, 0x74]),
    ],
    ["invalid UTF-8 in the file name", Buffer.from([0x61, 0xc3, 0x28, 0x2e, 0x74, 0x78, 0x74])],
    ["a path in the file name", Buffer.from("../../../etc/passwd")],
    ["a 1,000-character file name", Buffer.from(`${"я".repeat(1000)}.txt`)],
    ["an empty file name", Buffer.from("")],
  ];
  const textParts = Object.entries(fields).map(([name, content]) => ({ name, content }));
  for (const [label, filename] of hostileNames) {
    bodies.push([
      label,
      type,
      rawMultipart(boundary, [...textParts, { name: fileField, filename, content: goodFile }]),
    ]);
  }
  const hostileContents: [string, Buffer][] = registry
    ? [
        [
          "a NUL in a cell",
          Buffer.from(
            registryCsv(registryProgramCode).toString().replace("Соколов", "Сок\u0000олов"),
          ),
        ],
        [
          "a NUL in the number",
          Buffer.from(
            registryCsv(registryProgramCode).toString().replace("11/12345678", "11/1\u00002"),
          ),
        ],
        [
          "control characters in a cell",
          Buffer.from(registryCsv(registryProgramCode).toString().replace("Евгений", "Ев\u0001г")),
        ],
        [
          "invalid UTF-8 in a cell",
          Buffer.concat([registryCsv(registryProgramCode), Buffer.from([0xff, 0xfe, 0xc3, 0x28])]),
        ],
        ["a header only", Buffer.from(registryTemplateCsv().split("\r\n")[0] ?? "")],
        ["an empty file", Buffer.from("")],
        ["a broken XLSX", Buffer.from("PK\u0003\u0004garbage")],
        ["binary noise", Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) % 256))],
      ]
    : [
        ["an empty file", Buffer.from("")],
        ["an executable", Buffer.from("4d5a90000300000004000000ffff0000", "hex")],
      ];
  for (const [label, content] of hostileContents) {
    bodies.push([
      label,
      type,
      rawMultipart(boundary, [...textParts, { name: fileField, filename: "файл.csv", content }]),
    ]);
  }
  if (!registry) {
    for (const field of Object.keys(fields)) {
      for (const [label, text] of Object.entries(HOSTILE_STRINGS)) {
        bodies.push([
          `${field}: ${label}`,
          type,
          rawMultipart(boundary, [
            ...textParts.map((part) =>
              part.name === field ? { name: field, content: text } : part,
            ),
            { name: fileField, filename: "файл.txt", content: goodFile },
          ]),
        ]);
      }
      bodies.push([
        `${field}: missing`,
        type,
        rawMultipart(boundary, [
          ...textParts.filter((part) => part.name !== field),
          { name: fileField, filename: "файл.txt", content: goodFile },
        ]),
      ]);
      bodies.push([
        `${field}: 70,000 characters`,
        type,
        rawMultipart(boundary, [
          ...textParts.map((part) =>
            part.name === field ? { name: field, content: "ж".repeat(70_000) } : part,
          ),
        ]),
      ]);
    }
    bodies.push([
      "eleven files",
      type,
      rawMultipart(boundary, [
        ...textParts,
        ...Array.from({ length: 11 }, (_, i) => ({
          name: fileField,
          filename: `${i}.txt`,
          content: goodFile,
        })),
      ]),
    ]);
  } else {
    bodies.push([
      "two files",
      type,
      rawMultipart(boundary, [
        { name: fileField, filename: "1.csv", content: goodFile },
        { name: fileField, filename: "2.csv", content: goodFile },
      ]),
    ]);
    bodies.push([
      "a text field",
      type,
      rawMultipart(boundary, [
        { name: "note", content: "Проверка" },
        { name: fileField, filename: "1.csv", content: goodFile },
      ]),
    ]);
  }
  return bodies.map(([label, contentType, payload]) => ({
    label: `multipart ${label}`,
    request: {
      method,
      url,
      cookies: auth.cookies,
      payload,
      headers: { ...auth.headers, "content-type": contentType },
    },
  }));
}

/** Why a response breaks the rule, or null when it keeps it. */
function verdict(res: LightMyRequestResponse): string | null {
  if (res.statusCode >= 500) return `${res.statusCode} ${res.body.slice(0, 200)}`;
  if (res.statusCode < 400) return null;
  const type = String(res.headers["content-type"] ?? "");
  if (!type.startsWith("application/problem+json")) {
    return `${res.statusCode} as ${type || "no content type"}: ${res.body.slice(0, 160)}`;
  }
  let problem: { title?: unknown; status?: unknown; type?: unknown };
  try {
    problem = JSON.parse(res.body);
  } catch {
    return `${res.statusCode} problem+json that is not JSON: ${res.body.slice(0, 160)}`;
  }
  if (typeof problem.title !== "string" || !CYRILLIC.test(problem.title)) {
    return `${res.statusCode} with a title that is not Russian: ${String(problem.title)}`;
  }
  if (problem.status !== res.statusCode) {
    return `${res.statusCode} with status ${String(problem.status)} in the body`;
  }
  // The error handler's last line of defence: the value reached the database, so a schema
  // let it through.
  if (problem.type === "/problems/invalid-data") return "refused by the database, not the schema";
  return null;
}

async function refreshSessions(): Promise<void> {
  credentials.clientCookie = await signInClient(t.app, credentials.client);
  credentials.staffCookie = await signInStaff(t.app, credentials.admin);
}

describe("the API under malformed input", () => {
  // About 2,000 requests, some 30 s of CPU; a third of it is scrypt (sign-ins, password resets).
  it("answers every operation of its OpenAPI document without a 5xx, and every refusal as a Russian problem+json", {
    timeout: 120_000,
  }, async () => {
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      METHODS.filter((method) => item[method]).map((method) => ({
        path,
        method,
        operation: item[method] as OpenApiOperation,
      })),
    );
    /** Requests sent, by operation. */
    const exercised = new Map<string, number>();
    const failures: string[] = [];
    const fuzzedBodies = new Set<string>();
    for (const [index, { path, method, operation }] of operations.entries()) {
      // Each operation comes from its own address, so one operation's sign-in limits leave
      // the others alone.
      const remoteAddress = `10.77.${Math.floor(index / 200)}.${(index % 200) + 1}`;
      const probe = (await attemptsFor(method, path, operation, "anonymous"))[0];
      const needsSession =
        probe !== undefined &&
        (await t.app.inject({ ...probe.request, remoteAddress })).statusCode === 401;
      // A live stream answers its own session with a response that never ends, which inject
      // would wait for: it is fuzzed as a stranger here, and tested over HTTP in realtime's tests.
      const streams = operation.responses?.["200"]?.content?.["text/event-stream"] !== undefined;
      const callers: Who[] =
        needsSession && !streams ? ["anonymous", ownerOf(path)] : ["anonymous"];
      for (const who of callers) {
        const stranger = who === "anonymous" && needsSession;
        const attempts = await attemptsFor(
          method,
          path,
          operation,
          who,
          stranger ? undefined : fuzzedBodies,
        );
        for (const attempt of attempts.filter((a) => !stranger || STRANGER_SAMPLE.test(a.label))) {
          const res = await t.app.inject({ ...attempt.request, remoteAddress });
          const key = `${method.toUpperCase()} ${path}`;
          exercised.set(key, (exercised.get(key) ?? 0) + 1);
          const problem = verdict(res);
          if (problem) failures.push(`${key} as ${who}, ${attempt.label}: ${problem}`);
        }
      }
      if (/sign-out|password|sessions/.test(path)) await refreshSessions();
    }
    const sent = [...exercised.values()].reduce((sum, n) => sum + n, 0);
    expect(failures.slice(0, 40), `${failures.length} of ${sent} requests failed`).toEqual([]);
    expect(exercised.size).toBe(operations.length);
    // Every form with files is in the document as multipart, so they got broken forms too.
    const multipart = operations.filter(
      ({ operation }) => operation.requestBody?.content["multipart/form-data"],
    );
    expect(multipart.map(({ path }) => path).sort()).toEqual([
      "/api/chat/conversations",
      "/api/chat/conversations/{id}/messages",
      "/api/contracts/{id}/messages",
      "/api/integration/clinic/medcard/documents",
      "/api/medcard/cards/{cardId}/documents",
      "/api/staff/appointments/{id}/letter",
      "/api/staff/chats/{id}/messages",
      "/api/staff/clinic-imports",
      "/api/staff/medcard/cards/{cardId}/documents",
      "/api/staff/registry-imports",
    ]);
  });

  it("answers requests outside the document as a Russian problem+json too", async () => {
    const failures: string[] = [];
    const requests: [string, InjectOptions][] = [
      ["an unknown API address", { method: "GET", url: "/api/no-such-thing" }],
      [
        "an unknown API address by POST",
        { method: "POST", url: "/api/no-such-thing", payload: {} },
      ],
      ["a method the address does not take", { method: "DELETE", url: "/api/contracts" }],
      ["a PUT on a POST address", { method: "PUT", url: "/api/auth/sign-in", payload: {} }],
      ["a broken percent-encoding in the path", { method: "GET", url: "/api/contracts/%zz" }],
      [
        "a broken percent-encoding by POST",
        { method: "POST", url: "/api/callbacks/%E0%A4%A/cancel" },
      ],
      ["an encoded NUL in an unknown path", { method: "GET", url: "/api/%00" }],
      ["a 3,000-character unknown path", { method: "GET", url: `/api/${"a".repeat(3000)}` }],
      [
        "a 200-character id by POST",
        { method: "POST", url: `/api/callbacks/${"a".repeat(200)}/cancel` },
      ],
      [
        "a 200-character id by PUT",
        { method: "PUT", url: `/api/staff/programs/${"a".repeat(200)}`, payload: {} },
      ],
      [
        "a 200-character id by PATCH",
        { method: "PATCH", url: `/api/staff/service-types/${"a".repeat(200)}`, payload: {} },
      ],
      ["a 200-character id by GET", { method: "GET", url: `/api/contracts/${"a".repeat(200)}` }],
      [
        "a foreign Origin",
        {
          method: "POST",
          url: "/api/auth/sign-in",
          headers: { origin: "https://evil.example" },
          payload: {},
        },
      ],
      [
        "a garbage session cookie",
        { method: "GET", url: "/api/contracts", cookies: { rms_session: "\u0001%00" } },
      ],
      [
        "a garbage staff cookie",
        {
          method: "GET",
          url: "/api/staff/members",
          cookies: { rms_staff_session: "x".repeat(4000) },
        },
      ],
      [
        "a garbage bearer token",
        {
          method: "POST",
          url: "/api/integration/contracts",
          headers: { authorization: `Bearer ${"\u0001".repeat(300)}` },
          payload: {},
        },
      ],
      [
        "a bearer token with a NUL",
        {
          method: "POST",
          url: "/api/integration/contracts",
          headers: { authorization: "Bearer abc\u0000def" },
          payload: {},
        },
      ],
    ];
    for (const [label, request] of requests) {
      const res = await t.app.inject(request);
      const problem = verdict(res);
      if (problem) failures.push(`${label}: ${problem}`);
    }
    expect(failures).toEqual([]);
  });
});
