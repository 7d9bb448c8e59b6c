import { createHash } from "node:crypto";
import type {
  AllergyIntolerance,
  Annotation,
  Bundle,
  BundleEntry,
  CodeableConcept,
  Condition,
  DocumentReference,
  Encounter,
  MedicationStatement,
  Observation,
  Organization,
  Patient,
  Practitioner,
  Reference,
  Resource,
} from "@medplum/fhirtypes";
import type {
  MedcardAuthor,
  MedcardDocument,
  MedcardEntry,
  MedcardTimelineItem,
  MedcardView,
} from "../../../common/medcard/medcard.schema.ts";
import { MEDCARD_DOCUMENT_TYPE_LABEL } from "./medcard-labels.ts";

// «Скачать в формате FHIR» (decision 0025): the card the client sees (MedcardView), as a FHIR R4
// Bundle of type "collection". Every resource is an entry with a urn:uuid fullUrl and no id; the
// resources refer to one another by those urn:uuids. Free text stays text (code.text): the card
// holds no coded terms, and inventing codes would be worse than none.

const CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical";
const CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category";
const ALLERGY_CLINICAL = "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical";
const OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
const ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
const LOINC = "http://loinc.org";

/** Our own namespace for name-based (v5) UUIDs of the export's resources. */
const NAMESPACE = "3b1f4c2e-7a5d-5e8f-9c1b-2d4e6f8a0b1c";

export interface FhirExportMeta {
  /** When the export is made: Bundle.timestamp. */
  madeAt: Date;
  /** Where a document's file is downloaded (a path of our API); no file bytes go into the Bundle. */
  documentUrl?: (document: MedcardDocument) => string;
}

