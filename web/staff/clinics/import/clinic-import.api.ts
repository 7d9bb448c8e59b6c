import {
  type ClinicImport,
  type ClinicImportKind,
  clinicImportClinicsSchema,
  clinicImportResponseSchema,
  clinicImportSchema,
} from "../../../../common/booking/clinic-import.schema.ts";
import { problemSchema } from "../../../../common/problem.schema.ts";
import { ApiError, api, NetworkError } from "../../../ui/api.ts";
import { staffQuery } from "../../staff-query.ts";

export { CLINIC_IMPORT_MAX_BYTES } from "../../../../common/booking/clinic-import.schema.ts";

export const templateUrl = (kind: ClinicImportKind) =>
  `/api/staff/clinic-imports/template?kind=${kind}`;

/** The clinics to upload for and the specialties a file may name (also the tokens screen's). */
export const clinicImportChoicesQuery = () =>
  staffQuery(
    ["staff", "clinic-imports", "clinics"],
    "/api/staff/clinic-imports/clinics",
    clinicImportClinicsSchema,
  );

/** Sends the file as multipart/form-data (the JSON helper cannot); errors as ApiError. */
export async function uploadClinicFile(input: {
  clinicId: string;
  kind: ClinicImportKind;
  file: File;
}): Promise<ClinicImport> {
  const form = new FormData();
  form.append("file", input.file, input.file.name);
  const query = new URLSearchParams({ clinicId: input.clinicId, kind: input.kind });
  let response: Response;
  try {
    response = await fetch(`/api/staff/clinic-imports?${query}`, {
      method: "POST",
      body: form,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
  } catch (error) {
    throw new NetworkError({ cause: error });
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const problem = problemSchema.safeParse(body);
    throw new ApiError(response.status, problem.success ? problem.data : null);
  }
  return clinicImportSchema.parse(body);
}

export async function applyClinicFile(id: string): Promise<ClinicImport> {
  const answer = await api.post(
    `/api/staff/clinic-imports/${encodeURIComponent(id)}/apply`,
    undefined,
    { schema: clinicImportResponseSchema },
  );
  return answer.import;
}

export async function discardClinicFile(id: string): Promise<ClinicImport> {
  const answer = await api.post(
    `/api/staff/clinic-imports/${encodeURIComponent(id)}/discard`,
    undefined,
    { schema: clinicImportResponseSchema },
  );
  return answer.import;
}
