import { screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ClinicImport } from "../../../../common/booking/clinic-import.schema.ts";
import { jsonAnswer, renderConsoleForm } from "../../test/render.tsx";
import { ClinicImportPage } from "./clinic-import.page.tsx";

const CLINIC = {
  id: "0c7b8f0e-1f7a-4c55-8f0c-3b7e9d2f4a22",
  name: "Клиника на Соколе",
  address: "Москва, Ленинградский пр., 70",
};
const IMPORT_ID = "9a1d2c3b-4e5f-4a6b-8c7d-1e2f3a4b5c33";

function preview(overrides: Partial<ClinicImport> = {}): ClinicImport {
  return {
    id: IMPORT_ID,
    kind: "doctors",
    clinic: CLINIC,
    fileName: "врачи.csv",
    format: "csv",
    status: "previewed",
    createdAt: "2026-12-03T06:00:00.000Z",
    uploadedBy: "Админова Анна",
    rowsTotal: 2,
    totals: { new: 0, changed: 1, unchanged: 0, error: 1 },
    headerErrors: [],
    rows: [
      {
        row: 3,
        status: "error",
        label: "Орлов Олег, хирург",
        changes: [],
        errors: [{ column: "Специальность", reason: "Неизвестная специальность «хирург»" }],
      },
      {
        row: 2,
        status: "changed",
        label: "Семёнова Анна Петровна, терапевт",
        changes: [{ column: "Практика с (год)", from: "2005", to: "2004" }],
        errors: [],
      },
    ],
    appliedAt: null,
    appliedSummary: null,
    ...overrides,
  };
}

/** The server: the clinics, the upload's preview and the apply. */
function stubServer() {
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    if (url.startsWith("/api/staff/clinic-imports/clinics")) {
      return jsonAnswer(200, {
        clinics: [CLINIC],
        specialties: [{ code: "therapist", name: "терапевт" }],
      });
    }
    if (url.startsWith("/api/staff/clinic-imports?") && init?.method === "POST") {
      return jsonAnswer(201, preview());
    }
    if (url === `/api/staff/clinic-imports/${IMPORT_ID}/apply`) {
      return jsonAnswer(200, {
        import: preview({
          status: "applied",
          appliedAt: "2026-12-03T06:01:00.000Z",
          appliedSummary: { created: 0, updated: 1 },
        }),
      });
    }
    return jsonAnswer(404, { type: "/problems/not-found", title: "Не найдено", status: 404 });
  });
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("the clinic import screen", () => {
  it("asks for the clinic and the file before sending anything", async () => {
    const fetch = stubServer();
    const { user } = renderConsoleForm(<ClinicImportPage />, { path: "/staff/clinics/import" });
    await user.click(await screen.findByRole("button", { name: "Проверить файл" }));
    expect(screen.getByLabelText("Клиника").getAttribute("aria-invalid")).toBe("true");
    expect(screen.getByText("Выберите клинику")).toBeTruthy();
    expect(screen.getByText("Выберите файл")).toBeTruthy();
    expect(fetch.mock.calls.map(([url]) => String(url))).toEqual([
      "/api/staff/clinic-imports/clinics",
    ]);
  });

  it("sends the file for the chosen clinic and kind, shows each row's outcome, then «Загрузить» applies it", async () => {
    const fetch = stubServer();
    const { user } = renderConsoleForm(<ClinicImportPage />, {
      path: `/staff/clinics/import?clinicId=${CLINIC.id}`,
      route: "/staff/clinics/import",
    });
    // The clinic comes chosen from the link of «Клиники».
    expect((await screen.findByLabelText<HTMLSelectElement>("Клиника")).value).toBe(CLINIC.id);
    await user.click(screen.getByRole("radio", { name: "Врачи" }));
    const file = new File(["Фамилия;Имя\r\n"], "врачи.csv", { type: "text/csv" });
    await user.upload(screen.getByLabelText("Файл CSV или XLSX"), file);
    await user.click(screen.getByRole("button", { name: "Проверить файл" }));

    const upload = fetch.mock.calls.find(([url]) =>
      String(url).startsWith("/api/staff/clinic-imports?"),
    );
    expect(String(upload?.[0])).toBe(
      `/api/staff/clinic-imports?clinicId=${CLINIC.id}&kind=doctors`,
    );
    expect((upload?.[1]?.body as FormData | undefined)?.get("file")).toBeInstanceOf(File);

    const table = await screen.findByRole("table", { name: "Строки файла" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(within(rows[0] as HTMLElement).getByText("Ошибка")).toBeTruthy();
    expect(
      within(rows[0] as HTMLElement).getByText("Специальность: Неизвестная специальность «хирург»"),
    ).toBeTruthy();
    expect(within(rows[1] as HTMLElement).getByText("Практика с (год): 2005 → 2004")).toBeTruthy();

    await user.click(screen.getByRole("button", { name: "Загрузить" }));
    expect(await screen.findByRole("heading", { name: "Файл загружен" })).toBeTruthy();
    expect(screen.getByText("Добавлено: 0, изменено: 1.")).toBeTruthy();
  });

  it("offers no «Загрузить» when nothing would be written", async () => {
    stubServer();
    vi.mocked(fetch).mockImplementation(async (input: RequestInfo | URL) =>
      String(input).startsWith("/api/staff/clinic-imports/clinics")
        ? jsonAnswer(200, { clinics: [CLINIC], specialties: [] })
        : jsonAnswer(
            201,
            preview({
              totals: { new: 0, changed: 0, unchanged: 0, error: 1 },
              rows: [preview().rows[0] as ClinicImport["rows"][number]],
            }),
          ),
    );
    const { user } = renderConsoleForm(<ClinicImportPage />, {
      path: `/staff/clinics/import?clinicId=${CLINIC.id}`,
      route: "/staff/clinics/import",
    });
    await user.upload(
      await screen.findByLabelText("Файл CSV или XLSX"),
      new File(["x"], "прайс.csv", { type: "text/csv" }),
    );
    await user.click(screen.getByRole("button", { name: "Проверить файл" }));
    expect(
      await screen.findByText(
        "В файле нет новых или изменённых строк без ошибок: загружать нечего.",
      ),
    ).toBeTruthy();
    expect(screen.getByRole<HTMLButtonElement>("button", { name: "Загрузить" }).disabled).toBe(
      true,
    );
  });
});
