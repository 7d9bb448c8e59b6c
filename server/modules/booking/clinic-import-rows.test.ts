import { describe, expect, it } from "vitest";
import {
  type DoctorField,
  type PriceField,
  parseRublesToKopecks,
} from "../../../common/booking/clinic-import.schema.ts";
import type { TableRow } from "../../table-file/read-table-file.ts";
import {
  checkDoctorRows,
  checkPriceRows,
  type ExistingDoctor,
  type ExistingService,
  formatKopecks,
} from "./clinic-import-rows.ts";

const specialties = [
  { id: "s-ther", code: "therapist", name: "терапевт" },
  { id: "s-card", code: "cardiologist", name: "кардиолог" },
];

function priceRow(row: number, cells: Partial<Record<PriceField, string>>): TableRow<PriceField> {
  return { row, cells: { code: "", name: "", specialty: "", price: "", visit: "", ...cells } };
}

function doctorRow(
  row: number,
  cells: Partial<Record<DoctorField, string>>,
): TableRow<DoctorField> {
  return {
    row,
    cells: {
      lastName: "",
      firstName: "",
      patronymic: "",
      specialty: "",
      practiceSince: "",
      externalId: "",
      ...cells,
    },
  };
}

describe("parseRublesToKopecks", () => {
  it("reads prices as people and Excel write them, in whole kopecks", () => {
    expect(parseRublesToKopecks("1 500,50")).toBe(150_050);
    expect(parseRublesToKopecks("1500.5")).toBe(150_050);
    expect(parseRublesToKopecks("1\u00a0500 ₽")).toBe(150_000);
    expect(parseRublesToKopecks("2 300 руб.")).toBe(230_000);
    expect(parseRublesToKopecks("0")).toBe(0);
    expect(parseRublesToKopecks("999,99")).toBe(99_999);
  });

  it("refuses what is not a price", () => {
    for (const text of ["", "-100", "12,345", "1,500.50", "бесплатно", "1e3", "1.2.3", "₽"]) {
      expect(parseRublesToKopecks(text), text).toBeNull();
    }
  });
});

describe("formatKopecks", () => {
  it("shows rubles with thin groups and two decimals", () => {
    expect(formatKopecks(150_050)).toBe("1 500,50 ₽");
    expect(formatKopecks(5)).toBe("0,05 ₽");
    expect(formatKopecks(123_456_700)).toBe("1 234 567,00 ₽");
  });
});

describe("checkPriceRows", () => {
  const existing: ExistingService[] = [
    {
      id: "svc-1",
      code: "A01",
      name: "Приём терапевта",
      specialtyId: "s-ther",
      priceKopecks: 200_000,
      isVisit: true,
      active: true,
    },
    {
      id: "svc-2",
      code: "A02",
      name: "ЭКГ",
      specialtyId: "s-card",
      priceKopecks: 90_000,
      isVisit: false,
      active: true,
    },
  ];

  it("tells a new, a changed (old → new price) and an unchanged service apart", () => {
    const { rows, writes } = checkPriceRows(
      [
        priceRow(2, {
          code: "A01",
          name: "Приём терапевта",
          specialty: "Терапевт",
          price: "2 500",
        }),
        priceRow(3, { code: "A02", name: "ЭКГ", specialty: "cardiologist", price: "900,00" }),
        priceRow(4, { code: "B07", name: "УЗИ сердца", specialty: "кардиолог", price: "3200.5" }),
      ],
      specialties,
      existing,
    );
    expect(rows.map((row) => row.status)).toEqual(["changed", "unchanged", "new"]);
    expect(rows[0]?.changes).toEqual([{ column: "Цена, ₽", from: "2 000,00 ₽", to: "2 500,00 ₽" }]);
    expect(writes).toEqual([
      {
        row: 2,
        serviceId: "svc-1",
        code: "A01",
        name: "Приём терапевта",
        specialtyId: "s-ther",
        priceKopecks: 250_000,
        isVisit: true,
      },
      {
        row: 4,
        serviceId: null,
        code: "B07",
        name: "УЗИ сердца",
        specialtyId: "s-card",
        priceKopecks: 320_050,
        isVisit: false,
      },
    ]);
  });

  it("makes a service the specialty's visit by «Приём врача», one per specialty in the file", () => {
    const { rows, writes } = checkPriceRows(
      [
        priceRow(2, {
          code: "A02",
          name: "ЭКГ",
          specialty: "кардиолог",
          price: "900",
          visit: "да",
        }),
        priceRow(3, { code: "B1", name: "Приём", specialty: "кардиолог", price: "1", visit: "Да" }),
        priceRow(4, {
          code: "B2",
          name: "Проба",
          specialty: "терапевт",
          price: "1",
          visit: "может",
        }),
      ],
      specialties,
      existing,
    );
    expect(rows.map((row) => row.status)).toEqual(["changed", "error", "error"]);
    expect(rows[0]?.changes).toEqual([{ column: "Приём врача", from: "нет", to: "да" }]);
    expect(rows[1]?.errors[0]?.reason).toBe(
      "Приём врача этой специальности уже указан в строке 2: он один",
    );
    expect(rows[2]?.errors[0]?.reason).toBe("Укажите «да», «нет» или оставьте пустым");
    expect(writes.map((write) => [write.code, write.isVisit])).toEqual([["A02", true]]);
  });

  it("gives each bad row its Russian reasons and writes nothing for it", () => {
    const { rows, writes } = checkPriceRows(
      [
        priceRow(2, { code: "C1", name: "Массаж", specialty: "массажист", price: "1000" }),
        priceRow(3, { code: "C2", name: "Анализ", specialty: "терапевт", price: "-5" }),
        priceRow(4, { code: "C3", name: "Анализ", specialty: "терапевт", price: "100" }),
        priceRow(5, { code: "C3", name: "Анализ 2", specialty: "терапевт", price: "100" }),
        priceRow(6, { code: "", name: "", specialty: "терапевт", price: "" }),
        priceRow(7, { code: "C 4", name: "Проба\u0000", specialty: "терапевт", price: "1" }),
      ],
      specialties,
      [],
    );
    expect(rows.map((row) => row.status)).toEqual([
      "error",
      "error",
      "new",
      "error",
      "error",
      "error",
    ]);
    expect(rows[0]?.errors[0]?.reason).toMatch(/^Неизвестная специальность «массажист»/);
    expect(rows[1]?.errors[0]?.reason).toMatch(/^Неверная цена «-5»/);
    expect(rows[3]?.errors).toEqual([{ column: "Код", reason: "Код «C3» уже есть в строке 4" }]);
    expect(rows[4]?.errors.map((error) => error.column)).toEqual([
      "Код",
      "Наименование",
      "Цена, ₽",
    ]);
    expect(rows[5]?.errors.map((error) => error.column)).toEqual(["Код", "Наименование"]);
    expect(writes.map((write) => write.row)).toEqual([4]);
  });
});

