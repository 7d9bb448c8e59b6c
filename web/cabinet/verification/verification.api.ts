import {
  type VerificationRequest,
  verificationResultSchema,
} from "../../../common/contracts/contracts.schema.ts";
import { api } from "../../ui/api.ts";

/** The public certificate check: valid today or not, and for which program. */
export function checkCertificate(body: VerificationRequest) {
  return api.post("/api/verification", body, { schema: verificationResultSchema });
}
