import { mkdtempSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { setupTestApp } from "../test/build-test-app.ts";
import { DEMO_PASSWORD, demoClient, seedDemo } from "./seed.ts";

// The demo client's «Медкарта» is not empty: a doctor's allergy, its own blood group and medicine,
// its own PDF and a clinic's, the health-data consent given.
const dataDir = mkdtempSync(join(tmpdir(), "rms-seed-medcard-"));
const t = setupTestApp({ env: { DATA_DIR: dataDir } });

async function storedFiles(): Promise<number> {
  const entries = await readdir(join(dataDir, "files"), { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).length;
}

describe("the demo medcard", () => {
  it("shows the demo client's own card with its entries and two PDFs, and seeding again adds nothing", async () => {
    await seedDemo(t.database.db, t.app.files);
    await seedDemo(t.database.db, t.app.files);
    expect(await storedFiles()).toBe(2);
    const signIn = await t.app.inject({
      method: "POST",
      url: "/api/auth/sign-in",
      payload: { phone: demoClient.phone, password: DEMO_PASSWORD },
    });
    const cookie = signIn.cookies.find((c) => c.name === "rms_session")?.value ?? "";
    const home = await t.app.inject({
      method: "GET",
      url: "/api/medcard",
      cookies: { rms_session: cookie },
    });
    expect(home.json().consentRequired).toBeNull();
    expect(home.json().cards).toEqual([
      {
        id: expect.any(String),
        subject: "self",
        fullName: "Иванов Иван Иванович",
        birthDate: "1985-04-12",
      },
      // His daughter of 9 on the certificate bought for her (decision 0031).
      {
        id: expect.any(String),
        subject: "child",
        fullName: "Иванова Софья Ивановна",
        birthDate: expect.stringMatching(/^\d{4}-03-01$/),
      },
    ]);
    const cardId = home.json().cards[0].id;
    const view = (
      await t.app.inject({
        method: "GET",
        url: `/api/medcard/cards/${cardId}`,
        cookies: { rms_session: cookie },
      })
    ).json();
    expect(
      view.summary.map((entry: { kind: string; author: object }) => [entry.kind, entry.author]),
    ).toEqual([
      ["allergy", { source: "doctor", name: "Кузнецов Андрей Викторович" }],
      ["medication", { source: "patient", name: null }],
      ["blood_group", { source: "patient", name: null }],
    ]);
    expect(
      view.documents.map((document: { title: string; author: object }) => [
        document.title,
        document.author,
      ]),
    ).toEqual([
      ["Заключение аллерголога", { source: "clinic", name: "Клиника «Здоровье на Соколе»" }],
      ["Общий анализ крови", { source: "patient", name: null }],
    ]);
    for (const document of view.documents) {
      const file = await t.app.inject({
        method: "GET",
        url: `/api/medcard/cards/${cardId}/documents/${document.id}/file`,
        cookies: { rms_session: cookie },
      });
      expect(file.statusCode).toBe(200);
      expect(file.rawPayload.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    }
    // The demo chat's conclusion is in the timeline.
    expect(view.timeline.map((item: { kind: string }) => item.kind)).toContain("chat");
  });
});
