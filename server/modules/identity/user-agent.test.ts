import { describe, expect, it } from "vitest";
import { describeDevice } from "./user-agent.ts";

describe("describeDevice", () => {
  it("names the browser and the system of common phones and desktops", () => {
    expect(
      describeDevice(
        "Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36",
      ),
    ).toBe("Chrome, Android");
    expect(
      describeDevice(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
      ),
    ).toBe("Safari, iOS");
    expect(
      describeDevice(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 YaBrowser/24.12 Safari/537.36",
      ),
    ).toBe("Яндекс Браузер, Windows");
  });

  it("says nothing for an empty or unknown agent", () => {
    expect(describeDevice(null)).toBeNull();
    expect(describeDevice("curl/8.5")).toBeNull();
  });
});