/** A UUID v5 (RFC 9562) of a name within our namespace: the same card exports the same fullUrls. */
export function nameUuid(name: string): string {
  const namespace = Buffer.from(NAMESPACE.replace(/-/g, ""), "hex");
  const hash = createHash("sha1").update(namespace).update(name, "utf8").digest();
  hash.writeUInt8((hash.readUInt8(6) & 0x0f) | 0x50, 6);
  hash.writeUInt8((hash.readUInt8(8) & 0x3f) | 0x80, 8);
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const urn = (uuid: string) => `urn:uuid:${uuid}`;
const text = (value: string): CodeableConcept => ({ text: value });
const coded = (system: string, code: string, display?: string): CodeableConcept => ({
  coding: [{ system, code, ...(display ? { display } : {}) }],
});

/**
 * Who said it, as a reference: the patient by its entry, a doctor by name (a Practitioner we do
 * not export), a clinic by name (an Organization) — the last only where the element admits one.
 */
function personAuthor(
  author: MedcardAuthor,
  patient: Reference<Patient>,
): Reference<Patient | Practitioner> | undefined {
  if (author.source === "patient") return patient;
  if (author.source === "doctor" && author.name) {
    return { type: "Practitioner", display: author.name };
  }
  return undefined;
}

function anyAuthor(
  author: MedcardAuthor,
  patient: Reference<Patient>,
): Reference<Patient | Practitioner | Organization> | undefined {
  if (author.source === "clinic" && author.name) {
    return { type: "Organization", display: author.name };
  }
  return personAuthor(author, patient);
}

/**
 * The entry's remark as a note; a clinic's entry, where the element takes no Organization, names
 * the clinic there too. Nothing when there is nothing to say (FHIR allows no empty arrays).
 */
function entryNotes(entry: MedcardEntry): { note?: Annotation[] } {
  const note: Annotation[] = entry.note ? [{ text: entry.note }] : [];
  if (entry.author.source === "clinic" && entry.author.name) {
    note.push({ text: `Источник: ${entry.author.name}` });
  }
  return note.length > 0 ? { note } : {};
}

function patientResource(view: MedcardView): Patient {
  const [family, ...given] = view.card.fullName.split(/\s+/).filter(Boolean);
  return {
    resourceType: "Patient",
    identifier: [{ system: "urn:ietf:rfc:3986", value: urn(view.card.id) }],
    name: [
      {
        use: "official",
        text: view.card.fullName,
        ...(family ? { family } : {}),
        ...(given.length > 0 ? { given } : {}),
      },
    ],
    birthDate: view.card.birthDate,
  };
}

function allergyResource(entry: MedcardEntry, patient: Reference<Patient>): AllergyIntolerance {
  const author = personAuthor(entry.author, patient);
  return {
    resourceType: "AllergyIntolerance",
    clinicalStatus: coded(ALLERGY_CLINICAL, "active", "Active"),
    code: text(entry.text),
    patient,
    recordedDate: entry.createdAt,
    ...(author ? { recorder: author, asserter: author } : {}),
    ...entryNotes(entry),
  };
}

function conditionResource(entry: MedcardEntry, patient: Reference<Patient>): Condition {
  const author = personAuthor(entry.author, patient);
  return {
    resourceType: "Condition",
    clinicalStatus: coded(CONDITION_CLINICAL, "active", "Active"),
    category: [coded(CONDITION_CATEGORY, "problem-list-item", "Problem List Item")],
    code: text(entry.text),
    subject: patient,
    recordedDate: entry.createdAt,
    ...(author ? { recorder: author, asserter: author } : {}),
    ...entryNotes(entry),
  };
}

function medicationResource(entry: MedcardEntry, patient: Reference<Patient>): MedicationStatement {
  const author = anyAuthor(entry.author, patient);
  return {
    resourceType: "MedicationStatement",
    status: "active",
    medicationCodeableConcept: text(entry.text),
    subject: patient,
    dateAsserted: entry.createdAt,
    ...(author ? { informationSource: author } : {}),
    ...(entry.note ? { dosage: [{ text: entry.note }] } : {}),
  };
}

/** «A(II) Rh+»: one answer for ABO and Rh together, so LOINC 882-1 (not 883-9 and 10331-7 apart). */
function bloodGroupResource(entry: MedcardEntry, patient: Reference<Patient>): Observation {
  const author = anyAuthor(entry.author, patient);
  return {
    resourceType: "Observation",
    status: "final",
    category: [coded(OBSERVATION_CATEGORY, "laboratory", "Laboratory")],
    code: {
      coding: [{ system: LOINC, code: "882-1", display: "ABO and Rh group [Type] in Blood" }],
      text: "Группа крови",
    },
    subject: patient,
    issued: entry.createdAt,
    ...(author ? { performer: [author] } : {}),
    valueCodeableConcept: text(entry.text),
    ...entryNotes(entry),
  };
}

function encounterResource(item: MedcardTimelineItem, patient: Reference<Patient>): Encounter {
  const virtual = item.kind !== "appointment";
  return {
    resourceType: "Encounter",
    status: "finished",
    class: virtual
      ? { system: ACT_CODE, code: "VR", display: "virtual" }
      : { system: ACT_CODE, code: "AMB", display: "ambulatory" },
    type: [text(item.title)],
    subject: patient,
    period: { start: item.at },
    ...(item.doctorName
      ? { participant: [{ individual: { type: "Practitioner", display: item.doctorName } }] }
      : {}),
    ...(item.clinicName
      ? { serviceProvider: { type: "Organization", display: item.clinicName } }
      : {}),
  };
}

/**
 * A consultation's conclusion: R4's Encounter has no place for it (reasonCode is why the patient
 * came), so it travels as a consult note (LOINC 11488-4) of that encounter, its text inline.
 */
function conclusionResource(
  item: MedcardTimelineItem & { conclusion: string },
  patient: Reference<Patient>,
  encounter: Reference<Encounter>,
): DocumentReference {
  return {
    resourceType: "DocumentReference",
    status: "current",
    type: {
      coding: [{ system: LOINC, code: "11488-4", display: "Consult note" }],
      text: "Заключение врача",
    },
    subject: patient,
    date: item.at,
    ...(item.doctorName ? { author: [{ type: "Practitioner", display: item.doctorName }] } : {}),
    description: item.title,
    content: [
      {
        attachment: {
          contentType: "text/plain; charset=utf-8",
          data: Buffer.from(item.conclusion, "utf8").toString("base64"),
          title: item.title,
        },
      },
    ],
    context: { encounter: [encounter], period: { start: item.at } },
  };
}

function documentResource(
  document: MedcardDocument,
  patient: Reference<Patient>,
  meta: FhirExportMeta,
): DocumentReference {
  const author = anyAuthor(document.author, patient);
  const url = meta.documentUrl?.(document);
  return {
    resourceType: "DocumentReference",
    status: "current",
    type: text(MEDCARD_DOCUMENT_TYPE_LABEL[document.type]),
    subject: patient,
    date: document.createdAt,
    ...(author ? { author: [author] } : {}),
    description: document.title,
    content: [
      {
        attachment: {
          contentType: document.mediaType,
          title: document.fileName,
          size: document.sizeBytes,
          creation: document.documentDate,
          ...(url ? { url } : {}),
        },
      },
    ],
    context: { period: { start: document.documentDate } },
  };
}

const ENTRY_RESOURCE = {
  allergy: allergyResource,
  condition: conditionResource,
  medication: medicationResource,
  blood_group: bloodGroupResource,
} as const;

/** The card as a FHIR R4 Bundle (type "collection"): the Patient first, then what the card lists. */
export function medcardToFhirBundle(view: MedcardView, meta: FhirExportMeta): Bundle {
  const entries: BundleEntry[] = [];
  const add = <T extends Resource>(name: string, resource: T): Reference<T> => {
    const fullUrl = urn(nameUuid(name));
    entries.push({ fullUrl, resource });
    return { reference: fullUrl };
  };

  const patientUrl = urn(view.card.id);
  entries.push({ fullUrl: patientUrl, resource: patientResource(view) });
  const patient: Reference<Patient> = { reference: patientUrl };

  for (const entry of view.summary) {
    add(`entry:${entry.id}`, ENTRY_RESOURCE[entry.kind](entry, patient));
  }
  for (const item of view.timeline) {
    const encounter = add(`timeline:${item.id}`, encounterResource(item, patient));
    if (item.conclusion) {
      add(
        `conclusion:${item.id}`,
        conclusionResource({ ...item, conclusion: item.conclusion }, patient, encounter),
      );
    }
  }
  for (const document of view.documents) {
    add(`document:${document.id}`, documentResource(document, patient, meta));
  }

  return {
    resourceType: "Bundle",
    type: "collection",
    timestamp: meta.madeAt.toISOString(),
    entry: entries,
  };
}
