import { escapeHtml } from "../../../html.ts";
import type { SandboxPaymentRow } from "./sandbox-payments.repository.ts";

/** The words of the page, in one place. */
const text = {
  title: "Оплата — тестовая платёжная система",
  heading: "Тестовая оплата",
  lead:
    "Это тестовая платёжная страница: деньги не списываются. Настоящая система оплаты " +
    "подключается в настройках сервера.",
  amount: "Сумма",
  purpose: "Назначение",
  card: "Оплатить картой",
  sbpLead:
    "Отсканируйте QR-код камерой телефона или в приложении банка и подтвердите оплату через СБП.",
  sbpQr: "QR-код для оплаты через СБП",
  sbpDone: "Я оплатил в приложении банка",
  decline: "Отказаться от оплаты",
  back: "Вернуться в личный кабинет",
  unknown: "Платёж не найден. Вернитесь в личный кабинет и начните оплату заново.",
  final: {
    succeeded: "Этот платёж уже оплачен.",
    canceled: "Этот платёж отменён: оплатить его нельзя. Начните оплату заново в личном кабинете.",
  },
} as const;

const rubles = new Intl.NumberFormat("ru-RU", { style: "currency", currency: "RUB" });

export function formatKopecks(kopecks: number): string {
  return rubles.format(kopecks / 100);
}

// The site's Referrer-Policy is no-referrer, under which a browser posts a form with `Origin: null`,
// and the origin check refuses that (403): the page asks for same-origin, so its forms carry the
// site's own origin. The icon spares the browser a 404 for /favicon.ico.
function page(body: string): string {
  return `<!doctype html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta name="referrer" content="same-origin">
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<title>${text.title}</title>
<style>${css}</style>
</head>
<body>
<main>
<h1>${text.heading}</h1>
<p class="lead">${text.lead}</p>
${body}
</main>
</body>
</html>
`;
}

/** The payment's page: pay by card, or by SBP with its QR code; or decline. */
export function renderSandboxPaymentPage(
  payment: SandboxPaymentRow,
  options: { sbpQrDataUrl: string | null },
): string {
  const back = `<p><a href="${escapeHtml(payment.returnUrl)}">${text.back}</a></p>`;
  if (payment.status !== "pending") {
    const message = payment.status === "succeeded" ? text.final.succeeded : text.final.canceled;
    return page(`<p class="notice" role="status">${message}</p>${back}`);
  }
  const action = `/sandbox-pay/${payment.id}`;
  const pay =
    payment.method === "sbp"
      ? `<p>${text.sbpLead}</p>
<img class="qr" src="${options.sbpQrDataUrl ?? ""}" alt="${text.sbpQr}" width="220" height="220">
<form method="post" action="${action}/pay"><button type="submit" class="primary">${text.sbpDone}</button></form>`
      : `<form method="post" action="${action}/pay"><button type="submit" class="primary">${text.card}</button></form>`;
  return page(`<dl>
<dt>${text.amount}</dt><dd class="amount">${escapeHtml(formatKopecks(payment.amountKopecks))}</dd>
<dt>${text.purpose}</dt><dd>${escapeHtml(payment.description)}</dd>
</dl>
${pay}
<form method="post" action="${action}/decline"><button type="submit" class="secondary">${text.decline}</button></form>`);
}

export function renderUnknownPaymentPage(): string {
  return page(
    `<p class="notice" role="alert">${text.unknown}</p><p><a href="/cabinet">${text.back}</a></p>`,
  );
}

const css = `
:root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
body { margin: 0; background: #f5f7fa; color: #1f2933; }
main { max-width: 28rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
h1 { margin: 0 0 0.5rem; font-size: 1.5rem; }
.lead { margin: 0 0 1.25rem; color: #52606d; }
dl { display: grid; grid-template-columns: auto 1fr; gap: 0.5rem 1rem; background: #fff; padding: 1rem; border-radius: 8px; }
dt { color: #52606d; }
dd { margin: 0; }
.amount { font-weight: 700; font-size: 1.25rem; }
.qr { display: block; margin: 1rem auto; background: #fff; padding: 0.5rem; border-radius: 8px; }
form { margin: 1rem 0 0; }
button { font: inherit; width: 100%; min-height: 2.75rem; border-radius: 6px; cursor: pointer; }
.primary { border: 0; background: #0b6bcb; color: #fff; }
.secondary { border: 1px solid #9aa5b1; background: #fff; color: #1f2933; }
.notice { padding: 0.75rem 1rem; border-radius: 6px; background: #fff; }
a { color: #0b6bcb; }
`;
