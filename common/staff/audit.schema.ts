import { z } from "zod";
import { userText } from "../text.schema.ts";

/** «Журнал доступа»: filters of the admin's view of the staff audit log. */
export const auditLogQuerySchema = z.object({
  staffId: z.uuid("Выберите сотрудника из списка").optional(),
  /** The id of what was seen: a contract, a replacement request. */
  subjectId: userText({ max: 100 }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type AuditLogQuery = z.input<typeof auditLogQuerySchema>;

export const auditLogEntrySchema = z
  .object({
    id: z.uuid(),
    createdAt: z.string(),
    staffId: z.uuid(),
    staffName: z.string(),
    action: z.string(),
    subjectType: z.string().nullable(),
    subjectId: z.string().nullable(),
    /** What was searched or listed, as it was recorded. */
    details: z.record(z.string(), z.unknown()).nullable(),
    ip: z.string().nullable(),
  })
  .meta({ id: "StaffAuditLogEntry" });
export type AuditLogEntry = z.infer<typeof auditLogEntrySchema>;

export const auditLogPageSchema = z
  .object({ entries: z.array(auditLogEntrySchema), hasMore: z.boolean() })
  .meta({ id: "StaffAuditLogPage" });
export type AuditLogPage = z.infer<typeof auditLogPageSchema>;

/**
 * The kinds of subject the console records. The subject filter names them all, so the
 * (subject_type, subject_id) index answers it: a new kind of subject is added here.
 */
export const auditSubjectTypes = [
  "contract",
  "replacement_request",
  "message",
  "attachment",
  "registry_import",
  "chat",
  "chat_file",
  "appointment",
  "clinic",
  "doctor",
  "service",
  "program_network_entry",
  "schedule_exception",
  "order",
  // «Медкарта» (issue 16): every doctor's read or write of a card names the card.
  "medcard_card",
  // «Личные данные клиентов»: a request to change a client's name, birth date or phone.
  "personal_data_request",
] as const;

/** The audit actions this console records; the log view names them. */
export const auditActions = [
  "contract.search",
  "contract.view",
  "contract.unlink",
  "replacement.list",
  "replacement.view",
  // Recorded by the contact-centre queues and the registry import.
  "callback.list",
  "message.list",
  "message.view",
  "attachment.download",
  "registry-import.view",
  // Recorded by the doctors' «Чаты».
  "chat.list",
  "chat.view",
  "chat.context",
  "chat.take",
  "chat.transfer",
  "chat.file.download",
  "chat.slots",
  // Recorded by «Записи».
  "appointment.list",
  "appointment.view",
  "appointment.schedule",
  "appointment.confirm",
  "appointment.letter",
  "appointment.letter.download",
  "appointment.fulfil",
  "appointment.noshow",
  "appointment.cancel",
  // Recorded by «Клиники» and the clinics' price-list and doctors uploads.
  "clinic.create",
  "clinic.update",
  "doctor.create",
  "doctor.update",
  "doctor.template.save",
  "doctor.exception.add",
  "doctor.exception.remove",
  "service.create",
  "service.update",
  "network.create",
  "network.update",
  "network.delete",
  "clinic-import.upload",
  "clinic-import.prices",
  "clinic-import.doctors",
  // Recorded by «Заказы и платежи».
  "order.search",
  "order.view",
  "order.refund",
  "order.export",
  // Recorded by the doctors' «Медкарта пациента» (issue 16).
  "medcard.open",
  "medcard.view",
  "medcard.entry.add",
  "medcard.document.add",
  "medcard.document.download",
  // Recorded by «Личные данные клиентов» (issue 17).
  "personal-data.list",
  "personal-data.view",
  "personal-data.approve",
  "personal-data.reject",
  // Recorded by «Запросы по 152-ФЗ» (issue 17).
  "privacy-request.list",
  "privacy-request.view",
  "privacy-request.take",
  "privacy-request.close",
] as const;
