import { describe, expect, it } from "vitest";
import { todayInMoscow } from "../../../common/format/date.ts";
import { setupTestApp } from "../../test/build-test-app.ts";
import { createTestContract } from "../../test/contract-factories.ts";
import {
  createTestClient,
  createTestStaff,
  signInClient,
  signInStaff,
} from "../../test/factories.ts";

const t = setupTestApp();

describe("what an admin sets for «Чат с врачом»", () => {
  it("opens chat for a program's persons once «includesChat» is on, and closes it when off", async () => {
    const db = t.database.db;
    const admin = {
      rms_staff_session: await signInStaff(t.app, await createTestStaff(db, "admin")),
    };
    const program = {
      name: "Программа с чатом",
      code: "with-chat",
      description: "Консультации врача.",
      coverage: "- Консультации в чате",
      careProcedure: "Напишите в чат.",
      soldOnline: false,
      maxPersons: 1,
      priceKopecks: null,
      termMonths: null,
    };
    const created = await t.app.inject({
      method: "POST",
      url: "/api/staff/programs",
      cookies: admin,
      payload: program,
    });
    expect(created.statusCode, created.body).toBe(201);
    // An older console's form without the field: off.
    expect(created.json().program.includesChat).toBe(false);
    const id = created.json().program.id as string;

    const client = await createTestClient(db, { lastName: "Чатова", birthDate: "1990-03-15" });
    const year = Number(todayInMoscow().slice(0, 4));
    await createTestContract(db, {
      programId: id,
      startsOn: `${year - 1}-01-01`,
      endsOn: `${year + 1}-12-31`,
      persons: [
        {
          slot: 1,
          lastName: "Чатова",
          firstName: "Анна",
          birthDate: "1990-03-15",
          phone: client.phone,
        },
      ],
    });
    const cookie = { rms_session: await signInClient(t.app, client) };
    const persons = async () =>
      (await t.app.inject({ method: "GET", url: "/api/chat/options", cookies: cookie })).json()
        .persons;
    expect(await persons()).toEqual([]);

    const on = await t.app.inject({
      method: "PUT",
      url: `/api/staff/programs/${id}`,
      cookies: admin,
      payload: { ...program, includesChat: true },
    });
    expect(on.json().program.includesChat).toBe(true);
    expect(await persons()).toEqual([
      expect.objectContaining({ programName: "Программа с чатом" }),
    ]);

    await t.app.inject({
      method: "PUT",
      url: `/api/staff/programs/${id}`,
      cookies: admin,
      payload: { ...program, includesChat: false },
    });
    expect(await persons()).toEqual([]);
  });

  it("shows a doctor's specialty, set by an admin, among the doctors a chat may be handed to", async () => {
    const db = t.database.db;
    const admin = {
      rms_staff_session: await signInStaff(t.app, await createTestStaff(db, "admin")),
    };
    const doctor = await createTestStaff(db, "doctor", "Педиатрова Ольга Ивановна");
    const set = await t.app.inject({
      method: "PUT",
      url: `/api/staff/members/${doctor.id}/specialty`,
      cookies: admin,
      payload: { specialty: "Педиатр" },
    });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().member.specialty).toBe("Педиатр");
    const colleague = {
      rms_staff_session: await signInStaff(t.app, await createTestStaff(db, "doctor")),
    };
    const list = await t.app.inject({
      method: "GET",
      url: "/api/staff/chat-doctors",
      cookies: colleague,
    });
    expect(list.json().doctors).toContainEqual({
      id: doctor.id,
      name: doctor.fullName,
      specialty: "Педиатр",
    });

    const members = await t.app.inject({
      method: "GET",
      url: "/api/staff/members",
      cookies: admin,
    });
    expect(members.json().members.find((m: { id: string }) => m.id === doctor.id).specialty).toBe(
      "Педиатр",
    );
    const byDoctor = await t.app.inject({
      method: "PUT",
      url: `/api/staff/members/${doctor.id}/specialty`,
      cookies: colleague,
      payload: { specialty: "Хирург" },
    });
    expect(byDoctor.statusCode).toBe(403);
  });
});
