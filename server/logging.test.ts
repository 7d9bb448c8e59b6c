import { Writable } from "node:stream";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { loggerOptions, maskPersonalData, maskRequestUrl } from "./logging.ts";

describe("maskPersonalData", () => {
  it("masks phones written the ways people write them", () => {
    for (const phone of ["+79261111111", "+7 926 111-11-11", "8 (926) 111-11-11", "89261111111"]) {
      const masked = maskPersonalData(`звонок на ${phone} принят`);
      expect(masked).not.toContain("111-11");
      expect(masked.replace(/\D/g, "")).not.toContain("9261111");
      expect(masked).toContain("*****11");
    }
  });

  it("masks phones and e-mails inside URLs", () => {
    const masked = maskPersonalData("/api/dev/outbox?phone=%2B79261111111&email=ivanov%40ya.ru");
    expect(masked).not.toContain("9261111111");
    expect(masked).not.toContain("ivanov");
    expect(masked).toContain("i***%40ya.ru");
  });

  it("keeps text without personal data as it is", () => {
    expect(maskPersonalData("GET /api/health 200 in 3 ms")).toBe("GET /api/health 200 in 3 ms");
  });
});

describe("maskRequestUrl", () => {
  it("cuts a shared medical card's token, in the page's and the API's address", () => {
    const token = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde";
    expect(maskRequestUrl(`/medcard-share/${token}`)).toBe("/medcard-share/AbCd…");
    expect(maskRequestUrl(`/api/medcard-shares/${token}/documents/1/file?download=1`)).toBe(
      "/api/medcard-shares/AbCd…/documents/1/file?download=1",
    );
    expect(maskRequestUrl("/api/medcard/cards/1/shares")).toBe("/api/medcard/cards/1/shares");
  });
});

describe("loggerOptions", () => {
  it("never writes a phone, a name or an e-mail unmasked", () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const options = loggerOptions("info");
    if (typeof options !== "object") throw new Error("expected logger options");
    const logger = pino(options as pino.LoggerOptions, sink);
    logger.info({ client: { phone: "+79261111111", lastName: "Иванов" } }, "sent to +79261111111");
    logger.info({ email: "ivanov@ya.ru" }, "mail for ivanov@ya.ru");
    const output = lines.join("");
    expect(output).not.toContain("9261111111");
    expect(output).not.toContain("Иванов");
    expect(output).not.toContain("ivanov@");
    expect(output).toContain("[скрыто]");
  });
});
