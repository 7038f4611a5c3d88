import type { CaseDetailView, CaseEventView, CaseRowView, Page } from '../../domain/api/views.ts';
import type { Role } from '../../domain/auth/roles.ts';
import { maskResidentId } from '../../domain/identity/resident-id.ts';
import type { ReadTx } from '../../store/store.ts';

interface CaseRow {
  id: string;
  case_number: string | null;
  status: string;
  matter_code: string;
  matter_name: string;
  department_code: string;
  applicant_type: 'individual' | 'enterprise';
  applicant_name: string;
  applicant_id_number: string | null;
  applicant_credit_code: string | null;
  applicant_phone: string | null;
  ticket_number: string | null;
  channel: string;
  window_number: string | null;
  clerk_name: string;
  accepted_at: string | null;
  due_date: string | null;
  created_at: string;
  is_demo: number;
}

const select = `
  SELECT c.id, c.case_number, c.status, c.matter_code, c.matter_name, c.department_code,
         c.applicant_type, c.applicant_name, c.applicant_id_number, c.applicant_credit_code,
         c.applicant_phone, c.ticket_number, c.channel, w.number AS window_number,
         u.display_name AS clerk_name, c.accepted_at, c.due_date, c.created_at, c.is_demo
    FROM case_record c
    JOIN app_user u ON u.id = c.clerk_id
    LEFT JOIN service_window w ON w.id = c.window_id`;

function toRowView(row: CaseRow): CaseRowView {
  return {
    id: row.id,
    caseNumber: row.case_number,
    status: row.status,
    matterCode: row.matter_code,
    matterName: row.matter_name,
    departmentCode: row.department_code,
    applicantType: row.applicant_type,
    applicantName: row.applicant_name,
    // Lists always mask: a full ID number is a deliberate, audited view (PIPL).
    applicantIdNumber: row.applicant_id_number ? maskResidentId(row.applicant_id_number) : null,
    channel: row.channel,
    windowNumber: row.window_number,
    clerkName: row.clerk_name,
    acceptedAt: row.accepted_at,
    dueDate: row.due_date,
    createdAt: row.created_at,
    isDemo: row.is_demo === 1,
  };
}

export interface CaseListFilter {
  status?: string | undefined;
  applicantName?: string | undefined;
  page: number;
  pageSize: number;
}

export function listCases(tx: ReadTx, filter: CaseListFilter): Page<CaseRowView> {
  const where: string[] = [];
  const params: string[] = [];
  if (filter.status) {
    where.push('c.status = ?');
    params.push(filter.status);
  }
  if (filter.applicantName) {
    // Prefix match through the index: LIKE would not use it for non-ASCII text.
    where.push('c.applicant_name >= ? AND c.applicant_name < ?');
    params.push(filter.applicantName, `${filter.applicantName}\u{10FFFF}`);
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = tx.get<{ n: number }>(`SELECT count(*) AS n FROM case_record c ${clause}`, ...params)?.n ?? 0;
  const rows = tx.all<CaseRow>(
    `${select} ${clause} ORDER BY c.created_at DESC, c.id LIMIT ? OFFSET ?`,
    ...params,
    filter.pageSize,
    (filter.page - 1) * filter.pageSize,
  );
  return { rows: rows.map(toRowView), total, page: filter.page, pageSize: filter.pageSize };
}

interface EventRow {
  id: string;
  seq: number;
  type: string;
  at: string;
  actor_name: string | null;
  actor_role: Role | null;
  device_id: string;
  note: string | null;
  payload: string;
}

export function getCase(tx: ReadTx, id: string): CaseDetailView | undefined {
  const row = tx.get<CaseRow>(`${select} WHERE c.id = ?`, id);
  if (!row) return undefined;
  const events = tx.all<EventRow>(
    `SELECT e.id, e.seq, e.type, e.at, u.display_name AS actor_name, e.actor_role, e.device_id, e.note, e.payload
       FROM case_event e LEFT JOIN app_user u ON u.id = e.actor_id
      WHERE e.case_id = ? ORDER BY e.seq`,
    id,
  );
  return {
    ...toRowView(row),
    applicantPhone: row.applicant_phone,
    applicantCreditCode: row.applicant_credit_code,
    ticketNumber: row.ticket_number,
    events: events.map(
      (e): CaseEventView => ({
        id: e.id,
        seq: e.seq,
        type: e.type,
        at: e.at,
        actorName: e.actor_name,
        actorRole: e.actor_role,
        deviceId: e.device_id,
        note: e.note,
        payload: JSON.parse(e.payload) as unknown,
      }),
    ),
  };
}
