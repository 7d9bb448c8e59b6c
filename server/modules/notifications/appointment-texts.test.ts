import { describe, expect, it } from "vitest";
import {
  type AppointmentNoticeKind,
  appointmentEmail,
  appointmentSms,
  fitSms,
  initials,
  reminderEmail,
  reminderSms,
  smsSegments,
  type VisitFacts,
  waitlistOfferSms,
} from "./appointment-texts.ts";

// 10:30 in Moscow on 5 December 2026 (UTC+3).
const startsAt = new Date("2026-12-05T07:30:00Z");

const facts: VisitFacts = {
  person: { lastName: "Орлова", firstName: "Анна", patronymic: "Сергеевна" },
  doctor: { lastName: "Кузнецов", firstName: "Андрей", patronymic: "Викторович" },
  specialty: "терапевт",
  service: "Приём терапевта",
  clinic: {
    name: "Клиника «Здоровье»",
    address: "Москва, ул. Тверская, 12",
    metro: "Тверская",
    phones: ["+74951234567"],
    whatToBring: "паспорт и полис",
    cancellationCutoffHours: 4,
  },
  startsAt,
  coverageKind: "covered",
  clinicPriceKopecks: 250_000,
  companyPriceKopecks: 250_000,
};

/** A clinic with the longest names of the demo kind: the SMS must still fit two parts. */
const wordy: VisitFacts = {
  ...facts,
  person: {
    lastName: "Константинопольская",
    firstName: "Александра",
    patronymic: "Владиславовна",
  },
  specialty: "оториноларинголог",
  clinic: {
    ...facts.clinic,
    name: "Многопрофильный медицинский центр «Семейная клиника на Покровке»",
    address: "Москва, Большой Харитоньевский переулок, д. 21, стр. 3, подъезд 2",
  },
};

const kinds: AppointmentNoticeKind[] = [
  "booked",
  "awaiting_letter",
  "pending",
  "requested",
  "scheduled",
  "confirmed",
  "letter_issued",
  "cancelled_by_clinic",
  "moved",
];

describe("smsSegments", () => {
  it("counts a Cyrillic text as UCS-2: 70 in one part, then parts of 67", () => {
    expect(smsSegments("я".repeat(70))).toBe(1);
    expect(smsSegments("я".repeat(71))).toBe(2);
    expect(smsSegments("я".repeat(134))).toBe(2);
    expect(smsSegments("я".repeat(135))).toBe(3);
  });

  it("counts a Latin text as GSM-7: 160 in one part, then parts of 153", () => {
    expect(smsSegments("a".repeat(160))).toBe(1);
    expect(smsSegments("a".repeat(161))).toBe(2);
  });
});

describe("fitSms", () => {
  it("takes the most detailed variant that fits two parts, else the shortest", () => {
    expect(fitSms(["я".repeat(140), "я".repeat(120), "я".repeat(60)])).toBe("я".repeat(120));
    expect(fitSms(["я".repeat(300), "я".repeat(200)])).toBe("я".repeat(200));
  });
});

describe("appointmentSms", () => {
  it("confirms a booking with the person, the doctor, the Moscow time, the clinic and its address", () => {
    expect(appointmentSms("booked", facts)).toBe(
      "РМС: запись подтверждена. Орлова А. С.: терапевт Кузнецов А. В., 05.12 в 10:30, Клиника «Здоровье», ул. Тверская, 12.",
    );
  });

  it("says a guarantee letter is awaited when the coverage needs one", () => {
    const text = appointmentSms("awaiting_letter", { ...facts, coverageKind: "guarantee_letter" });
    expect(text).toContain("05.12 в 10:30");
    expect(text).toContain("гарантийное письмо");
    expect(text).not.toContain("подтверждена");
    const scheduled = appointmentSms("scheduled", { ...facts, coverageKind: "guarantee_letter" });
    expect(scheduled).toContain("гарантийное письмо");
    expect(appointmentSms("scheduled", facts)).not.toContain("гарантийное письмо");
  });

  it("tells a request was taken, with no time", () => {
    const text = appointmentSms("requested", { ...facts, doctor: null, startsAt: null });
    expect(text).toBe(
      "РМС: заявка принята. Орлова А. С.: терапевт, Клиника «Здоровье». Оператор подберёт время и сообщит.",
    );
  });

  it("gives the clinic's reason for a cancellation, cutting a long one short", () => {
    expect(appointmentSms("cancelled_by_clinic", facts, { reason: "врач заболел" })).toBe(
      "РМС: клиника отменила запись на 05.12 в 10:30 (терапевт Кузнецов А. В., Клиника «Здоровье»). Причина: врач заболел",
    );
    const long = appointmentSms("cancelled_by_clinic", facts, {
      reason:
        "Врач заболел, приёмы на эту неделю перенесены; пожалуйста, выберите другое время или другого врача в кабинете.",
    });
    expect(smsSegments(long)).toBeLessThanOrEqual(2);
    expect(long).toContain("Причина: Врач заболел");
    expect(long.endsWith("… Подробнее в кабинете.")).toBe(true);
  });

  it("names the new time of a moved appointment", () => {
    const moved = appointmentSms("moved", { ...facts, startsAt: new Date("2026-12-06T08:00:00Z") });
    expect(moved).toContain("запись перенесена");
    expect(moved).toContain("06.12 в 11:00");
  });

  it("keeps every text within two parts, dropping detail for long names", () => {
    for (const kind of kinds) {
      for (const one of [facts, wordy]) {
        const text = appointmentSms(kind, one, { reason: "врач заболел" });
        expect(smsSegments(text), `${kind}: ${text}`).toBeLessThanOrEqual(2);
        if (kind !== "requested") expect(text, kind).toContain("в 10:30");
      }
    }
  });
});

