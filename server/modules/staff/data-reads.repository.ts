import { type SQL, sql } from "drizzle-orm";
import type { StaffRole } from "../../../common/staff/staff-auth.schema.ts";
import type { Db } from "../../db/client.ts";

/** One staff read of an account's data, as the log and the subject it names tell it. */
export interface DataReadRow {
  id: string;
  /** ISO time in UTC with microseconds: the order of the list and the cursor. */
  at: string;
  staffRole: StaffRole;
  staffName: string;
  action: string;
  contractNumber: string | null;
  orderNumber: number | null;
  personName: string | null;
  reason: string | null;
}

/** The position after which the next page starts: the last row's time and id. */
export interface DataReadsCursor {
  at: string;
  id: string;
}

/**
 * The account's side of the staff audit log («Кто смотрел мои данные»), newest first, `limit`
 * rows after `cursor`.
 *
 * This is a read model, and the one query of the staff module that reads other modules' tables
 * (contracts, chat, contact, booking, shop, medcard, identity's change requests): the log stores only a subject's kind and id
 * (or, for a list or a search, the ids and numbers it showed), and which account a subject
 * belongs to is known only by the tables that hold the subject. Asking each module in turn would
 * cost a query per module and still need the log merged and paged here.
 *
 * How it stays cheap on a large log:
 * - `subjects` is the account's own (kind, id) pairs, a few dozen rows found through each table's
 *   client index; for each pair the newest rows are read backwards from staff_audit_log_subject_idx
 *   (subject_type, subject_id, created_at) and no more than a page of them, so only this account's
 *   rows are read, and a chat read a thousand times costs a page, not a thousand rows.
 * - Lists and searches have no subject: their rows are the index's null prefix, where they lie in
 *   created_at order, so the newest are read first and the scan stops at the page's end.
 *   (Their details have no index; an account with few reads makes that scan long — a GIN index on
 *   details would answer it, see the helper's report.)
 */
export async function listAccountDataReads(
  db: Db,
  clientId: string,
  options: { cursor: DataReadsCursor | null; limit: number },
): Promise<DataReadRow[]> {
  const result = await db.execute(accountDataReadsQuery(clientId, options));
  return (result as unknown as { rows: DataReadRow[] }).rows;
}

