import type { FastifyPluginAsync } from "fastify";
import { runOnJobQueue } from "../../plugins/jobs.ts";
import { contactRoutes } from "./contact.routes.ts";
import { contactQueueRoutes } from "./contact-queue.routes.ts";
import { createFileSweep } from "./file-sweep.ts";
import { visitorCallbackRoutes } from "./visitor-callbacks.routes.ts";

// «Выгрузить мои данные» (data-export, decision 0030) reads the account's rows through these.
export {
  accountCallbacks,
  accountMessages,
  attachmentsOfMessages,
  repliesOfMessages,
} from "./account-export.repository.ts";

export { attachmentDisposition, sendDownload } from "./file-download.ts";
export { createFileSweep } from "./file-sweep.ts";
// The upload checks of «Отправить сообщение», shared with «Чат с врачом» (its files follow the same
// rules and lie in the same storage, swept by the same job).
export {
  AttachmentsTooLargeError,
  receiveMultipart,
  removeStored,
  type StoredAttachment,
  UNCLEAN_FILE_NAME,
} from "./multipart-upload.ts";

/** Callback requests and messages: the client's «Связаться» and the staff queues that answer them. */
export const contactModule: FastifyPluginAsync = async (app) => {
  await app.register(contactRoutes, { prefix: "/api" });
  await app.register(contactQueueRoutes, { prefix: "/api" });
  await app.register(visitorCallbackRoutes, { prefix: "/api" });
  // Removes stored files that no message refers to once they are an hour old (decision 0009).
  const { jobs, database, files, log } = app;
  await runOnJobQueue(app, createFileSweep({ jobs, db: database.db, storage: files, log }));
};
