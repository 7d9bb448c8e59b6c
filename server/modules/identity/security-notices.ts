import type { Db } from "../../db/client.ts";
import { emit } from "../../plugins/events.ts";
import { listOtherSessionUserAgents } from "./sessions.repository.ts";
import { describeDevice } from "./user-agent.ts";

/** A device as the security messages tell it apart: browser and system, or the raw header. */
function deviceOf(userAgent: string | null | undefined): string {
  return describeDevice(userAgent ?? null) ?? userAgent ?? "";
}

/**
 * Whether a new session comes from a device the account never signed in from: no earlier session
 * of the account has the same browser and system. An account's first session ever (just
 * registered, or never signed in) is no news to its owner and counts as known.
 */
export async function isNewDevice(
  db: Db,
  clientId: string,
  sessionId: string,
  userAgent: string | undefined,
): Promise<boolean> {
  const earlier = await listOtherSessionUserAgents(db, clientId, sessionId);
  if (earlier.length === 0) return false;
  const device = deviceOf(userAgent);
  return !earlier.some((other) => deviceOf(other) === device);
}

/**
 * Tells the account of a security log row (the notifications module sends it on every channel,
 * at once): in the change's own transaction.
 */
export async function emitSecurityNotice(
  tx: Db,
  clientId: string,
  securityEventId: string,
): Promise<void> {
  await emit(tx, "security.notice", { securityEventId }, { accountId: clientId });
}
