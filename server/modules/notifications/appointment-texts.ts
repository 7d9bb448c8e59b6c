import { company } from "../../../common/company.ts";
import { formatMoscowDateTime, todayInMoscow } from "../../../common/format/date.ts";
import { fullName } from "../../../common/format/person-name.ts";
import { formatPhone } from "../../../common/format/phone.ts";
import type { ReminderKind } from "../booking/index.ts";

// The texts of the SMS and e-mails about appointments (issue 14). Pure: the handlers read the
// appointment and pass it in, so every wording is checked by unit tests.

type Name = { lastName: string; firstName: string; patronymic: string | null };

/** What a text says about one appointment: who, with whom, where, when. */
export interface VisitFacts {
  person: Name;
  doctor: Name | null;
  /** Lower case, as after a doctor's name («терапевт»). */
  specialty: string;
  service: string;
  clinic: {
    name: string;
    address: string;
    metro: string | null;
    phones: string[];
    whatToBring: string | null;
    cancellationCutoffHours: number;
  };
  /** Null only for a request with no time yet. */
  startsAt: Date | null;
  coverageKind: "covered" | "guarantee_letter" | "paid";
  clinicPriceKopecks: number;
  companyPriceKopecks: number;
}

/** What happened, as the client is told it. */
export type AppointmentNoticeKind =
  | "booked"
  | "awaiting_letter"
  | "pending"
  | "requested"
  | "scheduled"
  | "confirmed"
  | "letter_issued"
  | "cancelled_by_clinic"
  | "moved";

export interface Email {
  subject: string;
  text: string;
}

const SMS_SEGMENTS = 2;

/**
 * How many parts an SMS is sent as. Any Cyrillic letter makes it UCS-2: 70 characters fit one
 * part, and a longer text goes in parts of 67 (each part carries a header). A text of GSM-7
 * characters only is counted as GSM-7 (160, then 153).
 */
