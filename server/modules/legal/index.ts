import type { FastifyPluginAsync } from "fastify";
import { legalApiRoutes, legalPageRoutes } from "./legal.routes.ts";

// «Выгрузить мои данные» (data-export, decision 0030) reads the account's rows through these.
export { accountConsents } from "./account-export.repository.ts";

export {
  acceptDocument,
  acceptDocuments,
  currentDocuments,
  findCurrentDocument,
  HEALTH_DATA_DOCUMENT,
  isRequiredDocument,
  listAccountConsents,
  pendingConsent,
  pendingDocumentsFor,
  publishBundledDocuments,
  withdrawConsent,
} from "./legal.service.ts";

/** The legal documents: as JSON under /api, and each as a printable page at /legal/<slug>. */
export const legalModule: FastifyPluginAsync = async (app) => {
  await app.register(legalApiRoutes, { prefix: "/api" });
  await app.register(legalPageRoutes);
};
