import type { FastifyPluginAsync } from "fastify";
import { legalApiRoutes, legalPageRoutes } from "./legal.routes.ts";

export {
  acceptDocument,
  acceptDocuments,
  currentDocuments,
  findCurrentDocument,
  HEALTH_DATA_DOCUMENT,
  pendingConsent,
  pendingDocumentsFor,
  publishBundledDocuments,
} from "./legal.service.ts";

/** The legal documents: as JSON under /api, and each as a printable page at /legal/<slug>. */
export const legalModule: FastifyPluginAsync = async (app) => {
  await app.register(legalApiRoutes, { prefix: "/api" });
  await app.register(legalPageRoutes);
};
