import { ApiError } from "../../ui/api.ts";

/**
 * The answer says the sign-in challenge is no longer good (expired, used up, unknown): the
 * e-mail and password must be asked again. A wrong code or a weak password names its own field
 * instead, and a 429 only asks to wait.
 */
export function isChallengeProblem(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  if (error.status === 401 || error.status === 410) return true;
  if (error.status !== 400) return false;
  const fields = error.fieldErrors.map((fieldError) => fieldError.field.split(".").at(-1));
  return fields.length === 0 || fields.includes("challenge");
}
