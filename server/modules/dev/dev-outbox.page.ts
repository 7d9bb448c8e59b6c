import { formatPhone } from "../../../common/format/phone.ts";
import { escapeHtml } from "../../html.ts";
import type { OutboxRow } from "./dev-outbox.repository.ts";

/** The words of the page, in one place. */
const text = {
  title: "Исходящие сообщения — РМС",
  heading: "Исходящие сообщения",
  lead:
    "Сервер работает без SMS- и почтового шлюза: сообщения не отправляются, а сохраняются здесь. " +
    "Показаны последние 100, новые сверху.",
  phone: "Телефон",
  email: "E-mail",
  show: "Показать",
  all: "Все сообщения",
  refresh: "Обновить",
  when: "Время (МСК)",
  channel: "Канал",
  to: "Кому",
  message: "Сообщение",
  none: "Сообщений пока нет.",
  noneForRecipient: "Этому получателю сообщений нет.",
  channels: { sms: "SMS", email: "E-mail" },
} as const;

const moscowTime = new Intl.DateTimeFormat("ru-RU", {
  timeZone: "Europe/Moscow",
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

export interface OutboxPage {
  messages: OutboxRow[];
  /** What the form shows back: the raw input, valid or not. */
  phone: string;
  email: string;
  /** Why the filter was refused; the list is not shown then. */
  error?: string;
}

/** The whole /dev/outbox page: plain HTML, no script, styled by /dev/outbox.css. */
export function renderOutboxPage(page: OutboxPage): string {
  const filtered = page.phone.trim() !== "" || page.email.trim() !== "";
  let body: string;
  if (page.error) {
    body = `<p class="error" role="alert">${escapeHtml(page.error)}</p>`;
  } else if (page.messages.length === 0) {
    body = `<p class="empty">${filtered ? text.noneForRecipient : text.none}</p>`;
  } else {
    body = `<table>
<thead><tr><th scope="col">${text.when}</th><th scope="col">${text.channel}</th><th scope="col">${text.to}</th><th scope="col">${text.message}</th></tr></thead>
<tbody>
${page.messages.map(renderRow).join("\n")}
</tbody>
</table>`;
  }

  return `<!doctype html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${text.title}</title>
<link rel="stylesheet" href="/dev/outbox.css">
</head>
<body>
<main>
<h1>${text.heading}</h1>
<p class="lead">${text.lead}</p>
<form method="get" action="/dev/outbox" class="filter">
<label>${text.phone} <input type="tel" name="phone" value="${escapeHtml(page.phone)}" placeholder="+7 926 111-11-11" autocomplete="off"></label>
<label>${text.email} <input type="email" name="email" value="${escapeHtml(page.email)}" placeholder="name@example.ru" autocomplete="off"></label>
<button type="submit">${text.show}</button>
<a href="/dev/outbox">${text.all}</a>
</form>
${body}
</main>
</body>
</html>
`;
}

function renderRow(message: OutboxRow): string {
  const to = message.channel === "sms" ? formatPhone(message.to) : message.to;
  const subject = message.subject
    ? `<strong class="subject">${escapeHtml(message.subject)}</strong>`
    : "";
  return `<tr>
<td class="when"><time datetime="${message.createdAt.toISOString()}">${moscowTime.format(message.createdAt)}</time></td>
<td>${text.channels[message.channel]}</td>
<td class="to">${escapeHtml(to)}</td>
<td class="text">${subject}${escapeHtml(message.text)}</td>
</tr>`;
}

/** The page's stylesheet, served at /dev/outbox.css (the site's CSP wants styles from 'self'). */
export const outboxPageCss = `
:root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
body { margin: 0; background: #f5f7fa; color: #1f2933; }
main { max-width: 72rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
h1 { margin: 0 0 0.5rem; font-size: 1.5rem; }
.lead { margin: 0 0 1.25rem; color: #52606d; }
.filter { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: end; margin-bottom: 1.25rem; }
.filter label { display: flex; flex-direction: column; gap: 0.25rem; font-size: 0.875rem; color: #52606d; }
.filter input { font: inherit; padding: 0.4rem 0.6rem; border: 1px solid #cbd2d9; border-radius: 6px; min-width: 14rem; }
.filter button { font: inherit; padding: 0.45rem 1rem; border: 0; border-radius: 6px; background: #0b6bcb; color: #fff; cursor: pointer; }
.filter a { color: #0b6bcb; padding: 0.45rem 0; }
table { width: 100%; border-collapse: collapse; background: #fff; border-radius: 8px; overflow: hidden; }
th, td { padding: 0.6rem 0.75rem; text-align: left; vertical-align: top; border-bottom: 1px solid #e4e7eb; }
th { font-size: 0.8125rem; font-weight: 600; color: #52606d; background: #eef2f6; }
.when, .to { white-space: nowrap; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; }
.subject { display: block; margin-bottom: 0.25rem; }
.empty { color: #52606d; }
.error { padding: 0.75rem 1rem; border-radius: 6px; background: #fdecec; color: #a61b1b; }
@media (max-width: 40rem) { .when, .to { white-space: normal; } }
`;
