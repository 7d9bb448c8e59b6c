import { and, asc, desc, eq, gte, inArray, isNull, lte, ne, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { StaffChatView } from "../../../common/chat/chat.schema.ts";
import type { Db } from "../../db/client.ts";
import {
  chatConversations,
  chatMessageFiles,
  chatMessages,
  chatTransfers,
  clients,
  contractHolders,
  contracts,
  coveredPersons,
  programs,
  serviceTypes,
  specialties,
  staffMembers,
} from "../../db/schema/index.ts";
import type { StoredAttachment } from "../contact/index.ts";

export type ChatStatus = (typeof chatConversations.$inferSelect)["status"];
export type ChatAuthor = (typeof chatMessages.$inferSelect)["author"];
export type ChatOutcome = NonNullable<(typeof chatConversations.$inferSelect)["outcome"]>;

const doctor = alias(staffMembers, "chat_doctor");
const closer = alias(staffMembers, "chat_closer");

const conversationColumns = {
  id: chatConversations.id,
  clientId: chatConversations.clientId,
  clientConversationId: chatConversations.clientConversationId,
  clientLastName: clients.lastName,
  clientFirstName: clients.firstName,
  clientPatronymic: clients.patronymic,
  clientPhone: clients.phone,
  contractId: chatConversations.contractId,
  contractNumber: contracts.number,
  contractKind: contracts.kind,
  contractStartsOn: contracts.startsOn,
  contractEndsOn: contracts.endsOn,
  programName: programs.name,
  programCoverage: programs.coverage,
  personId: chatConversations.personId,
  personLastName: coveredPersons.lastName,
  personFirstName: coveredPersons.firstName,
  personPatronymic: coveredPersons.patronymic,
  personBirthDate: coveredPersons.birthDate,
  status: chatConversations.status,
  doctorId: chatConversations.doctorId,
  doctorName: doctor.fullName,
  doctorSpecialty: doctor.specialty,
  assignedAt: chatConversations.assignedAt,
  firstReplyAt: chatConversations.firstReplyAt,
  waitingSince: chatConversations.waitingSince,
  escalatedAt: chatConversations.escalatedAt,
  closedAt: chatConversations.closedAt,
  closedByName: closer.fullName,
  outcome: chatConversations.outcome,
  outcomeSpecialty: chatConversations.outcomeSpecialty,
  outcomeSpecialtyId: chatConversations.outcomeSpecialtyId,
  outcomeSpecialtyName: specialties.name,
  conclusion: chatConversations.conclusion,
  appealId: chatConversations.appealId,
  ratingScore: chatConversations.ratingScore,
  ratingComment: chatConversations.ratingComment,
  lastMessageAt: chatConversations.lastMessageAt,
  createdAt: chatConversations.createdAt,
};

/** A conversation with its contract, program, person, doctor and closer, as every reader needs. */
export type ConversationRow = Awaited<ReturnType<typeof listClientConversations>>[number];

function selectConversations(db: Db) {
  return db
    .select(conversationColumns)
    .from(chatConversations)
    .innerJoin(clients, eq(clients.id, chatConversations.clientId))
    .innerJoin(contracts, eq(contracts.id, chatConversations.contractId))
    .innerJoin(programs, eq(programs.id, contracts.programId))
    .innerJoin(coveredPersons, eq(coveredPersons.id, chatConversations.personId))
    .leftJoin(doctor, eq(doctor.id, chatConversations.doctorId))
    .leftJoin(closer, eq(closer.id, chatConversations.closedById))
    .leftJoin(specialties, eq(specialties.id, chatConversations.outcomeSpecialtyId));
}

/**
 * The current covered persons of the contracts the account holds that are in force on `today`
 * and whose program includes chat consultations.
 */
export async function listChatPersons(db: Db, clientId: string, today: string) {
  return db
    .select({
      personId: coveredPersons.id,
      lastName: coveredPersons.lastName,
      firstName: coveredPersons.firstName,
      patronymic: coveredPersons.patronymic,
      birthDate: coveredPersons.birthDate,
      nameKey: coveredPersons.nameKey,
      contractId: contracts.id,
      contractNumber: contracts.number,
      programName: programs.name,
    })
    .from(contractHolders)
    .innerJoin(contracts, eq(contracts.id, contractHolders.contractId))
    .innerJoin(programs, eq(programs.id, contracts.programId))
    .innerJoin(coveredPersons, eq(coveredPersons.contractId, contracts.id))
    .where(
      and(
        eq(contractHolders.clientId, clientId),
        eq(programs.includesChat, true),
        lte(contracts.startsOn, today),
        gte(contracts.endsOn, today),
        isNull(contracts.annulledAt),
        isNull(coveredPersons.replacedAt),
      ),
    )
    .orderBy(asc(contracts.number), asc(coveredPersons.slot));
}

/** The median wait, in seconds, from a chat's start to its first doctor's answer, since `since`. */
export async function medianFirstReplySeconds(db: Db, since: Date): Promise<number | null> {
  const [row] = await db
    .select({
      median: sql<
        number | null
      >`percentile_cont(0.5) within group (order by extract(epoch from ${chatConversations.firstReplyAt} - ${chatConversations.createdAt}))::float8`,
    })
    .from(chatConversations)
    .where(gte(chatConversations.firstReplyAt, since));
  return row?.median ?? null;
}

export async function findConversation(db: Db, id: string) {
  const [row] = await selectConversations(db).where(eq(chatConversations.id, id));
  return row ?? null;
}

export async function findConversationByClientKey(
  db: Db,
  clientId: string,
  clientConversationId: string,
) {
  const [row] = await selectConversations(db).where(
    and(
      eq(chatConversations.clientId, clientId),
      eq(chatConversations.clientConversationId, clientConversationId),
    ),
  );
  return row ?? null;
}

/** The client's conversations: open ones first, newest activity first. */
export async function listClientConversations(
  db: Db,
  clientId: string,
  personIds: readonly string[],
  limit: number,
) {
  if (personIds.length === 0) return [];
  return selectConversations(db)
    .where(
      and(
        eq(chatConversations.clientId, clientId),
        inArray(chatConversations.personId, [...personIds]),
      ),
    )
    .orderBy(sql`${chatConversations.status} = 'closed'`, desc(chatConversations.lastMessageAt))
    .limit(limit);
}

/** The console's lists: the queue oldest first, «Мои» longest waiting first, all by activity. */
export async function listStaffConversations(
  db: Db,
  view: StaffChatView,
  staffId: string,
  limit: number,
) {
  const query = selectConversations(db);
  if (view === "queue") {
    return query
      .where(eq(chatConversations.status, "waiting"))
      .orderBy(asc(chatConversations.createdAt))
      .limit(limit);
  }
  if (view === "mine") {
    return query
      .where(and(eq(chatConversations.status, "active"), eq(chatConversations.doctorId, staffId)))
      .orderBy(
        sql`${chatConversations.waitingSince} asc nulls last`,
        desc(chatConversations.lastMessageAt),
      )
      .limit(limit);
  }
  return query
    .orderBy(sql`${chatConversations.status} = 'closed'`, desc(chatConversations.lastMessageAt))
    .limit(limit);
}

/** Waiting in the queue, in progress with this doctor, and waiting longer than the target. */
export async function countStaffConversations(db: Db, staffId: string, overdueBefore: Date) {
  const [row] = await db
    .select({
      queue: sql<number>`count(*) filter (where ${chatConversations.status} = 'waiting')::int`,
      mine: sql<number>`count(*) filter (where ${chatConversations.status} = 'active' and ${chatConversations.doctorId} = ${staffId})::int`,
      overdue: sql<number>`count(*) filter (where ${chatConversations.waitingSince} <= ${overdueBefore.toISOString()}::timestamptz or ${chatConversations.escalatedAt} is not null)::int`,
    })
    .from(chatConversations)
    .where(ne(chatConversations.status, "closed"));
  return row ?? { queue: 0, mine: 0, overdue: 0 };
}

/** A new conversation; null when the client's key is taken (a retry got there first). */
export async function insertConversation(
  db: Db,
  values: typeof chatConversations.$inferInsert,
): Promise<string | null> {
  const [row] = await db
    .insert(chatConversations)
    .values(values)
    .onConflictDoNothing({
      target: [chatConversations.clientId, chatConversations.clientConversationId],
    })
    .returning({ id: chatConversations.id });
  return row?.id ?? null;
}

/**
 * Moves a conversation on when it is in one of `from` (and, with `doctorId`, held by that doctor);
 * false when it was not any more.
 */
export async function updateConversation(
  db: Db,
  id: string,
  from: ChatStatus[],
  values: Partial<typeof chatConversations.$inferInsert>,
  heldBy?: string,
): Promise<boolean> {
  const rows = await db
    .update(chatConversations)
    .set(values)
    .where(
      and(
        eq(chatConversations.id, id),
        inArray(chatConversations.status, from),
        heldBy ? eq(chatConversations.doctorId, heldBy) : undefined,
      ),
    )
    .returning({ id: chatConversations.id });
  return rows.length > 0;
}

/** A client's message keeps the start of the wait; it is the escalation's clock. */
export async function noteClientMessage(db: Db, id: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(chatConversations)
    .set({
      lastMessageAt: at,
      waitingSince: sql`coalesce(${chatConversations.waitingSince}, ${at.toISOString()}::timestamptz)`,
    })
    .where(and(eq(chatConversations.id, id), ne(chatConversations.status, "closed")))
    .returning({ id: chatConversations.id });
  return rows.length > 0;
}

/** A doctor's answer ends the wait (and its escalation); the first one is the reply time. */
export async function noteDoctorMessage(
  db: Db,
  id: string,
  doctorId: string,
  at: Date,
): Promise<boolean> {
  const rows = await db
    .update(chatConversations)
    .set({
      lastMessageAt: at,
      waitingSince: null,
      escalatedAt: null,
      firstReplyAt: sql`coalesce(${chatConversations.firstReplyAt}, ${at.toISOString()}::timestamptz)`,
    })
    .where(
      and(
        eq(chatConversations.id, id),
        eq(chatConversations.status, "active"),
        eq(chatConversations.doctorId, doctorId),
      ),
    )
    .returning({ id: chatConversations.id });
  return rows.length > 0;
}

/** The message and its files, together; null when its client key is taken (a retry). */
/** The client's messages in one conversation since `since` (the sending pace). */
export async function countClientMessagesSince(
  db: Db,
  conversationId: string,
  since: Date,
): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(chatMessages)
    .where(
      and(
        eq(chatMessages.conversationId, conversationId),
        eq(chatMessages.author, "client"),
        gte(chatMessages.createdAt, since),
      ),
    );
  return row?.count ?? 0;
}

