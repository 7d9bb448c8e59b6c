import { and, eq } from "drizzle-orm";
import type { Db } from "./client.ts";
import {
  appeals,
  chatConversations,
  chatMessages,
  clients,
  contracts,
  coveredPersons,
  staffMembers,
} from "./schema/index.ts";

const CLOSED_AT = new Date("2026-07-02T22:45:00+03:00");

/**
 * One finished «Чат с врачом» of the demo client: the one behind the chat appeal on 11/30117742
 * (so the list is not empty and its conclusion shows). Idempotent: a client that has any chat is
 * left as it is; a new chat can always be started on the same certificate.
 */
export async function seedDemoChat(db: Db, clientPhone: string): Promise<void> {
  const [client] = await db
    .select({ id: clients.id })
    .from(clients)
    .where(eq(clients.phone, clientPhone));
  if (!client) return;
  const [already] = await db
    .select({ id: chatConversations.id })
    .from(chatConversations)
    .where(eq(chatConversations.clientId, client.id))
    .limit(1);
  if (already) return;
  const [target] = await db
    .select({ contractId: contracts.id, personId: coveredPersons.id })
    .from(contracts)
    .innerJoin(coveredPersons, eq(coveredPersons.contractId, contracts.id))
    .where(and(eq(contracts.kind, "certificate"), eq(contracts.number, "11/30117742")));
  const [doctor] = await db
    .select({ id: staffMembers.id })
    .from(staffMembers)
    .where(eq(staffMembers.email, "doctor@rms.local"));
  if (!target || !doctor) return;
  const [appeal] = await db
    .select({ id: appeals.id })
    .from(appeals)
    .where(and(eq(appeals.contractId, target.contractId), eq(appeals.channel, "chat")))
    .limit(1);

  const at = (minutes: number) => new Date(CLOSED_AT.getTime() - minutes * 60_000);
  await db.transaction(async (tx) => {
    const [conversation] = await tx
      .insert(chatConversations)
      .values({
        clientId: client.id,
        contractId: target.contractId,
        personId: target.personId,
        clientConversationId: "7d3c2f1e-5b4a-4c8d-9e0f-1a2b3c4d5e6f",
        status: "closed",
        doctorId: doctor.id,
        assignedAt: at(14),
        firstReplyAt: at(12),
        closedById: doctor.id,
        closedAt: CLOSED_AT,
        outcome: "recommendations",
        conclusion:
          "Аллергическая реакция на укус насекомого. Рекомендовано: антигистаминный препарат по инструкции 5 дней, холод на место укуса. Если появятся отёк лица, затруднённое дыхание — звоните 103 или 112.",
        appealId: appeal?.id ?? null,
        ratingScore: 5,
        ratingComment: "Спасибо, быстро ответили!",
        ratedAt: CLOSED_AT,
        lastMessageAt: at(2),
        createdAt: at(17),
      })
      .returning({ id: chatConversations.id });
    if (!conversation) return;
    const messages = [
      {
        author: "client" as const,
        body: "Добрый вечер! Укусила оса в руку час назад, место покраснело и опухло. Что делать?",
        minutes: 17,
      },
      {
        author: "doctor" as const,
        body: "Здравствуйте! Есть ли отёк лица, губ, затруднённое дыхание, сыпь по телу?",
        minutes: 12,
      },
      { author: "client" as const, body: "Нет, только рука.", minutes: 10 },
      {
        author: "doctor" as const,
        body: "Это местная аллергическая реакция. Примите антигистаминный препарат, приложите холод на 10–15 минут. Заключение пришлю в чат.",
        minutes: 2,
      },
    ];
    await tx.insert(chatMessages).values(
      messages.map((message) => ({
        conversationId: conversation.id,
        author: message.author,
        staffId: message.author === "doctor" ? doctor.id : null,
        clientMessageId: null,
        body: message.body,
        deliveredAt: at(message.minutes - 1),
        readAt: at(message.minutes - 1),
        createdAt: at(message.minutes),
      })),
    );
  });
}
