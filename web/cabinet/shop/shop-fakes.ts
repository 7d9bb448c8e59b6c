import { vi } from "vitest";
import type { Order, ShopProgram } from "../../../common/shop/shop.schema.ts";
import { jsonAnswer } from "../test/render.tsx";

/** Test data and a fake API for the shop's component tests. */
export const shopIds = {
  callDoctor: "00000000-0000-4000-8000-00000000aa01",
  callDoctorPlus: "00000000-0000-4000-8000-00000000aa02",
  order: "00000000-0000-4000-8000-00000000bb01",
  order2: "00000000-0000-4000-8000-00000000bb02",
  contract: "00000000-0000-4000-8000-00000000cc01",
};

export const programs: ShopProgram[] = [
  {
    id: shopIds.callDoctor,
    name: "Позвони Врачу",
    description: "Круглосуточные консультации врача по телефону и в чате для одного человека.",
    coverage: "- Консультации терапевта по телефону 24/7\n- Расшифровка анализов",
    priceKopecks: 290_000,
    termMonths: 12,
    audience: "adult",
    maxPersons: 1,
    includesChat: true,
  },
  {
    id: shopIds.callDoctorPlus,
    name: "Позвони Врачу плюс",
    description: "Консультации и вызов врача на дом; для двух человек.",
    coverage: "- Вызов врача на дом (2 раза за срок действия)\n- **Второе мнение** по диагнозу",
    priceKopecks: 540_000,
    termMonths: 12,
    audience: "any",
    maxPersons: 2,
    includesChat: false,
  },
];

export const offerDocument = {
  slug: "offer",
  title: "Договор оферты",
  version: 3,
  url: "/legal/offer",
};

export const legalDocuments = [
  offerDocument,
  { slug: "terms", title: "Пользовательское соглашение", version: 1, url: "/legal/terms" },
];

export const confirmationUrl = `/sandbox-pay/00000000-0000-4000-8000-00000000dd01`;

export function orderOf(overrides: Partial<Order> = {}): Order {
  return {
    id: shopIds.order,
    number: 100123,
    kind: "certificate",
    status: "awaiting_payment",
    description: "Сертификат «Позвони Врачу», 12 мес.",
    totalKopecks: 290_000,
    paidKopecks: 0,
    refundedKopecks: 0,
    receiptEmail: "client@example.ru",
    createdAt: "2026-12-03T09:00:00.000Z",
    expiresAt: "2026-12-03T10:00:00.000Z",
    paidAt: null,
    contract: null,
    appointment: null,
    attempts: [
      {
        method: "bank_card",
        status: "pending",
        createdAt: "2026-12-03T09:00:01.000Z",
        succeededAt: null,
      },
    ],
    refunds: [],
    canPay: true,
    canRefund: false,
    ...overrides,
  };
}

/** A paid order with its certificate issued. */
export function paidOrderOf(overrides: Partial<Order> = {}): Order {
  return orderOf({
    status: "paid",
    paidKopecks: 290_000,
    paidAt: "2026-12-03T09:02:00.000Z",
    contract: { id: shopIds.contract, number: "11/90000001" },
    attempts: [
      {
        method: "bank_card",
        status: "succeeded",
        createdAt: "2026-12-03T09:00:01.000Z",
        succeededAt: "2026-12-03T09:02:00.000Z",
      },
    ],
    canPay: false,
    canRefund: true,
    ...overrides,
  });
}

export interface ShopCall {
  method: string;
  path: string;
  body: unknown;
}

type Handler = (call: ShopCall) => Response | Promise<Response | undefined> | undefined;

/**
 * Stubs fetch with the catalogue and the legal documents; `handler` answers first (return
 * undefined to fall through). Returns the calls made, in order.
 */
export function stubShopApi(handler: Handler = () => undefined): ShopCall[] {
  const calls: ShopCall[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
      const url = new URL(String(input), "http://localhost");
      const call: ShopCall = {
        method: init?.method ?? "GET",
        path: url.pathname,
        body: init?.body ? JSON.parse(String(init.body)) : undefined,
      };
      calls.push(call);
      const own = await handler(call);
      if (own) return own;
      if (call.path === "/api/shop/programs") return jsonAnswer(200, { programs });
      const program = programs.find((item) => call.path === `/api/shop/programs/${item.id}`);
      if (program) return jsonAnswer(200, program);
      if (call.path === "/api/legal/documents") {
        return jsonAnswer(200, { documents: legalDocuments });
      }
      return jsonAnswer(404, {
        type: "about:blank",
        title: "Не найдено",
        status: 404,
        detail: "Не найдено.",
      });
    }),
  );
  return calls;
}
