import { describe, expect, it } from "vitest";
import { attachmentDisposition } from "./file-download.ts";

describe("attachmentDisposition", () => {
  it("keeps a Cyrillic name in filename* and gives an ASCII fallback", () => {
    expect(attachmentDisposition("анализы крови.pdf")).toBe(
      `attachment; filename="_______ _____.pdf"; filename*=UTF-8''%D0%B0%D0%BD%D0%B0%D0%BB%D0%B8%D0%B7%D1%8B%20%D0%BA%D1%80%D0%BE%D0%B2%D0%B8.pdf`,
    );
  });

  it("lets no quote, line break or path through", () => {
    const header = attachmentDisposition('a"b\r\nSet-Cookie: x=1/../c.pdf');
    expect(header).not.toMatch(/[\r\n]/);
    expect(header).toMatch(
      /^attachment; filename="a_b__Set-Cookie: x=1_.._c.pdf"; filename\*=UTF-8''a%22b__Set-Cookie%3A%20x%3D1_.._c.pdf$/,
    );
  });
});
