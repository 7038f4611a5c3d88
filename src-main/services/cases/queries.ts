import { namedPayload } from './event-names.ts';
import type { CaseDetailView, CaseEventView, CaseMaterialView, CaseRowView, Page, PersonalDataView } from '../../domain/api/views.ts';
import { recogniseQuery } from '../../domain/cases/search-query.ts';
import { maskPhone } from '../../domain/identity/phone.ts';
import { maskResidentId } from '../../domain/identity/resident-id.ts';
import { overdueSql, timeLevelOf } from '../../domain/stats/overdue.ts';
import { normalizeName } from '../../domain/crypto/blind-index.ts';
import { maskAddress } from '../../domain/identity/address.ts';
import { listCaseAttachments } from '../attachments/store.ts';
import { openCasePersonal, type CasePersonal } from '../crypto/case-personal.ts';
import { listPrints } from '../prints/print-data.ts';
import type { WorkCalendar } from '../../domain/time/calendar.ts';
import { toDayNumber } from '../../domain/time/iso-date.ts';
import type { Role } from '../../domain/auth/roles.ts';
import type { ReadTx } from '../../store/store.ts';
import { tokenCases } from './token-cases.ts';
import { scopeCondition, type CaseScope } from '../access/case-scope.ts';

interface CaseRow {
  id: string;
  case_number: string | null;
  status: string;
  matter_code: string;
  matter_name: string;
  department_code: string;
  department_name: string | null;
  applicant_type: 'individual' | 'enterprise';
  applicant_credit_code: string | null;
  personal: Buffer;
  ticket_number: string | null;
  channel: string;
  window_number: string | null;
  clerk_name: string;
  accepted_at: string | null;
  due_date: string | null;
  created_at: string;
  is_demo: number;
  is_bundle: number;
  refusal_reason: string | null;
  parent_case_id: string | null;
  bundle_code: string | null;
  assignee_name: string | null;
  flagged: number;
  promised_limit: number | null;
  promised_unit: 'working' | 'calendar' | null;
}

const select = `
  SELECT c.id, c.case_number, c.status, c.matter_code, c.matter_name, c.department_code, d.name AS department_name,
         c.applicant_type, c.applicant_credit_code, c.personal, c.ticket_number, c.channel,
         w.number AS window_number, u.display_name AS clerk_name, c.accepted_at, c.due_date, c.created_at,
         c.is_demo, c.is_bundle, c.refusal_reason,
         c.parent_case_id, c.bundle_code, a.display_name AS assignee_name, c.flagged,
         c.promised_limit, c.promised_unit
    FROM case_record c
    JOIN app_user u ON u.id = c.clerk_id
    LEFT JOIN service_window w ON w.id = c.window_id
    LEFT JOIN app_user a ON a.id = c.assignee_id
    LEFT JOIN department d ON d.code = c.department_code`;

/** Where a case's clock stands, for the colour of its row. */
export interface ListClock {
  calendar: WorkCalendar;
  today: string;
}

/** The columns a case's clock is read from. */
export type ClockColumns = Pick<CaseRow, 'status' | 'due_date' | 'is_bundle' | 'promised_limit' | 'promised_unit'>;

/** The colour of a row's clock: the one definition in domain/stats/overdue.ts, days left from the calendar. */
export function timeOf(row: ClockColumns, clock: ListClock): Pick<CaseRowView, 'timeLevel' | 'daysLeft'> {
  // A 一件事 parent has no clock of its own: its matters' cases do. A 即办件's limit is 0, not absent.
  if (row.is_bundle === 1 || !row.due_date || row.promised_limit === null || !row.promised_unit) return { timeLevel: null, daysLeft: null };
  const clockRow = { status: row.status, dueDate: row.due_date, isBundle: false, limit: row.promised_limit };
  const settled = timeLevelOf(clockRow, clock.today, 0);
  if (settled === 'paused' || settled === 'stopped') return { timeLevel: settled, daysLeft: null };
  // A case from a year whose holiday arrangement is not loaded gets no colour rather than
  // breaking the whole list; importing that year (calendar/import) brings the colour back.
  const years = clock.calendar.coveredYears();
  if (!years.includes(Number(row.due_date.slice(0, 4))) || !years.includes(Number(clock.today.slice(0, 4)))) {
    // Overdue needs no calendar (its date is past): counted as everywhere else, in calendar days.
    if (settled !== 'overdue') return { timeLevel: null, daysLeft: null };
    return { timeLevel: 'overdue', daysLeft: Math.min((toDayNumber(row.due_date) ?? 0) - (toDayNumber(clock.today) ?? 0), -1) };
  }
  const daysLeft =
    row.promised_unit === 'working'
      ? clock.calendar.workingDaysBetween(clock.today, row.due_date)
      : (toDayNumber(row.due_date) ?? 0) - (toDayNumber(clock.today) ?? 0);
  const level = timeLevelOf(clockRow, clock.today, daysLeft);
  // Past its due date over a weekend is still past it: at least one day overdue.
  return { timeLevel: level, daysLeft: level === 'overdue' ? Math.min(daysLeft, -1) : daysLeft };
}