describe("checkDoctorRows", () => {
  const existing: ExistingDoctor[] = [
    {
      id: "doc-1",
      lastName: "Семёнова",
      firstName: "Анна",
      patronymic: "Петровна",
      specialtyId: "s-ther",
      practiceSince: 2005,
      externalId: null,
      active: true,
    },
    {
      id: "doc-2",
      lastName: "Орлов",
      firstName: "Олег",
      patronymic: null,
      specialtyId: "s-card",
      practiceSince: 1999,
      externalId: "MIS-17",
      active: false,
    },
  ];

  it("matches a doctor by the name without regard to ё and case, or by «Код врача»", () => {
    const { rows, writes } = checkDoctorRows(
      [
        doctorRow(2, {
          lastName: "семенова",
          firstName: "Анна",
          patronymic: "Петровна",
          specialty: "терапевт",
          practiceSince: "2005",
        }),
        doctorRow(3, {
          lastName: "Орлов",
          firstName: "Олег",
          patronymic: "Игоревич",
          specialty: "кардиолог",
          practiceSince: "1998",
          externalId: "MIS-17",
        }),
        doctorRow(4, {
          lastName: "Ким",
          firstName: "Ирина",
          specialty: "терапевт",
          practiceSince: "2019",
        }),
      ],
      specialties,
      existing,
      2026,
    );
    expect(rows.map((row) => row.status)).toEqual(["changed", "changed", "new"]);
    // The spelling is the file's: «семенова» is the same doctor, now written so.
    expect(rows[0]?.changes).toEqual([
      { column: "ФИО", from: "Семёнова Анна Петровна", to: "семенова Анна Петровна" },
    ]);
    expect(rows[1]?.changes).toEqual([
      { column: "ФИО", from: "Орлов Олег", to: "Орлов Олег Игоревич" },
      { column: "Практика с (год)", from: "1999", to: "1998" },
      { column: "Врач", from: "скрыт", to: "принимает" },
    ]);
    expect(writes.map((write) => [write.row, write.doctorId, write.externalId])).toEqual([
      [2, "doc-1", null],
      [3, "doc-2", "MIS-17"],
      [4, null, null],
    ]);
  });

  it("refuses a bad year, an unknown specialty, a doctor twice in the file and namesakes without a code", () => {
    const namesake: ExistingDoctor = { ...existing[0], id: "doc-3" } as ExistingDoctor;
    const { rows, writes } = checkDoctorRows(
      [
        doctorRow(2, {
          lastName: "Ким",
          firstName: "Ирина",
          specialty: "терапевт",
          practiceSince: "2031",
        }),
        doctorRow(3, {
          lastName: "Ким",
          firstName: "Ирина",
          specialty: "хирург",
          practiceSince: "2001",
        }),
        doctorRow(4, {
          lastName: "Ли",
          firstName: "Ян",
          specialty: "терапевт",
          practiceSince: "2001",
        }),
        doctorRow(5, {
          lastName: "ЛИ",
          firstName: "ян",
          specialty: "Терапевт",
          practiceSince: "2001",
        }),
        doctorRow(6, {
          lastName: "Семёнова",
          firstName: "Анна",
          patronymic: "Петровна",
          specialty: "терапевт",
          practiceSince: "2005",
        }),
        doctorRow(7, {
          lastName: "Ким2",
          firstName: "И",
          specialty: "терапевт",
          practiceSince: "2001",
        }),
      ],
      specialties,
      [...existing, namesake],
      2026,
    );
    expect(rows.map((row) => row.status)).toEqual([
      "error",
      "error",
      "new",
      "error",
      "error",
      "error",
    ]);
    expect(rows[0]?.errors[0]?.reason).toBe("Укажите год от 1950 до 2026, например 2008");
    expect(rows[1]?.errors[0]?.reason).toMatch(/^Неизвестная специальность «хирург»/);
    expect(rows[3]?.errors[0]?.reason).toBe("Этот врач уже есть в строке 4");
    expect(rows[4]?.errors[0]?.reason).toMatch(/несколько врачей с таким именем/);
    expect(rows[5]?.errors[0]?.reason).toBe("Только буквы, дефис, апостроф и пробел");
    expect(writes.map((write) => write.row)).toEqual([4]);
  });
});