export function smsSegments(text: string): number {
  const gsm =
    /^[A-Za-z0-9 @£$¥èéùìòÇ\n\rØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!"#¤%&'()*+,\-./:;<=>?¡ÄÖÑÜ§¿äöñüà]*$/.test(text);
  const [single, part] = gsm ? [160, 153] : [70, 67];
  return text.length <= single ? 1 : Math.ceil(text.length / part);
}

/**
 * The first of the variants, most detailed first, that goes in one or two parts; the last (the
 * shortest) when none does.
 */
export function fitSms(variants: string[]): string {
  const fitting = variants.find((text) => smsSegments(text) <= SMS_SEGMENTS);
  const text = fitting ?? variants.at(-1);
  if (text === undefined) throw new Error("no SMS text to choose from");
  return text;
}

/** «Кузнецов А. В.». */
export function initials(name: Name): string {
  const letters = [name.firstName, name.patronymic]
    .filter((part): part is string => Boolean(part))
    .map((part) => `${part.slice(0, 1)}.`)
    .join(" ");
  return letters ? `${name.lastName} ${letters}` : name.lastName;
}

/** `05.12.2026 в 10:30` (Moscow time). */
export function moscowWhen(moment: Date): string {
  const [date, time] = formatMoscowDateTime(moment).split(" ");
  return `${date} в ${time}`;
}

/** `05.12 в 10:30` (Moscow time): the year is plain in an SMS about the coming days. */
function shortWhen(moment: Date): string {
  const [date = "", time] = formatMoscowDateTime(moment).split(" ");
  return `${date.slice(0, 5)} в ${time}`;
}

/** The address without the city: every clinic of the network is in Moscow. */
function shortAddress(address: string): string {
  return address.replace(/^\s*(г\.\s*)?Москва,\s*/u, "");
}

function doctorShort(facts: Pick<VisitFacts, "doctor" | "specialty">): string {
  return facts.doctor ? `${facts.specialty} ${initials(facts.doctor)}` : facts.specialty;
}

function rubles(kopecks: number): string {
  const amount = new Intl.NumberFormat("ru-RU", { maximumFractionDigits: 2 }).format(kopecks / 100);
  return `${amount} ₽`;
}

/** The variants of «who, with whom, when, where» in an SMS, most detailed first. */
function visitVariants(head: string, facts: VisitFacts, tail = ""): string[] {
  const when = facts.startsAt ? `${shortWhen(facts.startsAt)}, ` : "";
  const clinic = facts.clinic.name;
  const address = shortAddress(facts.clinic.address);
  const person = initials(facts.person);
  return [
    `${head} ${person}: ${doctorShort(facts)}, ${when}${clinic}, ${address}.${tail}`,
    `${head} ${doctorShort(facts)}, ${when}${clinic}, ${address}.${tail}`,
    `${head} ${facts.specialty}, ${when}${clinic}, ${address}.${tail}`,
    `${head} ${facts.specialty}, ${when}${clinic}.${tail}`,
    `${head} ${facts.specialty}, ${when}${clip(clinic, 32)}.${tail}`,
  ];
}

/** A name cut to `max` characters with «…» when it is longer. */
function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

const LETTER_TAIL = " Ждём гарантийное письмо, сообщим.";

/** The SMS that tells the client what happened to an appointment. */
export function appointmentSms(
  kind: AppointmentNoticeKind,
  facts: VisitFacts,
  extra: { reason?: string | null } = {},
): string {
  switch (kind) {
    case "booked":
      return fitSms(visitVariants("РМС: запись подтверждена.", facts));
    case "awaiting_letter":
      return fitSms(visitVariants("РМС: вы записаны.", facts, LETTER_TAIL));
    case "pending":
      return fitSms(visitVariants("РМС: запись ждёт подтверждения клиники.", facts, " Сообщим."));
    case "requested":
      return fitSms([
        `РМС: заявка принята. ${initials(facts.person)}: ${facts.specialty}, ${facts.clinic.name}. Оператор подберёт время и сообщит.`,
        `РМС: заявка принята: ${facts.specialty}, ${facts.clinic.name}. Оператор подберёт время и сообщит.`,
        `РМС: заявка на приём (${facts.specialty}) принята. Оператор подберёт время и сообщит.`,
      ]);
    case "scheduled":
      return fitSms(
        visitVariants(
          "РМС: по заявке вы записаны.",
          facts,
          facts.coverageKind === "guarantee_letter" ? LETTER_TAIL : "",
        ),
      );
    case "confirmed":
      return fitSms(visitVariants("РМС: запись подтверждена.", facts));
    case "letter_issued":
      return fitSms(
        visitVariants("РМС: гарантийное письмо отправлено, запись подтверждена.", facts),
      );
    case "moved":
      return fitSms(
        visitVariants(
          "РМС: запись перенесена.",
          facts,
          facts.coverageKind === "guarantee_letter" ? LETTER_TAIL : "",
        ),
      );
    case "cancelled_by_clinic":
      return cancelledByClinicSms(facts, extra.reason ?? null);
  }
}

function cancelledByClinicSms(facts: VisitFacts, reason: string | null): string {
  const when = facts.startsAt ? ` на ${shortWhen(facts.startsAt)}` : "";
  const head = `РМС: клиника отменила запись${when}`;
  const phone = facts.clinic.phones[0];
  const call = phone ? ` Тел. клиники ${formatPhone(phone)}` : "";
  if (!reason) {
    return fitSms([
      `${head} (${doctorShort(facts)}, ${facts.clinic.name}).${call}`,
      `${head} (${facts.specialty}, ${facts.clinic.name}).`,
    ]);
  }
  const variants = [
    `${head} (${doctorShort(facts)}, ${facts.clinic.name}). Причина: ${reason}`,
    `${head} (${facts.specialty}). Причина: ${reason}`,
  ];
  const fitting = variants.find((text) => smsSegments(text) <= SMS_SEGMENTS);
  if (fitting) return fitting;
  // A long reason is cut short here; the e-mail and the cabinet show it whole.
  const start = `${head} (${facts.specialty}). Причина: `;
  const more = "… Подробнее в кабинете.";
  const room = SMS_SEGMENTS * 67 - start.length - more.length;
  return `${start}${reason.slice(0, Math.max(room, 0)).trimEnd()}${more}`;
}

/** The reminder SMS: «завтра» or «сегодня» as seen at the moment it is sent. */
export function reminderSms(facts: VisitFacts, startsAt: Date, now: Date): string {
  const day = relativeDay(startsAt, now);
  const time = formatMoscowDateTime(startsAt).split(" ")[1];
  const head = `РМС: напоминаем о приёме ${day} в ${time}:`;
  const address = shortAddress(facts.clinic.address);
  const person = initials(facts.person);
  return fitSms([
    `${head} ${person}, ${doctorShort(facts)}, ${facts.clinic.name}, ${address}.`,
    `${head} ${doctorShort(facts)}, ${facts.clinic.name}, ${address}.`,
    `${head} ${facts.specialty}, ${facts.clinic.name}, ${address}.`,
    `${head} ${facts.specialty}, ${facts.clinic.name}.`,
    `${head} ${facts.specialty}, ${clip(facts.clinic.name, 32)}.`,
  ]);
}

/** «сегодня», «завтра», or the date, of a visit as seen from `now` (Moscow calendar days). */
function relativeDay(startsAt: Date, now: Date): string {
  const visit = todayInMoscow(startsAt);
  const today = todayInMoscow(now);
  if (visit === today) return "сегодня";
  const tomorrow = todayInMoscow(new Date(now.getTime() + 24 * 3_600_000));
  if (visit === tomorrow) return "завтра";
  return formatMoscowDateTime(startsAt).split(" ")[0]?.slice(0, 5) ?? visit;
}

/** The offer of an earlier time from the waitlist: held 15 minutes, accepted in the cabinet. */
export function waitlistOfferSms(
  offer: { startsAt: Date; doctor: Name; specialty: string; clinicName: string },
  link: string,
): string {
  const when = shortWhen(offer.startsAt);
  return fitSms([
    `РМС: освободилось время раньше: ${when}, ${offer.specialty} ${initials(offer.doctor)}. Держим 15 минут: ${link}`,
    `РМС: освободилось время раньше: ${when}. Держим 15 минут: ${link}`,
    `РМС: время раньше: ${when}. Держим 15 минут: ${link}`,
  ]);
}

function visitLines(facts: VisitFacts): string[] {
  const { clinic } = facts;
  const phone = clinic.phones[0];
  return [
    `Пациент: ${fullName(facts.person)}`,
    facts.doctor
      ? `Врач: ${fullName(facts.doctor)}, ${facts.specialty}`
      : `Специальность: ${facts.specialty}`,
    `Услуга: ${facts.service}`,
    ...(facts.startsAt ? [`Когда: ${moscowWhen(facts.startsAt)} (время московское)`] : []),
    `Клиника: ${clinic.name}`,
    `Адрес: ${clinic.address}${clinic.metro ? ` (м. ${clinic.metro})` : ""}`,
    ...(phone ? [`Телефон клиники: ${formatPhone(phone)}`] : []),
    `Оплата: ${coverageLine(facts)}`,
  ];
}

function coverageLine(facts: VisitFacts): string {
  switch (facts.coverageKind) {
    case "covered":
      return "по программе";
    case "guarantee_letter":
      return "по программе, нужно гарантийное письмо";
    case "paid":
      return facts.companyPriceKopecks < facts.clinicPriceKopecks
        ? `платно, ${rubles(facts.companyPriceKopecks)} (цена клиники ${rubles(facts.clinicPriceKopecks)})`
        : `платно, ${rubles(facts.clinicPriceKopecks)}`;
  }
}

function footer(link: string): string[] {
  return [
    "",
    `Запись в личном кабинете: ${link}`,
    `РМС (Регион Мед-Сервис), ${company.phones.contactCentre.display}`,
  ];
}

function cutoffLine(facts: VisitFacts): string {
  return `Отменить или перенести запись можно в личном кабинете не позже чем за ${facts.clinic.cancellationCutoffHours} ч до приёма.`;
}

function bringLine(facts: VisitFacts): string[] {
  return facts.clinic.whatToBring ? [`Что взять с собой: ${facts.clinic.whatToBring}`] : [];
}

const LETTER_NOTE =
  "Для этого приёма нужно гарантийное письмо страховой компании. Мы направим его в клинику и сообщим, когда запись будет подтверждена.";

/** The e-mail that tells the client what happened to an appointment, with all its details. */
export function appointmentEmail(
  kind: AppointmentNoticeKind,
  facts: VisitFacts,
  link: string,
  extra: { reason?: string | null } = {},
): Email {
  const when = facts.startsAt ? ` на ${moscowWhen(facts.startsAt)}` : "";
  const [subject, lead, notes]: [string, string, string[]] = (() => {
    switch (kind) {
      case "booked":
        return [
          `РМС: запись к врачу подтверждена${when}`,
          "Запись подтверждена.",
          [...bringLine(facts), cutoffLine(facts)],
        ];
      case "awaiting_letter":
        return [
          `РМС: вы записаны к врачу${when}, ждём гарантийное письмо`,
          "Вы записаны к врачу.",
          [LETTER_NOTE, ...bringLine(facts), cutoffLine(facts)],
        ];
      case "pending":
        return [
          `РМС: запись к врачу${when} ждёт подтверждения клиники`,
          "Запись ждёт подтверждения клиники. Мы сообщим, когда клиника её подтвердит.",
          [...bringLine(facts), cutoffLine(facts)],
        ];
      case "requested":
        return [
          "РМС: заявка на приём принята",
          "Заявка на приём принята. Оператор свяжется с клиникой, подберёт время с учётом ваших пожеланий и сообщит его в SMS и письмом.",
          [],
        ];
      case "scheduled":
        return [
          `РМС: по вашей заявке вы записаны к врачу${when}`,
          "Оператор записал вас к врачу по вашей заявке.",
          [
            ...(facts.coverageKind === "guarantee_letter" ? [LETTER_NOTE] : []),
            ...bringLine(facts),
            cutoffLine(facts),
          ],
        ];
      case "confirmed":
        return [
          `РМС: запись к врачу подтверждена${when}`,
          "Запись подтверждена.",
          [...bringLine(facts), cutoffLine(facts)],
        ];
      case "letter_issued":
        return [
          `РМС: гарантийное письмо отправлено, запись подтверждена${when}`,
          "Гарантийное письмо отправлено в клинику, запись подтверждена.",
          [...bringLine(facts), cutoffLine(facts)],
        ];
      case "moved":
        return [
          `РМС: запись перенесена${when}`,
          "Запись перенесена на новое время.",
          [
            ...(facts.coverageKind === "guarantee_letter" ? [LETTER_NOTE] : []),
            ...bringLine(facts),
            cutoffLine(facts),
          ],
        ];
      case "cancelled_by_clinic":
        return [
          `РМС: клиника отменила запись${when}`,
          "Клиника отменила запись.",
          [
            ...(extra.reason ? [`Причина: ${extra.reason}`] : []),
            "Записаться на другое время можно в личном кабинете.",
          ],
        ];
    }
  })();
  return {
    subject,
    text: [
      "Здравствуйте!",
      "",
      lead,
      "",
      ...visitLines(facts),
      ...(notes.length ? ["", ...notes] : []),
      ...footer(link),
    ].join("\n"),
  };
}

/** The reminder e-mail, sent with the reminder SMS. */
export function reminderEmail(
  facts: VisitFacts,
  startsAt: Date,
  kind: ReminderKind,
  link: string,
  now: Date,
): Email {
  const day = relativeDay(startsAt, now);
  const time = formatMoscowDateTime(startsAt).split(" ")[1];
  return {
    subject: `РМС: напоминаем о приёме ${day} в ${time}`,
    text: [
      "Здравствуйте!",
      "",
      kind === "day_before"
        ? `Напоминаем о приёме ${day} в ${time}.`
        : `Напоминаем: приём ${day} в ${time}.`,
      "",
      ...visitLines(facts),
      ...(bringLine(facts).length ? ["", ...bringLine(facts)] : []),
      ...footer(link),
    ].join("\n"),
  };
}

/** The e-mail of a waitlist offer. */
export function waitlistOfferEmail(
  offer: {
    startsAt: Date;
    expiresAt: Date;
    person: Name;
    doctor: Name;
    specialty: string;
    clinic: { name: string; address: string; metro: string | null };
  },
  link: string,
): Email {
  const { clinic } = offer;
  return {
    subject: `РМС: освободилось более раннее время — ${moscowWhen(offer.startsAt)}`,
    text: [
      "Здравствуйте!",
      "",
      `Освободилось более раннее время: ${moscowWhen(offer.startsAt)} (время московское).`,
      `Мы держим его для вас 15 минут, до ${formatMoscowDateTime(offer.expiresAt).split(" ")[1]}. Чтобы перенести запись на это время, откройте её в личном кабинете.`,
      "",
      `Пациент: ${fullName(offer.person)}`,
      `Врач: ${fullName(offer.doctor)}, ${offer.specialty}`,
      `Клиника: ${clinic.name}`,
      `Адрес: ${clinic.address}${clinic.metro ? ` (м. ${clinic.metro})` : ""}`,
      ...footer(link),
    ].join("\n"),
  };
}