export async function insertMessage(
  db: Db,
  values: typeof chatMessages.$inferInsert,
  files: StoredAttachment[],
): Promise<string | null> {
  const [row] = await db
    .insert(chatMessages)
    .values(values)
    .onConflictDoNothing({ target: [chatMessages.conversationId, chatMessages.clientMessageId] })
    .returning({ id: chatMessages.id });
  if (!row) return null;
  if (files.length > 0) {
    await db.insert(chatMessageFiles).values(files.map((file) => ({ ...file, messageId: row.id })));
  }
  return row.id;
}

export async function findMessageIdByClientKey(
  db: Db,
  conversationId: string,
  clientMessageId: string,
): Promise<string | null> {
  const [row] = await db
    .select({ id: chatMessages.id })
    .from(chatMessages)
    .where(
      and(
        eq(chatMessages.conversationId, conversationId),
        eq(chatMessages.clientMessageId, clientMessageId),
      ),
    );
  return row?.id ?? null;
}

const messageColumns = {
  id: chatMessages.id,
  conversationId: chatMessages.conversationId,
  clientMessageId: chatMessages.clientMessageId,
  author: chatMessages.author,
  staffId: chatMessages.staffId,
  staffName: staffMembers.fullName,
  staffSpecialty: staffMembers.specialty,
  body: chatMessages.body,
  offeredSlotIds: chatMessages.offeredSlotIds,
  deliveredAt: chatMessages.deliveredAt,
  readAt: chatMessages.readAt,
  createdAt: chatMessages.createdAt,
};

