import { describe, expect, it } from "vitest";
import { changeOptions } from "./patient-changes.service.ts";

const base = {
  today: "2026-05-31",
  startsOn: "2026-06-01",
  maxPersons: 2,
  viewerIsPatient1: true,
  slot2Taken: false,
  requestPending: false,
};

describe("changeOptions", () => {
  it("allows both changes to «Пациент 1» on the day before the start", () => {
    expect(changeOptions(base)).toEqual({
      addPatient2: { allowed: true, refusal: null },
      replacePatient1: { allowed: true, refusal: null },
    });
  });

  it("refuses both from the start date on, whoever asks", () => {
    for (const today of ["2026-06-01", "2026-06-02"]) {
      const options = changeOptions({ ...base, today, viewerIsPatient1: false });
      expect(options.addPatient2.refusal).toBe("started");
      expect(options.replacePatient1.refusal).toBe("started");
    }
  });

  it("refuses both to a viewer who is not «Пациент 1»", () => {
    const options = changeOptions({ ...base, viewerIsPatient1: false });
    expect(options.addPatient2.refusal).toBe("not-patient-1");
    expect(options.replacePatient1.refusal).toBe("not-patient-1");
  });

  it("refuses «Пациент 2» on a one-person program but still allows the replacement", () => {
    const options = changeOptions({ ...base, maxPersons: 1 });
    expect(options.addPatient2.refusal).toBe("one-person");
    expect(options.replacePatient1.allowed).toBe(true);
  });

  it("refuses «Пациент 2» when the slot is taken and a second request while one is pending", () => {
    const options = changeOptions({ ...base, slot2Taken: true, requestPending: true });
    expect(options.addPatient2.refusal).toBe("slot-taken");
    expect(options.replacePatient1.refusal).toBe("request-pending");
  });
});