function toRowView(row: CaseRow, personal: CasePersonal, clock: ListClock): CaseRowView {
  return {
    id: row.id,
    isBundle: row.is_bundle === 1,
    caseNumber: row.case_number,
    status: row.status,
    matterCode: row.matter_code,
    matterName: row.matter_name,
    departmentCode: row.department_code,
    departmentName: row.department_name ?? row.department_code,
    applicantType: row.applicant_type,
    applicantName: personal.name,
    // Lists always mask: a full ID number is a deliberate, audited view (PIPL, cases/revealPersonalData).
    applicantIdNumber: personal.idNumber ? maskResidentId(personal.idNumber) : null,
    channel: row.channel,
    windowNumber: row.window_number,
    clerkName: row.clerk_name,
    acceptedAt: row.accepted_at,
    dueDate: row.due_date,
    createdAt: row.created_at,
    isDemo: row.is_demo === 1,
    assigneeName: row.assignee_name,
    flagged: row.flagged === 1,
    ...timeOf(row, clock),
  };
}

export interface CaseListFilter {
  query?: string | undefined;
  caseNumber?: string | undefined;
  applicantName?: string | undefined;
  idNumber?: string | undefined;
  creditCode?: string | undefined;
  phone?: string | undefined;
  matterCode?: string | undefined;
  departmentCode?: string | undefined;
  status?: string | undefined;
  reviewQueue?: string | undefined;
  windowId?: string | undefined;
  /** Only the cases overdue today. */
  overdue?: boolean | undefined;
  dateFrom?: string | undefined;
  dateTo?: string | undefined;
  sort: 'createdAt' | 'dueDate' | 'acceptedAt' | 'caseNumber';
  order: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

/** Counting stops here: "10000+" is all a paginated list needs, and a full count of 1M rows is not free. */
export const countCap = 10_000;

const sortColumns: Record<CaseListFilter['sort'], string> = {
  createdAt: 'c.created_at',
  dueDate: 'c.due_date',
  acceptedAt: 'c.accepted_at',
  caseNumber: 'c.case_number',
};

/**
 * One search box for everything a clerk types or scans, recognised by the domain's rule (the
 * screen uses the same one to say what it searched by): a case number, an ID number, a credit
 * code and a phone number are matched exactly; anything else is an applicant-name prefix. A
 * case number whose check character fails matches nothing (the screen says why before asking).
 */
function interpretQuery(query: string, today: string): Partial<CaseListFilter> {
  const recognised = recogniseQuery(query, today);
  switch (recognised.kind) {
    case 'caseNumber':
    case 'badCaseNumber':
      return { caseNumber: recognised.value };
    case 'idNumber':
      return { idNumber: recognised.value };
    case 'creditCode':
      return { creditCode: recognised.value };
    case 'phone':
      return { phone: recognised.value };
    case 'name':
      return { applicantName: recognised.value };
    case 'empty':
      return {};
  }
}

/** 00:00 in China on `date`, as the UTC instant created_at is stored in. */
function chinaMidnightUtc(date: string, plusDays = 0): string {
  const base = Date.parse(`${date}T00:00:00+08:00`) + plusDays * 86_400_000;
  return new Date(base).toISOString();
}

/**
 * Where the rows come from. A lookup by ID number, phone or name prefix is driven by its
 * blind-index token (search_token, clustered by token then created_at, so the newest page is read
 * straight off the key); further token filters are checked row by row against the same key.
 */
interface Source {
  from: string;
  where: string[];
  params: Array<string | Buffer>;
  /** The columns created_at and the case id are read from: the token's own copies when a token drives the search, so its key gives the order. */
  created: string;
  caseId: string;
  /** Set for a name longer than the indexed prefixes: rows are filtered after decrypting. */
  namePrefix: string | null;
}

function tokenSource(tx: ReadTx, filter: CaseListFilter): Source {
  const tokens: Array<{ kind: string; token: Buffer }> = [];
  const idNumber = filter.idNumber?.replace(/\s+/g, '');
  if (idNumber) tokens.push({ kind: 'id', token: tx.cipher.token('id', idNumber) });
  if (filter.phone) tokens.push({ kind: 'phone', token: tx.cipher.token('phone', filter.phone) });
  let namePrefix: string | null = null;
  if (filter.applicantName) {
    const query = tx.cipher.nameQuery(filter.applicantName);
    tokens.push({ kind: 'name', token: query.token });
    if (query.needsFilter) namePrefix = query.prefix;
  }
  const [driver, ...others] = tokens;
  if (!driver) return { from: 'case_record c', where: [], params: [], created: 'c.created_at', caseId: 'c.id', namePrefix };
  const where = ['t.kind = ?', 't.token = ?'];
  const params: Array<string | Buffer> = [driver.kind, driver.token];
  for (const other of others) {
    // Checked against the driving token's own key: every token of a case (or bundle) sits on the same root case.
    where.push('EXISTS (SELECT 1 FROM search_token o WHERE o.kind = ? AND o.token = ? AND o.created_at = t.created_at AND o.case_id = t.case_id)');
    params.push(other.kind, other.token);
  }
  return { from: `search_token t JOIN ${tokenCases}`, where, params, created: 't.created_at', caseId: 't.case_id', namePrefix };
}

/** One page of the cases `scope` admits (services/access/case-scope.ts), filtered and sorted. */
export function listCases(tx: ReadTx, input: CaseListFilter, clock: ListClock, scope: CaseScope): Page<CaseRowView> {
  const filter = input.query ? { ...input, ...interpretQuery(input.query, clock.today) } : input;
  const source = tokenSource(tx, filter);
  const where = [...source.where];
  const params = [...source.params];
  const scoped = scopeCondition(tx, scope);
  if (scoped.sql !== null) {
    where.push(scoped.sql);
    params.push(...scoped.params);
  }
  const equals = (column: string, value: string | undefined) => {
    if (!value) return;
    where.push(`${column} = ?`);
    params.push(value);
  };
  equals('c.case_number', filter.caseNumber?.toUpperCase());
  equals('c.applicant_credit_code', filter.creditCode?.toUpperCase());
  equals('c.matter_code', filter.matterCode);
  equals('c.department_code', filter.departmentCode);
  equals('c.status', filter.status);
  // A 一件事 parent's status is derived from its matters' cases, which are the ones a status
  // list counts; the parent shows in unfiltered lists and searches only.
  if (filter.status) where.push('c.is_bundle = 0');
  equals('c.review_queue', filter.reviewQueue);
  equals('c.window_id', filter.windowId);
  // 超期 as every figure counts it (domain/stats/overdue.ts).
  if (filter.overdue) {
    where.push(overdueSql('c', '?'));
    params.push(clock.today);
  }
  if (filter.dateFrom) {
    where.push(`${source.created} >= ?`);
    params.push(chinaMidnightUtc(filter.dateFrom));
  }
  if (filter.dateTo) {
    where.push(`${source.created} < ?`);
    params.push(chinaMidnightUtc(filter.dateTo, 1));
  }
  // Only cases with a due date have a place in a due-date ordering.
  if (filter.sort === 'dueDate') where.push('c.due_date IS NOT NULL');
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const direction = filter.order === 'asc' ? 'ASC' : 'DESC';
  const order =
    filter.sort === 'createdAt'
      ? `${source.created} ${direction}, ${source.caseId} ${direction}`
      : `${sortColumns[filter.sort]} ${direction}, c.id ${direction}`;
  const sql = `${select.replace('FROM case_record c', `FROM ${source.from}`)} ${clause} ORDER BY ${order}`;
  const offset = (filter.page - 1) * filter.pageSize;
  const page = (rows: CaseRow[], counted: number): Page<CaseRowView> => ({
    // Only the rows of the page are decrypted.
    rows: rows.map((row) => toRowView(row, openCasePersonal(tx, row.personal), clock)),
    total: Math.min(counted, countCap),
    totalIsLowerBound: counted > countCap,
    page: filter.page,
    pageSize: filter.pageSize,
  });
  if (source.namePrefix !== null) {
    const prefix = source.namePrefix;
    const matching = tx.all<CaseRow>(sql, ...params).filter((row) => normalizeName(openCasePersonal(tx, row.personal).name).startsWith(prefix));
    return page(matching.slice(offset, offset + filter.pageSize), matching.length);
  }
  // A count over tokens alone (a plain name search) need not visit the cases: each token says how
  // many cases it stands for (a 一件事 parent and its children).
  const tokensOnly = source.created === 't.created_at' && !where.some((condition) => /\bc\./.test(condition));
  const countSql = tokensOnly
    ? `SELECT coalesce(sum(n), 0) AS n FROM (SELECT t.cases AS n FROM search_token t ${clause} LIMIT ${countCap + 1})`
    : `SELECT count(*) AS n FROM (SELECT 1 FROM ${source.from} ${clause} LIMIT ${countCap + 1})`;
  const counted = tx.get<{ n: number }>(countSql, ...params)?.n ?? 0;
  return page(tx.all<CaseRow>(`${sql} LIMIT ? OFFSET ?`, ...params, filter.pageSize, offset), counted);
}

/** The full personal data of one case, for the audited reveal (the handler writes the audit row). */
export function revealPersonalData(tx: ReadTx, caseId: string): { caseNumber: string | null; view: PersonalDataView } | undefined {
  const row = tx.get<{ case_number: string | null; personal: Buffer }>('SELECT case_number, personal FROM case_record WHERE id = ?', caseId);
  if (!row) return undefined;
  return { caseNumber: row.case_number, view: { caseId, ...openCasePersonal(tx, row.personal) } };
}

export function caseIdByNumber(tx: ReadTx, caseNumber: string): string | undefined {
  return tx.get<{ id: string }>('SELECT id FROM case_record WHERE case_number = ?', caseNumber.replace(/\s+/g, '').toUpperCase())?.id;
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

/** One case in full (masked); of a 一件事 parent's children only those `scope` admits are listed. */
export function getCase(tx: ReadTx, id: string, clock: ListClock, lifecycle: CaseDetailView['lifecycle'], scope: CaseScope): CaseDetailView | undefined {
  const row = tx.get<CaseRow>(`${select} WHERE c.id = ?`, id);
  if (!row) return undefined;
  const personal = openCasePersonal(tx, row.personal);
  const events = tx.all<EventRow>(
    `SELECT e.id, e.seq, e.type, e.at, u.display_name AS actor_name, e.actor_role, e.device_id, e.note, e.payload
       FROM case_event e LEFT JOIN app_user u ON u.id = e.actor_id
      WHERE e.case_id = ? ORDER BY e.seq`,
    id,
  );
  const childScope = scopeCondition(tx, scope);
  const children = tx.all<{ id: string; case_number: string | null; matter_name: string; department_code: string; department_name: string | null; status: string }>(
    `SELECT c.id, c.case_number, c.matter_name, c.department_code, d.name AS department_name, c.status
       FROM case_record c LEFT JOIN department d ON d.code = c.department_code
      WHERE c.parent_case_id = ? ${childScope.sql === null ? '' : `AND ${childScope.sql}`} ORDER BY c.case_number`,
    id,
    ...childScope.params,
  );
  const materials = tx.all<{
    material_key: string;
    name: string;
    form: CaseMaterialView['form'];
    copies: number;
    required: number;
    can_defer: number;
    status: CaseMaterialView['status'];
    matter_codes: string;
  }>('SELECT * FROM case_material WHERE case_id = ? ORDER BY line', id);
  return {
    ...toRowView(row, personal, clock),
    lifecycle,
    // Masked like the list; the full values come only from cases/revealPersonalData (audited).
    applicantPhone: personal.phone ? maskPhone(personal.phone) : null,
    applicantCreditCode: row.applicant_credit_code,
    applicantAddress: personal.address ? maskAddress(personal.address) : null,
    legalRepresentative: personal.legalRepresentative,
    agentName: personal.agentName,
    ticketNumber: row.ticket_number,
    refusalReason: row.refusal_reason,
    parentCaseId: row.parent_case_id,
    bundleCode: row.bundle_code,
    children: children.map((c) => ({
      id: c.id,
      caseNumber: c.case_number,
      matterName: c.matter_name,
      departmentCode: c.department_code,
      departmentName: c.department_name ?? c.department_code,
      status: c.status,
    })),
    materials: materials.map((m) => ({
      key: m.material_key,
      name: m.name,
      form: m.form,
      copies: m.copies,
      required: m.required === 1,
      deferrable: m.can_defer === 1,
      status: m.status,
      matterCodes: JSON.parse(m.matter_codes) as string[],
    })),
    attachments: listCaseAttachments(tx, id),
    prints: listPrints(tx, id),
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
        payload: namedPayload(tx, e.type, JSON.parse(e.payload) as unknown),
      }),
    ),
  };
}
