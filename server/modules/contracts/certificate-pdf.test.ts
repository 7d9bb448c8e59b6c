import { describe, expect, it } from "vitest";
import { certificateFileName } from "./certificate-pdf.ts";

describe("certificateFileName", () => {
  it("replaces the slash of a certificate number", () => {
    expect(certificateFileName({ kind: "certificate", number: "11/22445568" })).toBe(
      "certificate-11-22445568.pdf",
    );
  });

  it("spells a DMS policy number in Latin letters", () => {
    expect(certificateFileName({ kind: "dms_policy", number: "001-ДМС-2026-004512" })).toBe(
      "policy-001-DMS-2026-004512.pdf",
    );
  });

  it("keeps no quotes, spaces or other characters that would break the header", () => {
    expect(certificateFileName({ kind: "certificate", number: 'a"b c\\d' })).toBe(
      "certificate-a-b-c-d.pdf",
    );
  });
});