export type MessageRow = Awaited<ReturnType<typeof listMessages>>[number];

/** The messages of the given conversations, oldest first (or of one message with `messageId`). */
export async function listMessages(db: Db, conversationIds: string[], messageId?: string) {
  if (conversationIds.length === 0) return [];
  return db
    .select(messageColumns)
    .from(chatMessages)
    .leftJoin(staffMembers, eq(staffMembers.id, chatMessages.staffId))
    .where(
      and(
        inArray(chatMessages.conversationId, conversationIds),
        messageId ? eq(chatMessages.id, messageId) : undefined,
      ),
    )
    .orderBy(asc(chatMessages.createdAt), asc(chatMessages.id));
}

export type FileRow = Awaited<ReturnType<typeof listFiles>>[number];

export async function listFiles(db: Db, messageIds: string[]) {
  if (messageIds.length === 0) return [];
  return db
    .select({
      id: chatMessageFiles.id,
      messageId: chatMessageFiles.messageId,
      storageKey: chatMessageFiles.storageKey,
      originalName: chatMessageFiles.originalName,
      mediaType: chatMessageFiles.mediaType,
      sizeBytes: chatMessageFiles.sizeBytes,
    })
    .from(chatMessageFiles)
    .where(inArray(chatMessageFiles.messageId, messageIds))
    .orderBy(asc(chatMessageFiles.createdAt), asc(chatMessageFiles.id));
}

