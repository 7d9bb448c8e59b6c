import { describe, expect, it } from "vitest";
import {
  hashPassword,
  PRODUCTION_SCRYPT,
  scryptMaxmem,
  scryptPresetFor,
  verifyPassword,
} from "./password.ts";

// Made once with the production preset; a database holds hashes like it, whatever preset is active.
const STORED_PRODUCTION_HASH =
  "scrypt$131072$8$1$Oy+pKv8JjAdWb2w0OqVETQ==$4vgaZa4y3csd78kb/uT9CZ1Mgj6pveUOOmDExkvGig8=";

describe("password hashing", () => {
  it("accepts the right password and refuses a wrong one", async () => {
    const stored = await hashPassword("rms-demo-2026");
    expect(stored).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(await verifyPassword("rms-demo-2026", stored)).toBe(true);
    expect(await verifyPassword("rms-demo-2027", stored)).toBe(false);
  });

  it("hashes at the OWASP cost everywhere but NODE_ENV=test, and verifies such hashes under test too", async () => {
    expect(PRODUCTION_SCRYPT).toEqual({ N: 2 ** 17, r: 8, p: 1, keyLength: 32 });
    expect(scryptMaxmem(PRODUCTION_SCRYPT.N, PRODUCTION_SCRYPT.r)).toBe(256 * 2 ** 20);
    for (const nodeEnv of ["production", "development", undefined, "", "TEST", "testing"]) {
      expect(scryptPresetFor(nodeEnv), String(nodeEnv)).toBe(PRODUCTION_SCRYPT);
    }
    expect(scryptPresetFor("test").N).toBeLessThan(PRODUCTION_SCRYPT.N);

    const fresh = await hashPassword("Синий-трамвай-42", PRODUCTION_SCRYPT);
    const [scheme, N, r, p, salt, hash] = fresh.split("$");
    expect([scheme, N, r, p]).toEqual(["scrypt", "131072", "8", "1"]);
    expect(Buffer.from(salt ?? "", "base64")).toHaveLength(16);
    expect(Buffer.from(hash ?? "", "base64")).toHaveLength(32);
    expect(await verifyPassword("Синий-трамвай-42", fresh)).toBe(true);

    expect(process.env.NODE_ENV).toBe("test");
    expect(await verifyPassword("Синий-трамвай-42", STORED_PRODUCTION_HASH)).toBe(true);
    expect(await verifyPassword("Синий-трамвай-43", STORED_PRODUCTION_HASH)).toBe(false);
  });

  it("salts every hash", async () => {
    expect(await hashPassword("same-password")).not.toBe(await hashPassword("same-password"));
  });

  it("refuses a malformed stored hash instead of throwing", async () => {
    expect(await verifyPassword("x", "plain-text")).toBe(false);
  });
});
