import {
  ACCOUNT_DATA_FORMAT,
  ACCOUNT_DATA_VERSION,
  type AccountData,
  accountDataSchema,
} from "../../../common/data-export/data-export.schema.ts";
import type { Db } from "../../db/client.ts";
import { appealsOfContracts } from "../appeals/index.ts";
import { accountAppointments, historyOfAppointments } from "../booking/index.ts";
import {
  accountConversations,
  filesOfChatMessages,
  messagesOfConversations,
} from "../chat/index.ts";
import {
  accountCallbacks,
  accountMessages,
  attachmentsOfMessages,
  repliesOfMessages,
} from "../contact/index.ts";
import {
  heldContracts,
  personsOfContracts,
  replacementRequestsOfAccount,
} from "../contracts/index.ts";
import {
  accountPersonalDataRequests,
  accountProfile,
  accountSecurityEvents,
  accountSessions,
} from "../identity/index.ts";
import { accountConsents } from "../legal/index.ts";
import { accountMedcards } from "../medcard/index.ts";
import {
  accountNotificationChannels,
  accountNotifications,
  accountPushSubscriptions,
  accountQuietHours,
} from "../notifications/index.ts";
import { accountOrders, itemsOfOrders, paymentsOfOrders, refundsOfOrders } from "../shop/index.ts";
import { allAccountDataReads } from "../staff/index.ts";

// Everything the company holds about an account (decision 0030), read through each module's door
// and checked against the documented shape: the schema is the allow-list of what leaves.

/** Rows grouped by a key, each group in the rows' order. */
function groupBy<Row, Key>(rows: readonly Row[], key: (row: Row) => Key): Map<Key, Row[]> {
  const groups = new Map<Key, Row[]>();
  for (const row of rows) {
    const group = groups.get(key(row));
    if (group) group.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
}

async function contractsPart(db: Db, clientId: string) {
  const contracts = await heldContracts(db, clientId);
  const ids = contracts.map((contract) => contract.id);
  const [persons, requests, appeals] = await Promise.all([
    personsOfContracts(db, ids),
    replacementRequestsOfAccount(db, clientId, ids),
    appealsOfContracts(db, ids),
  ]);
  const personsOf = groupBy(persons, (person) => person.contractId);
  const requestsOf = groupBy(requests, (request) => request.contractId);
  return {
    contracts: contracts.map((contract) => ({
      ...contract,
      persons: personsOf.get(contract.id) ?? [],
      replacementRequests: requestsOf.get(contract.id) ?? [],
    })),
    appeals,
  };
}

async function contactPart(db: Db, clientId: string) {
  const [callbacks, messages] = await Promise.all([
    accountCallbacks(db, clientId),
    accountMessages(db, clientId),
  ]);
  const ids = messages.map((message) => message.id);
  const [attachments, replies] = await Promise.all([
    attachmentsOfMessages(db, ids),
    repliesOfMessages(db, ids),
  ]);
  const attachmentsOf = groupBy(attachments, (file) => file.messageId);
  const repliesOf = groupBy(replies, (reply) => reply.messageId);
  return {
    callbacks,
    messages: messages.map((message) => ({
      ...message,
      attachments: attachmentsOf.get(message.id) ?? [],
      replies: repliesOf.get(message.id) ?? [],
    })),
  };
}

async function chatsPart(db: Db, clientId: string) {
  const conversations = await accountConversations(db, clientId);
  const messages = await messagesOfConversations(
    db,
    conversations.map((conversation) => conversation.id),
  );
  const files = await filesOfChatMessages(
    db,
    messages.map((message) => message.id),
  );
  const filesOf = groupBy(files, (file) => file.messageId);
  const messagesOf = groupBy(
    messages.map((message) => ({ ...message, files: filesOf.get(message.id) ?? [] })),
    (message) => message.conversationId,
  );
  return conversations.map((conversation) => ({
    ...conversation,
    messages: messagesOf.get(conversation.id) ?? [],
  }));
}

async function appointmentsPart(db: Db, clientId: string) {
  const appointments = await accountAppointments(db, clientId);
  const history = groupBy(
    await historyOfAppointments(
      db,
      appointments.map((appointment) => appointment.id),
    ),
    (event) => event.appointmentId,
  );
  return appointments.map((appointment) => ({
    ...appointment,
    history: history.get(appointment.id) ?? [],
  }));
}

async function ordersPart(db: Db, clientId: string) {
  const orders = await accountOrders(db, clientId);
  const ids = orders.map((order) => order.id);
  const [items, payments, refunds] = await Promise.all([
    itemsOfOrders(db, ids),
    paymentsOfOrders(db, ids),
    refundsOfOrders(db, ids),
  ]);
  const itemsOf = groupBy(items, (item) => item.orderId);
  const paymentsOf = groupBy(payments, (payment) => payment.orderId);
  const refundsOf = groupBy(refunds, (refund) => refund.orderId);
  return orders.map((order) => ({
    ...order,
    items: itemsOf.get(order.id) ?? [],
    payments: paymentsOf.get(order.id) ?? [],
    refunds: refundsOf.get(order.id) ?? [],
  }));
}

/** Thrown when the account is gone (deleted while its export waited). */
export class AccountGoneError extends Error {
  constructor() {
    super("the account of the export no longer exists");
  }
}

/**
 * The export document of the account (format «rms-account-data», version 1). Reads one part at a
 * time: on the embedded database every query shares one connection anyway, and on a server the
 * job leaves the pool to the requests.
 */
export async function gatherAccountData(
  db: Db,
  clientId: string,
  madeAt = new Date(),
): Promise<AccountData> {
  const account = await accountProfile(db, clientId);
  if (!account) throw new AccountGoneError();
  const { contracts, appeals } = await contractsPart(db, clientId);
  const { callbacks, messages } = await contactPart(db, clientId);
  const document = {
    format: ACCOUNT_DATA_FORMAT,
    version: ACCOUNT_DATA_VERSION,
    madeAt,
    account,
    contracts,
    appeals,
    callbacks,
    messages,
    chats: await chatsPart(db, clientId),
    appointments: await appointmentsPart(db, clientId),
    orders: await ordersPart(db, clientId),
    medcards: await accountMedcards(db, clientId),
    consents: await accountConsents(db, clientId),
    sessions: await accountSessions(db, clientId),
    securityLog: await accountSecurityEvents(db, clientId),
    personalDataRequests: await accountPersonalDataRequests(db, clientId),
    dataReads: await allAccountDataReads(db, clientId),
    notifications: {
      inbox: await accountNotifications(db, clientId),
      channels: await accountNotificationChannels(db, clientId),
      quietHours: await accountQuietHours(db, clientId),
      pushSubscriptions: await accountPushSubscriptions(db, clientId),
    },
  };
  // Through JSON first: times become ISO strings, as the file has them; then the schema keeps
  // only the documented fields (row ids the parts were joined by are dropped).
  return accountDataSchema.parse(JSON.parse(JSON.stringify(document)));
}