/** One file of one conversation, or null. */
export async function findFile(db: Db, conversationId: string, fileId: string) {
  const [row] = await db
    .select({
      storageKey: chatMessageFiles.storageKey,
      originalName: chatMessageFiles.originalName,
      mediaType: chatMessageFiles.mediaType,
      sizeBytes: chatMessageFiles.sizeBytes,
    })
    .from(chatMessageFiles)
    .innerJoin(chatMessages, eq(chatMessages.id, chatMessageFiles.messageId))
    .where(and(eq(chatMessageFiles.id, fileId), eq(chatMessages.conversationId, conversationId)));
  return row ?? null;
}

/** For the lists: each conversation's newest message, whether it has files, and the unread count. */
export async function summariseConversations(
  db: Db,
  conversationIds: string[],
  unreadAuthors: ChatAuthor[],
) {
  if (conversationIds.length === 0) return new Map<string, Summary>();
  const [latest, unread] = await Promise.all([
    db
      .selectDistinctOn([chatMessages.conversationId], {
        conversationId: chatMessages.conversationId,
        body: chatMessages.body,
        hasFiles: sql<boolean>`exists (select 1 from ${chatMessageFiles} where ${chatMessageFiles.messageId} = ${chatMessages.id})`,
      })
      .from(chatMessages)
      .where(inArray(chatMessages.conversationId, conversationIds))
      .orderBy(chatMessages.conversationId, desc(chatMessages.createdAt), desc(chatMessages.id)),
    db
      .select({ conversationId: chatMessages.conversationId, count: sql<number>`count(*)::int` })
      .from(chatMessages)
      .where(
        and(
          inArray(chatMessages.conversationId, conversationIds),
          inArray(chatMessages.author, unreadAuthors),
          isNull(chatMessages.readAt),
        ),
      )
      .groupBy(chatMessages.conversationId),
  ]);
  const summaries = new Map<string, Summary>();
  for (const row of latest) {
    summaries.set(row.conversationId, { body: row.body, hasFiles: row.hasFiles, unread: 0 });
  }
  for (const row of unread) {
    const summary = summaries.get(row.conversationId);
    if (summary) summary.unread = row.count;
  }
  return summaries;
}

export interface Summary {
  body: string;
  hasFiles: boolean;
  unread: number;
}

/**
 * Marks the messages of `authors` in a conversation up to (and with) `upTo` delivered, or read
 * (which is delivered too). Answers how many changed; a message of another conversation or of
 * the wrong side marks nothing.
 */
export async function markReceipts(
  db: Db,
  conversationId: string,
  authors: ChatAuthor[],
  upToMessageId: string,
  state: "delivered" | "read",
  at: Date,
): Promise<number> {
  const [target] = await db
    .select({ createdAt: chatMessages.createdAt })
    .from(chatMessages)
    .where(
      and(
        eq(chatMessages.id, upToMessageId),
        eq(chatMessages.conversationId, conversationId),
        inArray(chatMessages.author, authors),
      ),
    );
  if (!target) return 0;
  const moment = at.toISOString();
  const rows = await db
    .update(chatMessages)
    .set(
      state === "read"
        ? {
            readAt: sql`${moment}::timestamptz`,
            deliveredAt: sql`coalesce(${chatMessages.deliveredAt}, ${moment}::timestamptz)`,
          }
        : { deliveredAt: sql`${moment}::timestamptz` },
    )
    .where(
      and(
        eq(chatMessages.conversationId, conversationId),
        inArray(chatMessages.author, authors),
        lte(chatMessages.createdAt, target.createdAt),
        state === "read" ? isNull(chatMessages.readAt) : isNull(chatMessages.deliveredAt),
      ),
    )
    .returning({ id: chatMessages.id });
  return rows.length;
}

export async function insertTransfer(db: Db, values: typeof chatTransfers.$inferInsert) {
  await db.insert(chatTransfers).values(values);
}

export async function listTransfers(db: Db, conversationId: string) {
  const from = alias(staffMembers, "transfer_from");
  const to = alias(staffMembers, "transfer_to");
  return db
    .select({
      from: from.fullName,
      to: to.fullName,
      note: chatTransfers.note,
      at: chatTransfers.createdAt,
    })
    .from(chatTransfers)
    .innerJoin(from, eq(from.id, chatTransfers.fromStaffId))
    .innerJoin(to, eq(to.id, chatTransfers.toStaffId))
    .where(eq(chatTransfers.conversationId, conversationId))
    .orderBy(asc(chatTransfers.createdAt));
}

