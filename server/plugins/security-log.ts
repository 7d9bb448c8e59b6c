/**
 * The security log: sign-ins and their failures, sign-outs, revoked sessions, password and consent
 * changes, public certificate checks. Written by identity, staff and contracts; the rate limits
 * (./rate-limit.ts) count it.
 */
export {
  latestEventForSubject,
  recordSecurityEvent,
  type SecurityEvent,
  type SecurityEventKind,
  settleSecurityEvent,
} from "./security-log.repository.ts";
