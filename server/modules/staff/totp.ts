import { Secret, TOTP } from "otpauth";
import type { TotpEnrolment } from "../../../common/staff/staff-auth.schema.ts";
import { lazyModule } from "../../lazy.ts";

const loadQrCode = lazyModule(async () => (await import("qrcode")).default);

const ISSUER = "РМС";

function totpFor(email: string, secret: string): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label: email,
    algorithm: "SHA1",
    digits: 6,
    period: 30,
    secret: Secret.fromBase32(secret),
  });
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** What an authenticator app scans: the otpauth:// URL as a QR code, and the secret as text. */
export async function totpEnrolment(email: string, secret: string): Promise<TotpEnrolment> {
  const otpauthUrl = totpFor(email, secret).toString();
  const QRCode = await loadQrCode();
  const svg = await QRCode.toString(otpauthUrl, {
    type: "svg",
    margin: 1,
    errorCorrectionLevel: "M",
  });
  return {
    secret,
    otpauthUrl,
    qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`,
  };
}

const PERIOD_MS = 30_000;

/**
 * The 30-second step a code belongs to, allowing one step of clock drift either way, or null when
 * it matches none. Callers accept each step once, so a code seen over a shoulder cannot be reused.
 */
export function totpCodeStep(
  email: string,
  secret: string,
  code: string,
  now = Date.now(),
): number | null {
  const delta = totpFor(email, secret).validate({ token: code, window: 1, timestamp: now });
  return delta === null ? null : Math.floor(now / PERIOD_MS) + delta;
}

/** The code an authenticator would show now (tests and e2e stand in for the phone with it). */
export function currentTotpCode(secret: string, now = Date.now()): string {
  return new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate({
    timestamp: now,
  });
}
