import {
  type VerificationRequest,
  verificationResultSchema,
} from "../../../common/contracts/contracts.schema.ts";
import {
  type ReferralVerificationRequest,
  referralVerificationResultSchema,
} from "../../../common/shop/shop.schema.ts";
import { api } from "../../ui/api.ts";

/** The public certificate check: valid today or not, and for which program. */
export function checkCertificate(body: VerificationRequest) {
  return api.post("/api/verification", body, { schema: verificationResultSchema });
}

/** The public check of a paid visit's «Направление»: valid or not, and for which visit. */
export function checkReferral(body: ReferralVerificationRequest) {
  return api.post("/api/verification/referral", body, {
    schema: referralVerificationResultSchema,
  });
}
