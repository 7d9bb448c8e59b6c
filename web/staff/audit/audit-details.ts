import type { TFunction } from "i18next";
import { z } from "zod";
import { formatRuDate, todayInMoscow } from "../../../common/format/date.ts";
import { medcardEntryKindSchema } from "../../../common/medcard/medcard.schema.ts";
import type { AuditLogEntry } from "../../../common/staff/audit.schema.ts";

/** The audit log's texts, and the replacement queue's filter names a «replacement.list» row names. */
type T = TFunction<["staffAudit", "staffReplacements"]>;

const offset = z.number().int().min(0).optional();
const ids = z.array(z.unknown());

/** Every `details` shape the server records (grep `recordStaffAccess`), by action. */
const shapes = {
  "contract.search": z.object({ query: z.string(), offset, found: ids }),
  "contract.view": z.object({ number: z.string() }),
  "contract.unlink": z.object({
    number: z.string(),
    source: z.enum(["phone", "number", "migration", "purchase"]).optional(),
    since: z.iso.datetime({ offset: true }).optional(),
  }),
  "replacement.list": z.object({
    status: z.enum(["pending", "approved", "rejected", "all"]),
    offset,
    requests: ids,
  }),
  "replacement.view": z.object({ contractNumber: z.string() }),
  "callback.list": z.object({ which: z.enum(["open", "closed"]), ids }),
  "message.list": z.object({ which: z.enum(["open", "closed"]), ids }),
  "attachment.download": z.object({ messageId: z.string() }),
  "chat.list": z.object({ view: z.enum(["queue", "mine", "all"]), ids }),
  "chat.view": z.object({ reason: z.string() }),
  "chat.context": z.object({ reason: z.string() }),
  "chat.file.download": z.object({ conversationId: z.string(), reason: z.string().optional() }),
  "order.search": z.object({ query: z.string(), offset, found: ids }),
  "order.view": z.object({ number: z.number() }),
  "order.refund": z.object({ number: z.number(), amountKopecks: z.number(), reason: z.string() }),
  "order.export": z.object({ from: z.iso.date(), to: z.iso.date() }),
  "medcard.open": z.object({
    reason: z.string(),
    chatId: z.string().optional(),
    appealId: z.string().optional(),
  }),
  "medcard.entry.add": z.object({ kind: z.enum(medcardEntryKindSchema.options) }),
  "medcard.document.add": z.object({ title: z.string() }),
  "medcard.document.download": z.object({ title: z.string(), download: z.boolean().optional() }),
} as const;

const rubles = new Intl.NumberFormat("ru-RU", { style: "currency", currency: "RUB" });

type Known = keyof typeof shapes;
const isKnown = (action: string): action is Known => Object.hasOwn(shapes, action);

const replacementFilters = {
  pending: "staffReplacements:replacements.filters.pending",
  approved: "staffReplacements:replacements.filters.approved",
  rejected: "staffReplacements:replacements.filters.rejected",
  all: "staffReplacements:replacements.filters.all",
} as const;

function fromRow(t: T, at: number | undefined): string[] {
  return at ? [t("audit.details.fromRow", { from: at + 1 })] : [];
}