/** The query of `listAccountDataReads`, apart so that a test can read its plan. */
export function accountDataReadsQuery(
  clientId: string,
  options: { cursor: DataReadsCursor | null; limit: number },
): SQL {
  const before = options.cursor
    ? sql`and (l.created_at, l.id) < (${options.cursor.at}::timestamptz, ${options.cursor.id}::uuid)`
    : sql``;
  return sql`
    with
    held as (
      select h.contract_id, c.number
      from contract_holders h join contracts c on c.id = h.contract_id
      where h.client_id = ${clientId}
    ),
    subjects (subject_type, subject_id, contract_number, order_number, person_name) as (
      select 'contract', held.contract_id::text, held.number, null::bigint, null::text from held
      union all
      select 'chat', ch.id::text, c.number, null, concat_ws(' ', p.last_name, p.first_name, p.patronymic)
      from chat_conversations ch
        join contracts c on c.id = ch.contract_id
        join covered_persons p on p.id = ch.person_id
      where ch.client_id = ${clientId}
      union all
      select 'chat_file', f.id::text, null, null, null
      from chat_conversations ch
        join chat_messages m on m.conversation_id = ch.id
        join chat_message_files f on f.message_id = m.id
      where ch.client_id = ${clientId}
      union all
      select 'message', m.id::text, c.number, null, null
      from client_messages m join contracts c on c.id = m.contract_id
      where m.client_id = ${clientId}
      union all
      select 'attachment', a.id::text, null, null, null
      from client_messages m join message_attachments a on a.message_id = m.id
      where m.client_id = ${clientId}
      union all
      select 'appointment', a.id::text, null, null, concat_ws(' ', p.last_name, p.first_name, p.patronymic)
      from appointments a join covered_persons p on p.id = a.person_id
      where a.client_id = ${clientId}
      union all
      select 'order', o.id::text, null, o.number, null
      from orders o where o.client_id = ${clientId}
      union all
      select 'replacement_request', r.id::text, c.number, null, null
      from replacement_requests r join contracts c on c.id = r.contract_id
      where r.client_id = ${clientId} or r.contract_id in (select contract_id from held)
      union all
      select 'medcard_card', mc.id::text, null, null,
        case when mc.subject = 'child' then concat_ws(' ', mc.last_name, mc.first_name, mc.patronymic) end
      from medcard_cards mc where mc.owner_client_id = ${clientId}
      union all
      select 'personal_data_request', pr.id::text, null, null, null
      from personal_data_requests pr where pr.client_id = ${clientId}
      union all
      select 'privacy_request', q.id::text, null, null, null
      from privacy_requests q where q.client_id = ${clientId}
    ),
    -- What lists and searches showed of this account: the key of their details and the value.
    listed (action, key, value, contract_number, order_number) as (
      select 'contract.search', 'found', to_jsonb(held.number), held.number, null::bigint from held
      union all
      select 'order.search', 'found', to_jsonb(o.number), null, o.number
      from orders o where o.client_id = ${clientId}
      union all
      select 'replacement.list', 'requests', to_jsonb(r.id::text), c.number, null
      from replacement_requests r join contracts c on c.id = r.contract_id
      where r.client_id = ${clientId} or r.contract_id in (select contract_id from held)
      union all
      select 'callback.list', 'ids', to_jsonb(cb.id::text), null, null
      from callback_requests cb where cb.client_id = ${clientId}
      union all
      select 'message.list', 'ids', to_jsonb(m.id::text), null, null
      from client_messages m where m.client_id = ${clientId}
      union all
      select 'chat.list', 'ids', to_jsonb(ch.id::text), null, null
      from chat_conversations ch where ch.client_id = ${clientId}
      union all
      select 'appointment.list', 'ids', to_jsonb(a.id::text), null, null
      from appointments a where a.client_id = ${clientId}
      union all
      select 'personal-data.list', 'requests', to_jsonb(pr.id::text), null, null
      from personal_data_requests pr where pr.client_id = ${clientId}
      union all
      select 'privacy-request.list', 'requests', to_jsonb(q.id::text), null, null
      from privacy_requests q where q.client_id = ${clientId}
    ),
    reads as (
      (
        select l.id, l.created_at, l.staff_id, l.action, l.details,
          s.contract_number, s.order_number, s.person_name
        from subjects s
          cross join lateral (
            select l.id, l.created_at, l.staff_id, l.action, l.details
            from staff_audit_log l
            where l.subject_type = s.subject_type and l.subject_id = s.subject_id ${before}
            order by l.created_at desc, l.id desc
            limit ${options.limit}
          ) l
        order by l.created_at desc, l.id desc
        limit ${options.limit}
      )
      union all
      (
        select l.id, l.created_at, l.staff_id, l.action, l.details,
          hit.contract_number, hit.order_number, null
        from staff_audit_log l
          cross join lateral (
            select t.contract_number, t.order_number from listed t
            where t.action = l.action and (l.details -> t.key) @> jsonb_build_array(t.value)
            limit 1
          ) hit
        where l.subject_type is null and l.subject_id is null
          and l.action in (select distinct action from listed) ${before}
        order by l.created_at desc, l.id desc
        limit ${options.limit}
      )
    )
    select
      r.id::text as "id",
      to_char(r.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "at",
      sm.role::text as "staffRole",
      sm.full_name as "staffName",
      r.action as "action",
      r.contract_number as "contractNumber",
      r.order_number::float8 as "orderNumber",
      nullif(r.person_name, '') as "personName",
      case when jsonb_typeof(r.details -> 'reason') = 'string' then r.details ->> 'reason' end as "reason"
    from reads r join staff_members sm on sm.id = r.staff_id
    order by r.created_at desc, r.id desc
    limit ${options.limit}`;
}
