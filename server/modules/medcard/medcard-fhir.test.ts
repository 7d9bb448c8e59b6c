import type {
  AllergyIntolerance,
  Bundle,
  Condition,
  DocumentReference,
  Encounter,
  MedicationStatement,
  Observation,
  Patient,
  Resource,
} from "@medplum/fhirtypes";
import { describe, expect, it } from "vitest";
import type { MedcardView } from "../../../common/medcard/medcard.schema.ts";
import { bundleProblems } from "../../test/fhir-validator.ts";
import { medcardToFhirBundle } from "./medcard-fhir.ts";

const CARD_ID = "0b6f8f0e-2a41-4c3e-9d7a-5f1e2d3c4b5a";
const DOCUMENT_URL = (id: string) => `/api/medcard/cards/${CARD_ID}/documents/${id}/file`;

const patientSaid = { source: "patient", name: null } as const;
const doctorSaid = { source: "doctor", name: "Смирнова Ольга Петровна" } as const;

/** A card with each kind of entry, item and document, by the patient, a doctor and a clinic. */
const view: MedcardView = {
  card: {
    id: CARD_ID,
    subject: "self",
    fullName: "Иванова Анна Сергеевна",
    birthDate: "1990-03-15",
  },
  summary: [
    {
      id: "5d1a3c0e-1111-4a2b-8c3d-000000000001",
      kind: "allergy",
      text: "Пенициллин",
      note: "Крапивница",
      author: patientSaid,
      createdAt: "2026-11-02T09:00:00.000Z",
      updatedAt: "2026-11-02T09:00:00.000Z",
      editable: true,
    },
    {
      id: "5d1a3c0e-1111-4a2b-8c3d-000000000002",
      kind: "condition",
      text: "Бронхиальная астма",
      note: null,
      author: doctorSaid,
      createdAt: "2026-11-03T10:00:00.000Z",
      updatedAt: "2026-11-03T10:00:00.000Z",
      editable: false,
    },
    {
      id: "5d1a3c0e-1111-4a2b-8c3d-000000000003",
      kind: "medication",
      text: "Эналаприл 10 мг",
      note: "По 1 таблетке утром",
      author: patientSaid,
      createdAt: "2026-11-04T11:00:00.000Z",
      updatedAt: "2026-11-04T11:00:00.000Z",
      editable: true,
    },
    {
      id: "5d1a3c0e-1111-4a2b-8c3d-000000000004",
      kind: "blood_group",
      text: "A(II) Rh+",
      note: null,
      author: doctorSaid,
      createdAt: "2026-11-05T12:00:00.000Z",
      updatedAt: "2026-11-05T12:00:00.000Z",
      editable: false,
    },
  ],
  timeline: [
    {
      id: "chat:7e2b4d1f-2222-4a2b-8c3d-000000000001",
      kind: "chat",
      at: "2026-11-20T08:30:00.000Z",
      title: "Консультация в чате",
      doctorName: "Смирнова Ольга Петровна",
      clinicName: null,
      conclusion: "ОРВИ. Обильное питьё, при температуре выше 38,5 — парацетамол.",
    },
    {
      id: "appeal:7e2b4d1f-2222-4a2b-8c3d-000000000002",
      kind: "appeal",
      at: "2026-11-10T14:00:00.000Z",
      title: "Телефонная консультация",
      doctorName: null,
      clinicName: null,
      conclusion: null,
    },
    {
      id: "appointment:7e2b4d1f-2222-4a2b-8c3d-000000000003",
      kind: "appointment",
      at: "2026-10-01T07:00:00.000Z",
      title: "Приём: Терапевт",
      doctorName: "Петров Пётр Петрович",
      clinicName: "Клиника «Здоровье»",
      conclusion: "Здорова.",
    },
  ],
  documents: [
    {
      id: "9c3e5f20-3333-4a2b-8c3d-000000000001",
      type: "test_result",
      title: "Общий анализ крови",
      documentDate: "2026-10-01",
      author: { source: "clinic", name: "Клиника «Здоровье»" },
      fileName: "oak.pdf",
      mediaType: "application/pdf",
      sizeBytes: 48_213,
      createdAt: "2026-10-02T06:00:00.000Z",
      removable: false,
    },
    {
      id: "9c3e5f20-3333-4a2b-8c3d-000000000002",
      type: "other",
      title: "Снимок",
      documentDate: "2026-09-12",
      author: patientSaid,
      fileName: "photo.jpg",
      mediaType: "image/jpeg",
      sizeBytes: 1024,
      createdAt: "2026-09-12T16:00:00.000Z",
      removable: true,
    },
  ],
};

const meta = {
  madeAt: new Date("2026-12-03T12:00:00.000Z"),
  documentUrl: (document: { id: string }) => DOCUMENT_URL(document.id),
};

function resources<T extends Resource>(bundle: Bundle, type: T["resourceType"]): T[] {
  return (bundle.entry ?? [])
    .map((entry) => entry.resource)
    .filter((resource): resource is T => resource?.resourceType === type);
}