function known(t: T, action: Known, details: unknown): string[] | null {
  switch (action) {
    case "contract.search": {
      const d = shapes[action].safeParse(details);
      if (!d.success) return null;
      return [
        t("audit.query", { query: d.data.query }),
        t("audit.found", { count: d.data.found.length }),
        ...fromRow(t, d.data.offset),
      ];
    }
    case "contract.view": {
      const d = shapes[action].safeParse(details);
      return d.success ? [t("audit.number", { number: d.data.number })] : null;
    }
    case "contract.unlink": {
      const d = shapes[action].safeParse(details);
      if (!d.success) return null;
      const { source, since } = d.data;
      const holder = source
        ? [
            [
              t("audit.details.holder", { source: t(`audit.details.holderSource.${source}`) }),
              ...(since
                ? [
                    t("audit.details.holderSince", {
                      date: formatRuDate(todayInMoscow(new Date(since))),
                    }),
                  ]
                : []),
            ].join(" "),
          ]
        : [];
      return [t("audit.number", { number: d.data.number }), ...holder];
    }
    case "replacement.list": {
      const d = shapes[action].safeParse(details);
      if (!d.success) return null;
      return [
        t("audit.details.listOf", {
          what: t(replacementFilters[d.data.status]),
          listed: t("audit.listed", { count: d.data.requests.length }),
        }),
        ...fromRow(t, d.data.offset),
      ];
    }
    case "replacement.view": {
      const d = shapes[action].safeParse(details);
      return d.success ? [t("audit.number", { number: d.data.contractNumber })] : null;
    }
    case "callback.list":
    case "message.list": {
      const d = shapes[action].safeParse(details);
      if (!d.success) return null;
      const count = d.data.ids.length;
      return [
        t("audit.details.listOf", {
          what: t(`audit.details.which.${d.data.which}`),
          listed:
            action === "callback.list"
              ? t("audit.listed", { count })
              : t("audit.details.messages", { count }),
        }),
      ];
    }
    case "attachment.download": {
      const d = shapes[action].safeParse(details);
      return d.success ? [t("audit.details.fromMessage", { id: d.data.messageId })] : null;
    }
    case "chat.list": {
      const d = shapes[action].safeParse(details);
      if (!d.success) return null;
      return [
        t("audit.details.listOf", {
          what: t(`audit.details.chatViews.${d.data.view}`),
          listed: t("audit.details.chats", { count: d.data.ids.length }),
        }),
      ];
    }
    case "chat.view":
    case "chat.context": {
      const d = shapes[action].safeParse(details);
      return d.success ? [t("audit.details.reason", { reason: d.data.reason })] : null;
    }
    case "order.search": {
      const d = shapes[action].safeParse(details);
      if (!d.success) return null;
      return [
        d.data.query ? t("audit.query", { query: d.data.query }) : t("audit.details.allOrders"),
        t("audit.found", { count: d.data.found.length }),
        ...fromRow(t, d.data.offset),
      ];
    }
    case "order.view": {
      const d = shapes[action].safeParse(details);
      return d.success ? [t("audit.details.order", { number: d.data.number })] : null;
    }
    case "order.refund": {
      const d = shapes[action].safeParse(details);
      if (!d.success) return null;
      return [
        t("audit.details.order", { number: d.data.number }),
        t("audit.details.refundAmount", { amount: rubles.format(d.data.amountKopecks / 100) }),
        t("audit.details.reasonAfter", { reason: d.data.reason }),
      ];
    }
    case "order.export": {
      const d = shapes[action].safeParse(details);
      if (!d.success) return null;
      return [
        t("audit.details.period", { from: formatRuDate(d.data.from), to: formatRuDate(d.data.to) }),
      ];
    }
    case "medcard.open": {
      const d = shapes[action].safeParse(details);
      if (!d.success) return null;
      const from = d.data.chatId
        ? [t("audit.details.fromChatOpened", { id: d.data.chatId })]
        : d.data.appealId
          ? [t("audit.details.fromAppeal", { id: d.data.appealId })]
          : [];
      return [t("audit.details.reason", { reason: d.data.reason }), ...from];
    }
    case "medcard.entry.add": {
      const d = shapes[action].safeParse(details);
      return d.success ? [t(`audit.details.medcardEntry.${d.data.kind}`)] : null;
    }
    case "medcard.document.add":
    case "medcard.document.download": {
      const d = shapes[action].safeParse(details);
      return d.success ? [t("audit.details.document", { title: d.data.title })] : null;
    }
    case "chat.file.download": {
      const d = shapes[action].safeParse(details);
      if (!d.success) return null;
      return [
        t("audit.details.fromChat", { id: d.data.conversationId }),
        ...(d.data.reason ? [t("audit.details.reasonAfter", { reason: d.data.reason })] : []),
      ];
    }
  }
}

const MAX_FALLBACK = 300;

/** Details of a shape this page does not know: its plain values in words, never raw JSON. */
function fallback(t: T, details: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(details)) {
    if (typeof value === "string") parts.push(`${key}: ${value}`);
    else if (typeof value === "number" && Number.isFinite(value)) parts.push(`${key}: ${value}`);
    else if (typeof value === "boolean") {
      parts.push(`${key}: ${value ? t("audit.details.yes") : t("audit.details.no")}`);
    } else if (Array.isArray(value)) {
      parts.push(`${key}: ${t("audit.details.items", { count: value.length })}`);
    }
  }
  if (parts.length === 0) return t("audit.details.none");
  const text = t("audit.details.other", { list: parts.join("; ") });
  return text.length > MAX_FALLBACK ? `${text.slice(0, MAX_FALLBACK - 1)}…` : text;
}

/**
 * An audit row's «Подробности» in Russian: what was searched, listed or opened. A row with no
 * details shows «—»; a shape this console does not know shows its plain values, named by key.
 */
export function describeAuditDetails(
  t: T,
  entry: Pick<AuditLogEntry, "action" | "details">,
): string {
  const details = entry.details;
  if (!details || Object.keys(details).length === 0) return t("audit.details.none");
  const parts = isKnown(entry.action) ? known(t, entry.action, details) : null;
  return parts ? parts.join(", ") : fallback(t, details);
}