/** The network's specialties, by name: what a conclusion may recommend. */
export async function listSpecialties(db: Db) {
  return db
    .select({ id: specialties.id, name: specialties.name })
    .from(specialties)
    .orderBy(asc(specialties.name));
}

export async function findSpecialty(db: Db, id: string) {
  const [row] = await db
    .select({ id: specialties.id, name: specialties.name })
    .from(specialties)
    .where(eq(specialties.id, id));
  return row ?? null;
}

/** The doctors a chat may be handed to: enabled accounts in the doctor role. */
export async function listActiveDoctors(db: Db) {
  return db
    .select({ id: staffMembers.id, name: staffMembers.fullName, specialty: staffMembers.specialty })
    .from(staffMembers)
    .where(and(eq(staffMembers.role, "doctor"), isNull(staffMembers.disabledAt)))
    .orderBy(asc(staffMembers.fullName));
}

/** The person's other conversations, newest first. */
export async function listPersonConversations(db: Db, personId: string, exceptId: string) {
  return selectConversations(db)
    .where(and(eq(chatConversations.personId, personId), ne(chatConversations.id, exceptId)))
    .orderBy(desc(chatConversations.createdAt))
    .limit(50);
}

/** The service type a chat's appeal is recorded with, when it is offered. */
export async function findOfferedServiceType(db: Db, name: string): Promise<string | null> {
  const [row] = await db
    .select({ id: serviceTypes.id })
    .from(serviceTypes)
    .where(and(sql`lower(${serviceTypes.name}) = lower(${name})`, isNull(serviceTypes.archivedAt)));
  return row?.id ?? null;
}

/**
 * Marks the conversations whose client waits since before `before` and that are not escalated
 * yet; answers them (id and client) for their events.
 */
export async function escalateWaitingSince(db: Db, before: Date, at: Date) {
  return db
    .update(chatConversations)
    .set({ escalatedAt: at })
    .where(
      and(
        ne(chatConversations.status, "closed"),
        isNull(chatConversations.escalatedAt),
        lte(chatConversations.waitingSince, before),
      ),
    )
    .returning({ id: chatConversations.id, clientId: chatConversations.clientId });
}

/**
 * Takes this hour's SMS slot of the message's conversation when the message is still neither
 * delivered nor read (with `unreadOnly`: not read) and no SMS went in the last hour; answers the phone and the slot it replaced
 * (to give it back if the SMS cannot be queued), or null.
 */
export async function claimReplySms(
  db: Db,
  messageId: string,
  at: Date,
  hourAgo: Date,
  options: { unreadOnly?: boolean } = {},
) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({
        conversationId: chatMessages.conversationId,
        phone: clients.phone,
        lastSmsAt: chatConversations.lastSmsAt,
      })
      .from(chatMessages)
      .innerJoin(chatConversations, eq(chatConversations.id, chatMessages.conversationId))
      .innerJoin(clients, eq(clients.id, chatConversations.clientId))
      .where(
        and(
          eq(chatMessages.id, messageId),
          eq(chatMessages.author, "doctor"),
          // After a push the question is only whether it was read: an open cabinet got it.
          options.unreadOnly ? undefined : isNull(chatMessages.deliveredAt),
          isNull(chatMessages.readAt),
        ),
      )
      .for("update", { of: chatConversations });
    if (!row) return null;
    const taken = await tx
      .update(chatConversations)
      .set({ lastSmsAt: at })
      .where(
        and(
          eq(chatConversations.id, row.conversationId),
          or(isNull(chatConversations.lastSmsAt), lte(chatConversations.lastSmsAt, hourAgo)),
        ),
      )
      .returning({ id: chatConversations.id });
    return taken.length > 0 ? row : null;
  });
}

/** Gives an SMS slot back (the SMS could not be queued). */
export async function releaseReplySms(db: Db, conversationId: string, previous: Date | null) {
  await db
    .update(chatConversations)
    .set({ lastSmsAt: previous })
    .where(eq(chatConversations.id, conversationId));
}

/** The account's chat messages that offered a time, with their conversations. */
export async function listMessagesOfferingSlot(db: Db, clientId: string, slotId: string) {
  return db
    .select({ messageId: chatMessages.id, conversationId: chatConversations.id })
    .from(chatMessages)
    .innerJoin(chatConversations, eq(chatConversations.id, chatMessages.conversationId))
    .where(
      and(
        eq(chatConversations.clientId, clientId),
        sql`${chatMessages.offeredSlotIds} @> array[${slotId}]::uuid[]`,
      ),
    );
}
