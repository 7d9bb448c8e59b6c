import type { FastifyPluginAsync } from "fastify";
import { contractsRoutes } from "./contracts.routes.ts";
import { registryRoutes } from "./import/registry.routes.ts";
import { staffContractsRoutes } from "./staff-contracts.routes.ts";
import { staffProgramsRoutes } from "./staff-programs.routes.ts";
import { staffReplacementsRoutes } from "./staff-replacements.routes.ts";
import { verificationRoutes } from "./verification.routes.ts";

// «Выгрузить мои данные» (data-export, decision 0030) reads the account's rows through these.
export {
  heldContracts,
  personsOfContracts,
  replacementRequestsOfAccount,
} from "./account-export.repository.ts";

// The shop (issue 15) issues a paid certificate inside its order's fulfilment.
export {
  annulCertificate,
  type CertificatePerson,
  type IssuedCertificate,
  issueCertificate,
} from "./certificate-issue.repository.ts";
export { certificatePdfFor, visibleContractFor } from "./contracts.service.ts";
export { type FamilyPerson, familyPersonIds, familyPersons } from "./family.service.ts";
// Whom an account acts for (decision 0031): booking, chat and «Медкарта» ask this one rule.
export {
  actedFor,
  type FamilyRelation,
  isUnderParentAccessAge,
  PARENT_ACCESS_UNTIL_AGE,
} from "./family.ts";
export { importContracts, importTotals } from "./import/import.service.ts";

/**
 * Certificates and DMS policies: the client's «Мои договоры», the public certificate check, and
 * the console's contracts, replacement requests, programs and registry import.
 */
export const contractsModule: FastifyPluginAsync = async (app) => {
  await app.register(contractsRoutes, { prefix: "/api" });
  await app.register(verificationRoutes, { prefix: "/api" });
  await app.register(staffContractsRoutes, { prefix: "/api" });
  await app.register(staffReplacementsRoutes, { prefix: "/api" });
  await app.register(staffProgramsRoutes, { prefix: "/api" });
  await app.register(registryRoutes, { prefix: "/api" });
};