function only<T extends Resource>(bundle: Bundle, type: T["resourceType"]): T {
  const found = resources<T>(bundle, type);
  expect(found).toHaveLength(1);
  return found[0] as T;
}

const bundle = medcardToFhirBundle(view, meta);
const patientUrl = `urn:uuid:${CARD_ID}`;

describe("medcardToFhirBundle", () => {
  it("makes a collection Bundle that Medplum's R4 validator accepts, entry by entry", () => {
    expect(bundle.resourceType).toBe("Bundle");
    expect(bundle.type).toBe("collection");
    expect(bundle.timestamp).toBe("2026-12-03T12:00:00.000Z");
    expect(bundleProblems(bundle)).toEqual([]);
  });

  it("gives every entry a distinct urn:uuid fullUrl and the same ones on every export", () => {
    const urls = (bundle.entry ?? []).map((entry) => entry.fullUrl);
    for (const url of urls) {
      expect(url).toMatch(
        /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
    }
    expect(new Set(urls).size).toBe(urls.length);
    expect(medcardToFhirBundle(view, meta)).toEqual(bundle);
    expect(bundle.entry?.every((entry) => entry.resource?.id === undefined)).toBe(true);
  });

  it("names the patient with the card's id as its identifier and the birth date", () => {
    const patient = only<Patient>(bundle, "Patient");
    expect(bundle.entry?.[0]?.fullUrl).toBe(patientUrl);
    expect(patient.identifier).toEqual([{ system: "urn:ietf:rfc:3986", value: patientUrl }]);
    expect(patient.name).toEqual([
      {
        use: "official",
        text: "Иванова Анна Сергеевна",
        family: "Иванова",
        given: ["Анна", "Сергеевна"],
      },
    ]);
    expect(patient.birthDate).toBe("1990-03-15");
  });

  it("lists an allergy the patient reported as active, asserted by the patient, with its note", () => {
    const allergy = only<AllergyIntolerance>(bundle, "AllergyIntolerance");
    expect(allergy.code?.text).toBe("Пенициллин");
    expect(allergy.clinicalStatus?.coding?.[0]?.code).toBe("active");
    expect(allergy.patient).toEqual({ reference: patientUrl });
    expect(allergy.asserter).toEqual({ reference: patientUrl });
    expect(allergy.note).toEqual([{ text: "Крапивница" }]);
  });

  it("lists a doctor's chronic condition on the problem list, recorded by that doctor by name", () => {
    const condition = only<Condition>(bundle, "Condition");
    expect(condition.code?.text).toBe("Бронхиальная астма");
    expect(condition.clinicalStatus?.coding?.[0]?.code).toBe("active");
    expect(condition.category?.[0]?.coding?.[0]?.code).toBe("problem-list-item");
    expect(condition.subject).toEqual({ reference: patientUrl });
    expect(condition.recorder).toEqual({
      type: "Practitioner",
      display: "Смирнова Ольга Петровна",
    });
    expect(condition.note).toBeUndefined();
  });

  it("lists a regular medicine as an active statement with the note as its dosage", () => {
    const medication = only<MedicationStatement>(bundle, "MedicationStatement");
    expect(medication.status).toBe("active");
    expect(medication.medicationCodeableConcept?.text).toBe("Эналаприл 10 мг");
    expect(medication.dosage).toEqual([{ text: "По 1 таблетке утром" }]);
    expect(medication.informationSource).toEqual({ reference: patientUrl });
  });

  it("gives the blood group as one ABO and Rh observation (LOINC 882-1)", () => {
    const observation = only<Observation>(bundle, "Observation");
    expect(observation.code.coding).toEqual([
      { system: "http://loinc.org", code: "882-1", display: "ABO and Rh group [Type] in Blood" },
    ]);
    expect(observation.valueCodeableConcept?.text).toBe("A(II) Rh+");
    expect(observation.performer).toEqual([
      { type: "Practitioner", display: "Смирнова Ольга Петровна" },
    ]);
  });

  it("makes a finished encounter of each consultation: virtual for chats and calls, ambulatory for a visit", () => {
    const encounters = resources<Encounter>(bundle, "Encounter");
    expect(
      encounters.map((encounter) => [encounter.class.code, encounter.type?.[0]?.text]),
    ).toEqual([
      ["VR", "Консультация в чате"],
      ["VR", "Телефонная консультация"],
      ["AMB", "Приём: Терапевт"],
    ]);
    expect(encounters.every((encounter) => encounter.status === "finished")).toBe(true);
    const visit = encounters[2];
    expect(visit?.period).toEqual({ start: "2026-10-01T07:00:00.000Z" });
    expect(visit?.participant).toEqual([
      { individual: { type: "Practitioner", display: "Петров Пётр Петрович" } },
    ]);
    expect(visit?.serviceProvider).toEqual({ type: "Organization", display: "Клиника «Здоровье»" });
    expect(encounters[1]?.participant).toBeUndefined();
  });

  it("carries each conclusion as a consult note of its encounter, the text inline", () => {
    const notes = resources<DocumentReference>(bundle, "DocumentReference").filter(
      (document) => document.type?.coding?.[0]?.code === "11488-4",
    );
    expect(notes).toHaveLength(2);
    const chatUrl = bundle.entry?.find(
      (entry) =>
        (entry.resource as Encounter | undefined)?.type?.[0]?.text === "Консультация в чате",
    )?.fullUrl;
    const chatNote = notes[0];
    expect(chatNote?.context?.encounter).toEqual([{ reference: chatUrl }]);
    const data = chatNote?.content[0]?.attachment.data ?? "";
    expect(Buffer.from(data, "base64").toString("utf8")).toBe(view.timeline[0]?.conclusion);
  });

  it("refers to each document by its type, title, date and download path, without the file's bytes", () => {
    const documents = resources<DocumentReference>(bundle, "DocumentReference").filter(
      (document) => document.type?.coding === undefined,
    );
    expect(documents.map((document) => [document.type?.text, document.description])).toEqual([
      ["Результаты анализов", "Общий анализ крови"],
      ["Другое", "Снимок"],
    ]);
    const [analysis, photo] = documents;
    expect(analysis?.status).toBe("current");
    expect(analysis?.author).toEqual([{ type: "Organization", display: "Клиника «Здоровье»" }]);
    expect(analysis?.content[0]?.attachment).toEqual({
      contentType: "application/pdf",
      title: "oak.pdf",
      size: 48_213,
      creation: "2026-10-01",
      url: DOCUMENT_URL("9c3e5f20-3333-4a2b-8c3d-000000000001"),
    });
    expect(photo?.author).toEqual([{ reference: patientUrl }]);
    expect(documents.every((document) => document.content[0]?.attachment.data === undefined)).toBe(
      true,
    );
  });

  it("exports an empty card as the patient alone, still valid", () => {
    const empty = medcardToFhirBundle({ ...view, summary: [], timeline: [], documents: [] }, meta);
    expect(empty.entry?.map((entry) => entry.resource?.resourceType)).toEqual(["Patient"]);
    expect(bundleProblems(empty)).toEqual([]);
  });
});

describe("the FHIR check itself", () => {
  /** The Bundle with the first resource of a type changed by `change`. */
  function broken(type: string, change: (resource: Record<string, unknown>) => void): Bundle {
    const copy: Bundle = structuredClone(bundle);
    const entry = copy.entry?.find((item) => item.resource?.resourceType === type);
    if (!entry?.resource) throw new Error(`no ${type} in the Bundle`);
    change(entry.resource as unknown as Record<string, unknown>);
    return copy;
  }

  it("refuses an encounter without its required class", () => {
    const problems = bundleProblems(
      broken("Encounter", (encounter) => {
        delete encounter.class;
      }),
    );
    expect(problems.join("\n")).toContain("Missing required property");
  });

  it("refuses a birth date written the Russian way", () => {
    const problems = bundleProblems(
      broken("Patient", (patient) => {
        patient.birthDate = "15.03.1990";
      }),
    );
    expect(problems.join("\n")).toContain("Invalid date format");
  });

  it("refuses a medication statement without its status", () => {
    const problems = bundleProblems(
      broken("MedicationStatement", (medication) => {
        delete medication.status;
      }),
    );
    expect(problems.join("\n")).toContain("Missing required property (MedicationStatement.status)");
  });

  it("refuses codes outside their required value sets, which Medplum's validator lets through", () => {
    const status = bundleProblems(
      broken("MedicationStatement", (medication) => {
        medication.status = "taking";
      }),
    );
    expect(status.join("\n")).toContain(
      "MedicationStatement.status: «taking» is not in http://hl7.org/fhir/ValueSet/medication-statement-status",
    );
    const clinical = bundleProblems(
      broken("AllergyIntolerance", (allergy) => {
        allergy.clinicalStatus = {
          coding: [
            {
              system: "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical",
              code: "current",
            },
          ],
        };
      }),
    );
    expect(clinical.join("\n")).toContain("AllergyIntolerance.clinicalStatus: «current»");
    const nameUse = bundleProblems(
      broken("Patient", (patient) => {
        patient.name = [{ use: "passport", text: "Иванова Анна" }];
      }),
    );
    expect(nameUse.join("\n")).toContain("Patient.name.use: «passport»");
  });

  it("refuses a property R4 does not have", () => {
    const problems = bundleProblems(
      broken("Condition", (condition) => {
        condition.conclusion = "нет такого поля";
      }),
    );
    expect(problems.join("\n")).toContain('Invalid additional property "conclusion"');
  });

  it("refuses a subject that points at an encounter, or at nothing in the Bundle", () => {
    const encounterUrl = bundle.entry?.find(
      (entry) => entry.resource?.resourceType === "Encounter",
    )?.fullUrl;
    const wrongType = bundleProblems(
      broken("Condition", (condition) => {
        condition.subject = { reference: encounterUrl };
      }),
    );
    expect(wrongType.join("\n")).toContain("is a Encounter, expected");
    const dangling = bundleProblems(
      broken("AllergyIntolerance", (allergy) => {
        allergy.patient = { reference: "urn:uuid:00000000-0000-4000-8000-000000000000" };
      }),
    );
    expect(dangling.join("\n")).toContain("is not in the Bundle");
  });
});
