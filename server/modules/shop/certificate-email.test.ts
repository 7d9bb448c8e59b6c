import { describe, expect, it } from "vitest";
import { certificateEmail } from "./certificate-email.ts";

describe("the letter with a certificate bought online", () => {
  it("names the order, the certificate, its term and where it is", () => {
    const letter = certificateEmail({
      orderNumber: 100123,
      number: "11/90000001",
      programName: "Позвони Врачу",
      startsOn: "2026-12-06",
      endsOn: "2027-12-05",
      cabinetUrl: "https://lk.rms-med.ru/cabinet/contracts/1",
    });
    expect(letter.subject).toBe("Ваш сертификат № 11/90000001");
    expect(letter.text).toContain("Оплата заказа № 100123 получена");
    expect(letter.text).toContain("действует с 06.12.2026 по 05.12.2027");
    expect(letter.text).toContain("«Мои договоры»: https://lk.rms-med.ru/cabinet/contracts/1");
    expect(letter.text).toContain("PDF сертификата — во вложении");
  });
});
