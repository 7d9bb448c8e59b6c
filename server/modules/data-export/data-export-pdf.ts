import { company } from "../../../common/company.ts";
import type { AccountData } from "../../../common/data-export/data-export.schema.ts";
import { formatMoscowDateTime, formatRuDate } from "../../../common/format/date.ts";
import { fullName } from "../../../common/format/person-name.ts";
import { formatPhone } from "../../../common/format/phone.ts";
import { type PdfDocument, startPdf } from "../../pdf.ts";
import { label } from "./data-export-labels.ts";

// The readable copy of an export (decision 0030): the same document as the JSON, section by
// section in Russian, times in Moscow time. pdfkit wraps the text and adds pages.

const GREY = "#555";
const rubles = new Intl.NumberFormat("ru-RU", { style: "currency", currency: "RUB" });

const money = (kopecks: number) => rubles.format(kopecks / 100);
const when = (moment: string | null) => (moment ? formatMoscowDateTime(moment) : "—");
const day = (date: string | null) => (date ? formatRuDate(date) : "—");
const phone = (value: string | null) => (value ? formatPhone(value) : "—");

type Field = readonly [string, string | number | null | undefined];

function keepTogether(doc: PdfDocument, height: number) {
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

function text(
  doc: PdfDocument,
  value: string,
  options: { color?: string; size?: number; indent?: number; bold?: boolean } = {},
) {
  const left = doc.page.margins.left;
  const indent = options.indent ?? 0;
  const width = doc.page.width - left - doc.page.margins.right - indent;
  doc
    .font(options.bold ? "bold" : "regular")
    .fontSize(options.size ?? 10)
    .fillColor(options.color ?? "#000")
    .text(value, left + indent, doc.y, { width });
  doc.x = left;
}

function section(doc: PdfDocument, title: string, count: number) {
  doc.moveDown(0.8);
  keepTogether(doc, 70);
  doc.font("bold").fontSize(15).fillColor("#000").text(title);
  doc.moveDown(0.2);
  if (count === 0) text(doc, "Нет данных", { color: GREY });
}

/** One item: a bold first line and its fields, the empty ones left out. */
function item(doc: PdfDocument, title: string, fields: readonly Field[], indent = 0) {
  keepTogether(doc, 40);
  doc.moveDown(0.35);
  text(doc, title, { bold: true, size: 11, indent });
  for (const [name, value] of fields) {
    if (value === null || value === undefined || value === "") continue;
    text(doc, `${name}: ${value}`, { indent: indent + 12 });
  }
}

function account(doc: PdfDocument, data: AccountData) {
  const a = data.account;
  section(doc, "Учётная запись", 1);
  item(doc, fullName(a), [
    ["Дата рождения", day(a.birthDate)],
    ["Телефон", phone(a.phone)],
    ["E-mail", a.email],
    ["Зарегистрирована", when(a.createdAt)],
    ["Последнее изменение", when(a.updatedAt)],
  ]);
}

function contracts(doc: PdfDocument, data: AccountData) {
  section(doc, "Договоры", data.contracts.length);
  for (const c of data.contracts) {
    item(doc, `${label("contractKind", c.kind)} № ${c.number}`, [
      ["Страховая компания", c.insurerName],
      ["Программа", c.programName],
      ["Срок действия", `${day(c.startsOn)} — ${day(c.endsOn)}`],
      ["Аннулирован", c.annulledAt ? when(c.annulledAt) : null],
      ["В вашей учётной записи", `${label("linkSource", c.linkSource)}, ${when(c.linkedAt)}`],
    ]);
    for (const p of c.persons) {
      item(
        doc,
        `Пациент ${p.slot}: ${fullName(p)}${p.replacedAt ? ` (заменён ${when(p.replacedAt)})` : ""}`,
        [
          ["Дата рождения", day(p.birthDate)],
          ["Телефон", p.phone ? phone(p.phone) : null],
          ["E-mail", p.email],
        ],
        12,
      );
    }
    for (const r of c.replacementRequests) {
      item(
        doc,
        `Заявка на замену пациента от ${when(r.createdAt)}: ${fullName(r)}`,
        [
          ["Дата рождения", day(r.birthDate)],
          ["Причина", r.reason],
          ["Статус", label("requestStatus", r.status)],
          ["Решение", r.decidedAt ? `${when(r.decidedAt)} ${r.decisionComment ?? ""}` : null],
        ],
        12,
      );
    }
  }
}

function appeals(doc: PdfDocument, data: AccountData) {
  section(doc, "Обращения", data.appeals.length);
  for (const a of data.appeals) {
    item(doc, `${when(a.occurredAt)} — ${a.serviceType}`, [
      ["Договор", a.contractNumber],
      ["Пациент", a.personName],
      ["Врач", a.doctorName],
      ["Канал", label("appealChannel", a.channel)],
      ["Итог", a.outcome],
    ]);
  }
}

function contact(doc: PdfDocument, data: AccountData) {
  section(doc, "Обратные звонки", data.callbacks.length);
  for (const c of data.callbacks) {
    item(doc, `${when(c.createdAt)} — «Перезвонить мне»`, [
      ["Договор", c.contractNumber],
      ["Пациент", c.personName],
      ["Телефон", phone(c.phone)],
      [
        "Удобное время",
        c.windowStart ? `${when(c.windowStart)} — ${when(c.windowEnd)}` : "как можно скорее",
      ],
      ["Комментарий", c.note],
      ["Статус", label("callbackStatus", c.status)],
      ["Итог", c.outcome],
    ]);
  }
  section(doc, "Сообщения", data.messages.length);
  for (const m of data.messages) {
    item(doc, `${when(m.createdAt)} — сообщение по договору № ${m.contractNumber}`, [
      ["E-mail для ответа", m.email],
      ["Текст", m.body],
      ["Статус", label("messageStatus", m.status)],
      ["Файлы", m.attachments.map((file) => file.name).join(", ")],
    ]);
    for (const r of m.replies) {
      item(doc, `Ответ ${when(r.createdAt)}, ${r.authorName}`, [["Текст", r.body]], 12);
    }
  }
}

function chats(doc: PdfDocument, data: AccountData) {
  section(doc, "Чаты с врачом", data.chats.length);
  for (const c of data.chats) {
    item(doc, `Чат от ${when(c.createdAt)} — ${c.personName}`, [
      ["Договор", c.contractNumber],
      ["Врач", c.doctorName],
      ["Статус", label("chatStatus", c.status)],
      ["Завершён", c.closedAt ? when(c.closedAt) : null],
      ["Итог", c.outcome ? label("chatOutcome", c.outcome) : null],
      ["Заключение", c.conclusion],
      [
        "Оценка",
        c.ratingScore
          ? `${c.ratingScore} из 5${c.ratingComment ? `, «${c.ratingComment}»` : ""}`
          : null,
      ],
    ]);
    for (const m of c.messages) {
      const author =
        m.author === "doctor" && m.authorName ? m.authorName : label("chatAuthor", m.author);
      const files = m.files.length > 0 ? ` [файлы: ${m.files.map((f) => f.name).join(", ")}]` : "";
      text(doc, `${when(m.createdAt)} ${author}: ${m.body}${files}`, { indent: 12 });
    }
  }
}

function appointments(doc: PdfDocument, data: AccountData) {
  section(doc, "Записи к врачам", data.appointments.length);
  for (const a of data.appointments) {
    item(doc, `${a.startsAt ? when(a.startsAt) : "Заявка без времени"} — ${a.serviceName}`, [
      ["Пациент", a.personName],
      ["Договор", a.contractNumber],
      ["Клиника", `${a.clinicName}, ${a.clinicAddress}`],
      ["Врач", a.doctorName],
      ["Статус", label("appointmentStatus", a.status)],
      ["Оплата", label("coverageKind", a.coverageKind)],
      ["Стоимость", a.coverageKind === "paid" ? money(a.companyPriceKopecks) : null],
      ["Причина отмены", a.cancelReason],
      ["Пожелания", a.requestNote],
      [
        "История",
        a.history
          .map(
            (e) =>
              `${when(e.at)} ${label("appointmentStatus", e.toStatus)} (${label("actor", e.actor)})`,
          )
          .join("; "),
      ],
    ]);
  }
}

function orders(doc: PdfDocument, data: AccountData) {
  section(doc, "Заказы и платежи", data.orders.length);
  for (const o of data.orders) {
    item(doc, `Заказ № ${o.number} от ${when(o.createdAt)} — ${label("orderKind", o.kind)}`, [
      ["Статус", label("orderStatus", o.status)],
      ["Сумма", money(o.totalKopecks)],
      ["Оплачено", money(o.paidKopecks)],
      ["Возвращено", o.refundedKopecks > 0 ? money(o.refundedKopecks) : null],
      ["E-mail для чека", o.receiptEmail],
      [
        "Состав",
        o.items
          .map((i) => `${i.description} × ${i.quantity} = ${money(i.amountKopecks)}`)
          .join("; "),
      ],
    ]);
    for (const p of o.payments) {
      text(
        doc,
        `Платёж ${when(p.createdAt)}: ${money(p.amountKopecks)}, ${label("paymentMethod", p.method)}, ${label("paymentStatus", p.status)}`,
        { indent: 12 },
      );
    }
    for (const r of o.refunds) {
      text(
        doc,
        `Возврат ${when(r.createdAt)}: ${money(r.amountKopecks)}, ${label("refundKind", r.kind)}, ${label("refundStatus", r.status)}${r.reason ? ` — ${r.reason}` : ""}`,
        { indent: 12 },
      );
    }
  }
}

function medcards(doc: PdfDocument, data: AccountData) {
  section(doc, "Медицинская карта", data.medcards.length);
  for (const view of data.medcards) {
    item(doc, `${view.card.fullName}, ${day(view.card.birthDate)}`, []);
    for (const e of view.summary) {
      text(doc, `${label("medcardEntryKind", e.kind)}: ${e.text}${e.note ? ` — ${e.note}` : ""}`, {
        indent: 12,
      });
    }
    for (const t of view.timeline) {
      text(doc, `${when(t.at)} — ${t.title}${t.conclusion ? `: ${t.conclusion}` : ""}`, {
        indent: 12,
      });
    }
    for (const d of view.documents) {
      text(
        doc,
        `Документ ${day(d.documentDate)} — ${label("medcardDocumentType", d.type)}: ${d.title}`,
        { indent: 12 },
      );
    }
  }
}

function consents(doc: PdfDocument, data: AccountData) {
  section(doc, "Согласия", data.consents.length);
  for (const c of data.consents) {
    item(doc, `${c.documentTitle}, редакция ${c.documentVersion}`, [
      ["Принято", when(c.acceptedAt)],
      ["IP-адрес", c.ip],
      ["Браузер", c.userAgent],
      [
        "Отозвано",
        c.withdrawnAt
          ? `${when(c.withdrawnAt)}${c.withdrawnIp ? `, IP ${c.withdrawnIp}` : ""}`
          : null,
      ],
    ]);
  }
}

function notifications(doc: PdfDocument, data: AccountData) {
  const { inbox, channels, quietHours, pushSubscriptions } = data.notifications;
  section(doc, "Уведомления", inbox.length + channels.length + pushSubscriptions.length + 1);
  const yes = (on: boolean) => (on ? "да" : "нет");
  for (const c of channels) {
    text(
      doc,
      `${label("notificationKind", c.kind)}: SMS — ${yes(c.sms)}, e-mail — ${yes(c.email)}, push — ${yes(c.push)}`,
    );
  }
  if (channels.length === 0) text(doc, "Каналы: как предлагает кабинет по умолчанию");
  text(
    doc,
    quietHours
      ? `Не беспокоить: ${quietHours.enabled ? `${quietHours.start}–${quietHours.end}` : "выключено"}`
      : "Не беспокоить: 21:00–09:00 (по умолчанию)",
  );
  for (const p of pushSubscriptions) {
    text(doc, `Push-подписка с ${when(p.createdAt)}: ${p.userAgent ?? p.service}`);
  }
  for (const n of inbox) {
    text(doc, `${when(n.createdAt)} — ${n.title}: ${n.body}${n.readAt ? "" : " (не прочитано)"}`);
  }
}

function signIns(doc: PdfDocument, data: AccountData) {
  section(doc, "Сеансы входа", data.sessions.length);
  for (const s of data.sessions) {
    item(doc, `Вход ${when(s.createdAt)}`, [
      ["Последняя активность", when(s.lastSeenAt)],
      ["Завершён", s.revokedAt ? when(s.revokedAt) : null],
      ["IP-адрес", s.ip],
      ["Браузер", s.userAgent],
    ]);
  }
  section(doc, "Журнал безопасности", data.securityLog.length);
  for (const e of data.securityLog) {
    text(doc, `${when(e.at)} — ${label("securityKind", e.kind)}${e.ip ? `, IP ${e.ip}` : ""}`);
  }
}

function requests(doc: PdfDocument, data: AccountData) {
  section(doc, "Запросы на изменение личных данных", data.personalDataRequests.length);
  for (const r of data.personalDataRequests) {
    const name =
      r.lastName && r.firstName
        ? fullName({ lastName: r.lastName, firstName: r.firstName, patronymic: r.patronymic })
        : null;
    item(doc, `${when(r.createdAt)} — ${label("personalDataKind", r.kind)}`, [
      ["Новые ФИО", name],
      ["Новая дата рождения", r.birthDate ? day(r.birthDate) : null],
      ["Новый телефон", r.phone ? phone(r.phone) : null],
      ["Причина", r.reason],
      ["Статус", label("requestStatus", r.status)],
      ["Решение", r.decidedAt ? `${when(r.decidedAt)} ${r.comment ?? ""}` : null],
    ]);
  }
}

function dataReads(doc: PdfDocument, data: AccountData) {
  section(doc, "Кто смотрел мои данные", data.dataReads.length);
  for (const r of data.dataReads) {
    const about = [
      r.contractNumber ? `договор № ${r.contractNumber}` : null,
      r.orderNumber ? `заказ № ${r.orderNumber}` : null,
      r.personName,
      r.reason ? `причина: ${r.reason}` : null,
    ].filter(Boolean);
    text(
      doc,
      `${when(r.at)} — ${label("staffRole", r.staff.role)} ${r.staff.fullName}: ${label("dataReadAction", r.action)}${about.length ? ` (${about.join(", ")})` : ""}`,
    );
  }
}

/** «Выгрузка персональных данных»: the account and everything held about it, in Russian. */
export async function renderAccountDataPdf(data: AccountData): Promise<Buffer> {
  const name = fullName(data.account);
  const { doc, bytes } = await startPdf({
    Title: `Выгрузка персональных данных: ${name}`,
    Author: company.legalName,
  });
  doc.font("bold").fontSize(11).fillColor("#000").text(`${company.name} — ${company.legalName}`);
  doc.moveDown(1);
  doc.font("bold").fontSize(20).text("Выгрузка персональных данных");
  doc.moveDown(0.5);
  text(doc, `Владелец учётной записи: ${name}`, { size: 12 });
  text(doc, `Сформирована: ${when(data.madeAt)} (время московское)`, { size: 12 });
  text(
    doc,
    "Всё, что компания хранит о вашей учётной записи (152-ФЗ, ст. 14). Тот же состав в машиночитаемом виде — в файле JSON этой выгрузки.",
    { color: GREY },
  );
  account(doc, data);
  contracts(doc, data);
  appeals(doc, data);
  contact(doc, data);
  chats(doc, data);
  appointments(doc, data);
  orders(doc, data);
  medcards(doc, data);
  consents(doc, data);
  signIns(doc, data);
  requests(doc, data);
  dataReads(doc, data);
  notifications(doc, data);
  doc.end();
  return bytes;
}
