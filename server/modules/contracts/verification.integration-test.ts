import { randomInt } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatRuDate, todayInMoscow } from "../../../common/format/date.ts";
import { setupTestApp } from "../../test/build-test-app.ts";
import {
  createTestContract,
  createTestProgram,
  type TestPerson,
} from "../../test/contract-factories.ts";
import { nextIsoDate } from "../calendar/calendar-days.ts";
import { VERIFICATION_LIMIT } from "./verification.service.ts";

// A stand-in for dist/web: the public page is the cabinet's app outside the signed-in layout.
const webRoot = mkdtempSync(join(tmpdir(), "rms-web-"));
mkdirSync(join(webRoot, "cabinet"));
writeFileSync(join(webRoot, "cabinet/index.html"), "<!doctype html><title>cabinet</title>");

const t = setupTestApp({ webRoot });

const LETTERS = "абвгдежзиклмнопрстуфхцчшэюя";

/** A person no account is linked to, with a surname no other test uses. */
function stranger(slot: 1 | 2): TestPerson {
  let suffix = "";
  for (let i = 0; i < 8; i += 1) suffix += LETTERS[randomInt(LETTERS.length)];
  return {
    slot,
    lastName: `Чужой${suffix}`,
    firstName: "Рената",
    patronymic: "Саяровна",
    birthDate: "1992-07-01",
  };
}

const daysFromToday = (days: number) => nextIsoDate(todayInMoscow(), days);

async function contractFor(persons: TestPerson[], options: { startsOn?: string; endsOn?: string }) {
  const program = await createTestProgram(t.database.db, { maxPersons: 2 });
  const contract = await createTestContract(t.database.db, {
    programId: program.id,
    startsOn: options.startsOn ?? daysFromToday(10),
    endsOn: options.endsOn ?? daysFromToday(375),
    persons,
  });
  return { ...contract, program };
}

describe("the public verification page", () => {
  it("is served by the cabinet's app with status 200, query string and all", async () => {
    const res = await t.app.inject({ method: "GET", url: "/verify?number=11%2F22445568" });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("<title>cabinet</title>");
  });

  it("is documented in the OpenAPI under the contracts tag with the client's routes", async () => {
    const document = (await t.app.inject({ method: "GET", url: "/api/openapi.json" })).json();
    expect(document.paths["/api/verification"].post.tags).toEqual(["contracts"]);
    expect(document.paths["/api/contracts/{id}/certificate.pdf"].get.tags).toEqual(["contracts"]);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        "/api/contracts",
        "/api/contracts/{id}",
        "/api/contracts/{id}/persons",
        "/api/contracts/{id}/replacement-requests",
        "/api/contracts/{id}/print",
        "/api/programs/{id}/procedure",
      ]),
    );
  });
});

describe("the public verification", () => {
  function verify(payload: object, ip = `10.0.${randomInt(255)}.${randomInt(255)}`) {
    return t.app.inject({
      method: "POST",
      url: "/api/verification",
      payload,
      remoteAddress: ip,
    });
  }

  it("says a certificate is valid today and for which program, with no names", async () => {
    const person = stranger(1);
    const contract = await contractFor([person], {
      startsOn: daysFromToday(-1),
      endsOn: daysFromToday(100),
    });
    const res = await verify({
      number: contract.number,
      birthDate: formatRuDate(person.birthDate),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ valid: true, programName: contract.program.name });
  });

  it("answers the same for an unknown number, a wrong birth date, not started and expired", async () => {
    const person = stranger(1);
    const birthDate = formatRuDate(person.birthDate);
    const active = await contractFor([person], {
      startsOn: daysFromToday(-1),
      endsOn: daysFromToday(100),
    });
    const future = await contractFor([person], { startsOn: daysFromToday(1) });
    const expired = await contractFor([person], {
      startsOn: daysFromToday(-400),
      endsOn: daysFromToday(-1),
    });
    const answers = [
      await verify({ number: "11/00000001", birthDate }),
      await verify({ number: active.number, birthDate: "02.07.1992" }),
      await verify({ number: future.number, birthDate }),
      await verify({ number: expired.number, birthDate }),
    ];
    for (const answer of answers) {
      expect(answer.statusCode).toBe(200);
      expect(answer.json()).toEqual({ valid: false });
    }
  });

  it("needs no session and refuses too many checks from one address with 429 and Retry-After", async () => {
    const ip = "10.99.1.1";
    for (let i = 0; i < VERIFICATION_LIMIT; i += 1) {
      const res = await verify({ number: "11/00000002", birthDate: "01.01.1990" }, ip);
      expect(res.statusCode).toBe(200);
    }
    const refused = await verify({ number: "11/00000002", birthDate: "01.01.1990" }, ip);
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
    expect(refused.json().detail).toContain("слишком много проверок");
    const otherAddress = await verify({ number: "11/00000002", birthDate: "01.01.1990" });
    expect(otherAddress.statusCode).toBe(200);
  });

  it("asks for the number and a real birth date", async () => {
    const res = await verify({ number: " ", birthDate: "32.01.1990" });
    expect(res.statusCode).toBe(400);
    const fields = res.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(["number", "birthDate"]));
  });
});