describe("reminderSms", () => {
  it("says «завтра» the day before and «сегодня» on the day, in Moscow time", () => {
    expect(reminderSms(facts, startsAt, new Date("2026-12-04T07:30:00Z"))).toBe(
      "РМС: напоминаем о приёме завтра в 10:30: Орлова А. С., терапевт Кузнецов А. В., Клиника «Здоровье», ул. Тверская, 12.",
    );
    // 20:00 in Moscow on 4 December is still the evening before.
    expect(reminderSms(facts, startsAt, new Date("2026-12-04T17:00:00Z"))).toContain("завтра");
    expect(reminderSms(facts, startsAt, new Date("2026-12-05T05:30:00Z"))).toContain(
      "сегодня в 10:30",
    );
    expect(smsSegments(reminderSms(wordy, startsAt, new Date("2026-12-04T07:30:00Z")))).toBe(2);
  });
});

describe("waitlistOfferSms", () => {
  it("offers the earlier time, held 15 minutes, with the link to the appointment", () => {
    const link = "https://lk.rms.ru/cabinet/appointments/0b6f3a52-1c2d-4e5f-8a9b-0c1d2e3f4a5b";
    const text = waitlistOfferSms(
      { startsAt, doctor: facts.doctor ?? facts.person, specialty: "терапевт", clinicName: "К" },
      link,
    );
    expect(text).toContain("05.12 в 10:30");
    expect(text).toContain("Держим 15 минут");
    expect(text.endsWith(link)).toBe(true);
    expect(smsSegments(text)).toBeLessThanOrEqual(2);
  });
});

describe("appointmentEmail", () => {
  const link = "https://lk.rms.ru/cabinet/appointments/1";

  it("lists the whole visit, its cost and how to cancel", () => {
    const email = appointmentEmail("booked", facts, link);
    expect(email.subject).toBe("РМС: запись к врачу подтверждена на 05.12.2026 в 10:30");
    expect(email.text).toContain("Пациент: Орлова Анна Сергеевна");
    expect(email.text).toContain("Врач: Кузнецов Андрей Викторович, терапевт");
    expect(email.text).toContain("Когда: 05.12.2026 в 10:30 (время московское)");
    expect(email.text).toContain("Адрес: Москва, ул. Тверская, 12 (м. Тверская)");
    expect(email.text).toContain("Телефон клиники: +7 495 123-45-67");
    expect(email.text).toContain("Оплата: по программе");
    expect(email.text).toContain("Что взять с собой: паспорт и полис");
    expect(email.text).toContain("не позже чем за 4 ч до приёма");
    expect(email.text).toContain(`Запись в личном кабинете: ${link}`);
  });

  it("gives both prices of a paid visit and the reason of a clinic's cancellation", () => {
    const paid = appointmentEmail(
      "booked",
      { ...facts, coverageKind: "paid", companyPriceKopecks: 212_500 },
      link,
    );
    expect(paid.text).toMatch(/Оплата: платно, 2\s125 ₽ \(цена клиники 2\s500 ₽\)/u);
    const cancelled = appointmentEmail("cancelled_by_clinic", facts, link, {
      reason: "врач заболел",
    });
    expect(cancelled.subject).toBe("РМС: клиника отменила запись на 05.12.2026 в 10:30");
    expect(cancelled.text).toContain("Причина: врач заболел");
  });

  it("names the right day in a reminder e-mail", () => {
    const email = reminderEmail(
      facts,
      startsAt,
      "day_before",
      link,
      new Date("2026-12-04T07:30:00Z"),
    );
    expect(email.subject).toBe("РМС: напоминаем о приёме завтра в 10:30");
  });
});

describe("initials", () => {
  it("shortens the given names, and leaves a missing patronymic out", () => {
    expect(initials({ lastName: "Ли", firstName: "Анна", patronymic: null })).toBe("Ли А.");
  });
});
