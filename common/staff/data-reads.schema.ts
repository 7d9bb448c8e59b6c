import { z } from "zod";
import { staffRoleSchema } from "./staff-auth.schema.ts";

// «Кто смотрел мои данные» (issue 16): the staff reads of an account's personal and medical data,
// as the client sees them. The client gets what was looked at and by whom, never the staff
// member's IP, the other clients a list showed, or what a search was typed with.

export const DATA_READS_PAGE = 50;

/** `<ISO time with microseconds>_<row id>`: the last item of the page before. */
const cursorPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z_[0-9a-f-]{36}$/;

export const dataReadsQuerySchema = z.object({
  cursor: z.string().regex(cursorPattern, "Неверная ссылка на продолжение списка").optional(),
});
export type DataReadsQuery = z.infer<typeof dataReadsQuerySchema>;

export const dataReadSchema = z
  .object({
    id: z.uuid(),
    at: z.iso.datetime({ offset: true }),
    staff: z.object({ role: staffRoleSchema, fullName: z.string() }),
    /** The audit action («medcard.open», «contract.view», …); the page words it. */
    action: z.string(),
    /** What it was about, where the log tells: the contract's or the order's number, the person. */
    contractNumber: z.string().nullable(),
    orderNumber: z.number().int().nullable(),
    personName: z.string().nullable(),
    /** The reason the staff member gave (a closed chat, a medical card). */
    reason: z.string().nullable(),
  })
  .meta({ id: "DataRead" });
export type DataRead = z.infer<typeof dataReadSchema>;

export const dataReadsPageSchema = z
  .object({
    items: z.array(dataReadSchema),
    /** Pass as `cursor` for the next (older) page; null on the last page. */
    nextCursor: z.string().nullable(),
  })
  .meta({ id: "DataReadsPage" });
export type DataReadsPage = z.infer<typeof dataReadsPageSchema>;
