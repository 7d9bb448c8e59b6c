import type { FastifyPluginAsync } from "fastify";
import { runOnJobQueue } from "../../plugins/jobs.ts";
import { chatRoutes } from "./chat.routes.ts";
import { createTypingThrottle } from "./chat.service.ts";
import {
  createChatEscalation,
  createReplySmsChecks,
  offeredTimeBookedHandler,
  replySmsHandler,
} from "./chat-jobs.ts";
import { staffChatRoutes } from "./staff-chat.routes.ts";

// «Выгрузить мои данные» (data-export, decision 0030) reads the account's rows through these.
export {
  accountConversations,
  filesOfChatMessages,
  messagesOfConversations,
} from "./account-export.repository.ts";

export { escalateLongWaits, sendReplySmsIfUnseen } from "./chat-jobs.ts";

/**
 * «Чат с врачом»: the client's conversations in the cabinet, the doctors' «Чаты» in the console,
 * the escalation of long waits, the SMS when a doctor answers while the cabinet is closed, and
 * both sides told when a time offered in the chat is booked.
 */
export const chatModule: FastifyPluginAsync = async (app) => {
  // One throttle of typing signals per process, for both sides (decision 0018).
  const typing = createTypingThrottle();
  await app.register(chatRoutes, { prefix: "/api", typing });
  await app.register(staffChatRoutes, { prefix: "/api", typing });

  const { jobs, database, log, config } = app;
  await runOnJobQueue(
    app,
    createChatEscalation({
      jobs,
      db: database.db,
      targetReplyMinutes: config.chat.replyTargetMinutes,
      log,
    }),
  );
  const checks = createReplySmsChecks({
    jobs,
    db: database.db,
    sms: app.sms,
    notifier: app.notifier,
    link: `${config.publicOrigin}/cabinet/chat`,
    log,
  });
  await runOnJobQueue(app, checks);
  app.events.on(
    replySmsHandler(checks, config.chat.smsDelaySeconds, app.notifier, config.publicOrigin),
  );
  app.events.on(offeredTimeBookedHandler(database.db));
};
