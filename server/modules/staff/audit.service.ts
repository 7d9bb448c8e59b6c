/** «Журнал»: the staff audit log, newest first, for one staff member and/or one subject. */
export { listStaffAccess } from "./audit.repository.ts";
