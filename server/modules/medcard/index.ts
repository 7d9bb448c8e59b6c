import type { FastifyPluginAsync } from "fastify";
import { medcardRoutes } from "./medcard.routes.ts";
import { medcardDocumentsRoutes } from "./medcard-documents.routes.ts";
import { medcardExportRoutes } from "./medcard-export.routes.ts";
import { medcardIntegrationRoutes } from "./medcard-integration.routes.ts";
import { medcardSharesRoutes } from "./medcard-shares.routes.ts";
import { sharedCardRoutes } from "./shared-card.routes.ts";
import { staffMedcardRoutes } from "./staff-medcard.routes.ts";

// «Выгрузить мои данные» (data-export, decision 0030) reads the account's rows through these.
export { accountMedcards } from "./account-export.service.ts";

/**
 * «Медкарта» (issue 16, decision 0024): the client's cards and those of its children under 15,
 * shared with a doctor by an expiring link and code, exported as a PDF and a FHIR R4 Bundle,
 * read and added to by the company's doctors (audited), and fed by clinics' documents.
 */
export const medcardModule: FastifyPluginAsync = async (app) => {
  await app.register(medcardRoutes, { prefix: "/api" });
  await app.register(medcardDocumentsRoutes, { prefix: "/api" });
  await app.register(medcardSharesRoutes, { prefix: "/api" });
  await app.register(sharedCardRoutes, { prefix: "/api" });
  await app.register(medcardExportRoutes, { prefix: "/api" });
  await app.register(staffMedcardRoutes, { prefix: "/api" });
  await app.register(medcardIntegrationRoutes, { prefix: "/api" });
};
