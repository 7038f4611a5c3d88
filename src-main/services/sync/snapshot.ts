/**
 * A case's header (the facts fixed at intake: domain/sync/case-header.ts) out of this store for
 * the gateway, and into this store for a case taken elsewhere. Everything that changes later
 * (status, assignee, due date, decision) is folded from the events, so a header never goes stale.
 * Personal fields cross in the clear inside TLS and are sealed here under this PC's own key.
 */
import type { CaseHeader } from '../../domain/sync/case-header.ts';
import type { Role } from '../../domain/auth/roles.ts';
import { AppError } from '../../domain/errors.ts';
import { dateInChina } from '../../domain/time/iso-date.ts';
import type { ReadTx, WriteTx } from '../../store/store.ts';
import { caseTokens, openCasePersonal, sealCasePersonal, writeCaseTokens } from '../crypto/case-personal.ts';
import { openFileName, openSha256, sealFileName, sealSha256, type AttachmentRow } from '../attachments/store.ts';
import { timeOrderedId } from '../../store/ids.ts';

interface CaseRow {
  id: string;
  case_number: string;
  window_number: string | null;
  clerk_id: string;
  clerk_name: string | null;
  matter_code: string;
  matter_name: string;
  matter_version: number;
  department_code: string;
  matter_region: string | null;
  centre_region: string;
  matter_kind: CaseHeader['matter']['kind'];
  promised_limit: number | null;
  promised_unit: string | null;
  statutory_limit: number | null;
  statutory_unit: string | null;
  channel: CaseHeader['channel'];
  ticket_number: string | null;
  ticket_taken_at: string | null;
  ticket_called_at: string | null;
  applicant_type: 'individual' | 'enterprise';
  applicant_id_type: string | null;
  applicant_credit_code: string | null;
  personal: Buffer | null;
  query_password: string | null;
  parent_case_id: string | null;
  bundle_code: string | null;
  is_bundle: number;
  created_at: string;
}

type Checklist = CaseHeader['materials'];

type Limit = NonNullable<CaseHeader['limits']['promised']>;
const limitOf = (value: number | null, unit: string | null): Limit | null => (value === null || unit === null ? null : ({ value, unit } as Limit));

/**
 * The headers of the cases a push batch opens, read with one statement per table for all of
 * them: read one case at a time, the statements' per-call cost and their rows' objects were most
 * of the outbox read (docs/sync-performance.md, "Reading the outbox").
 */
export function caseHeaders(tx: ReadTx, caseIds: readonly string[]): Map<string, CaseHeader> {
  const headers = new Map<string, CaseHeader>();
  if (caseIds.length === 0) return headers;
  const ids = JSON.stringify(caseIds);
  const rows = new Map(
    tx.all<CaseRow>(
      `SELECT c.*, w.number AS window_number, u.display_name AS clerk_name, m.region_code AS matter_region, ce.region_code AS centre_region
         FROM json_each(?) j JOIN case_record c ON c.id = j.value JOIN centre ce ON ce.id = c.centre_id
         LEFT JOIN app_user u ON u.id = c.clerk_id
         LEFT JOIN service_window w ON w.id = c.window_id
         LEFT JOIN matter_version m ON m.code = c.matter_code AND m.version = c.matter_version`,
      ids,
    ).map((r) => [r.id, r]),
  );
  // Each case's checklist comes as the header's JSON, put together by SQLite: as rows, a case's
  // eight or nine lines were as many row objects, each mapped again and its codes parsed.
  const checklists = new Map(
    tx.all<{ case_id: string; materials: string }>(
      `SELECT m.case_id, json_group_array(json_object('line', m.line, 'key', m.material_key, 'name', m.name, 'form', m.form, 'copies', m.copies,
                'required', json(iif(m.required = 1, 'true', 'false')), 'canDefer', json(iif(m.can_defer = 1, 'true', 'false')), 'status', m.status,
                'matterCodes', json(m.matter_codes)) ORDER BY m.line) AS materials
         FROM json_each(?) j JOIN case_material m ON m.case_id = j.value GROUP BY m.case_id`,
      ids,
    ).map((r) => [r.case_id, r.materials]),
  );
  const scans = groupByCase(
    tx.all<AttachmentRow & { case_id: string }>('SELECT a.* FROM json_each(?) j JOIN attachment a ON a.case_id = j.value WHERE a.content_sha256 IS NOT NULL ORDER BY a.case_id, a.added_at, a.id', ids),
  );
  for (const caseId of caseIds) {
    const row = rows.get(caseId);
    if (!row) throw new AppError('NOT_FOUND', `同步时找不到办件 ${caseId}，请联系管理员检查本机数据。`);
    const materials = checklists.get(caseId);
    headers.set(caseId, headerOf(tx, row, materials === undefined ? [] : (JSON.parse(materials) as Checklist), scans.get(caseId) ?? []));
  }
  return headers;
}

function groupByCase<R extends { case_id: string }>(rows: readonly R[]): Map<string, R[]> {
  const groups = new Map<string, R[]>();
  for (const row of rows) {
    const group = groups.get(row.case_id);
    if (group) group.push(row);
    else groups.set(row.case_id, [row]);
  }
  return groups;
}

function headerOf(tx: ReadTx, row: CaseRow, materials: Checklist, scans: readonly AttachmentRow[]): CaseHeader {
  if (!row.personal) throw new AppError('INTERNAL', `办件 ${row.case_number} 的申请人信息尚未加密保存，暂不能同步。请重启本软件后再试。`);
  const ticket = row.ticket_number || row.ticket_taken_at || row.ticket_called_at ? { number: row.ticket_number, takenAt: row.ticket_taken_at, calledAt: row.ticket_called_at } : null;
  return {
    caseId: row.id,
    caseNumber: row.case_number,
    parentCaseId: row.parent_case_id,
    bundleCode: row.bundle_code,
    isBundle: row.is_bundle === 1,
    matter: {
      code: row.matter_code,
      name: row.matter_name,
      version: row.matter_version,
      departmentCode: row.department_code,
      // A bundle's parent has no matter of its own: it is competent where it was taken.
      regionCode: row.matter_region ?? row.centre_region,
      kind: row.matter_kind,
    },
    channel: row.channel,
    windowNumber: row.window_number,
    clerkId: row.clerk_id,
    clerkName: row.clerk_name,
    applicantType: row.applicant_type,
    applicantIdType: row.applicant_id_type,
    applicantCreditCode: row.applicant_credit_code,
    personal: { ...openCasePersonal(tx, row.personal), queryPassword: row.query_password },
    limits: { promised: limitOf(row.promised_limit, row.promised_unit), statutory: limitOf(row.statutory_limit, row.statutory_unit) },
    ticket,
    materials,
    attachments: scans.map((a) => scanRef(tx, a)),
    createdAt: row.created_at,
  };
}

/**
 * The scans a case names, as the gateway knows them: by content hash, with the file name (sealed
 * again by the gateway at rest). A scan added before hashes were kept (migration 0012) is left
 * out here; the push hashes it from its file before it sends the case (attachment-push.ts).
 */
export function scanRefs(tx: ReadTx, caseId: string): CaseHeader['attachments'] {
  const rows = tx.all<AttachmentRow>('SELECT * FROM attachment WHERE case_id = ? AND content_sha256 IS NOT NULL ORDER BY added_at, id', caseId);
  return rows.map((a) => scanRef(tx, a));
}

const scanRef = (tx: ReadTx, a: AttachmentRow): CaseHeader['attachments'][number] => ({
  sha256: openSha256(tx, a.content_sha256 as Buffer),
  size: a.size,
  mimeType: a.mime_type,
  fileName: openFileName(tx, a.file_name),
  materialKey: a.material_key,
});

/**
 * A person another device named (a clerk of another centre, a reviewer who claimed a case) that
 * this PC has no account for: a disabled account with no password verifier ('!'), so a case's
 * history can name them and foreign keys hold, but nobody can log in as them here.
 */
export function ensureRemoteUser(tx: WriteTx, id: string, displayName: string, role: Role, centreId: string): void {
  if (tx.get('SELECT 1 FROM app_user WHERE id = ?', id)) return;
  tx.run(
    `INSERT INTO app_user (id, username, display_name, role, centre_id, password_hash, disabled, created_at)
     VALUES (?, ?, ?, ?, ?, '!', 1, ?)`,
    id, `remote:${id}`, displayName, role, centreId, tx.now,
  );
}

/** The local centre row for a 区划: this PC's own when it matches, else one named after the code. */
export function centreForRegion(tx: WriteTx, regionCode: string): string {
  const found = tx.get<{ id: string }>('SELECT id FROM centre WHERE region_code = ? ORDER BY rowid LIMIT 1', regionCode);
  if (found) return found.id;
  const id = `centre-${regionCode}`;
  tx.run('INSERT INTO centre (id, name, region_code) VALUES (?, ?, ?)', id, `区划 ${regionCode} 的政务服务中心`, regionCode);
  return id;
}

export interface OpeningFacts {
  status: string;
  at: string;
  dueDate: string | null;
  refusalReason: string | null;
}

/**
 * The list and queue columns of a case whose whole history is at hand when it is created
 * (`projectedValues` in services/cases/lifecycle.ts): written with the row, so it is not
 * inserted and then updated again, moving its entries in every status index twice.
 */
export type ProjectedColumns = readonly [status: string, assigneeId: string | null, reviewQueue: string | null, flagged: number, flagNote: string | null,
  decisionOutcome: string | null, stepsDone: number, ratingLevel: number | null, deliveredAt: string | null, closedAt: string | null, dueDate: string | null];

/**
 * Creates the row of a case this PC has not held: sealed under its own key, findable by its
 * tokens. `clerkKnown`: the caller has made sure the clerk has an account here (a pulled page
 * looks each person up once, not once per case).
 */
export function insertCaseFromHeader(
  tx: WriteTx,
  header: CaseHeader,
  opening: OpeningFacts,
  known: { centreId?: string; projected?: ProjectedColumns; nameTokens?: Map<string, Buffer>; clerkKnown?: boolean } = {},
): void {
  const centreId = known.centreId ?? centreForRegion(tx, header.caseNumber.slice(0, 6));
  if (!known.clerkKnown) ensureRemoteUser(tx, header.clerkId, header.clerkName ?? '其他中心的窗口人员', 'clerk', centreId);
  const parentId = header.parentCaseId && tx.get('SELECT 1 FROM case_record WHERE id = ?', header.parentCaseId) ? header.parentCaseId : null;
  const { queryPassword, ...personal } = header.personal;
  const m = header.matter;
  const p = known.projected;
  const accepted = opening.status === 'accepted';
  const acceptedDate = accepted ? dateInChina(new Date(opening.at)) : null;
  tx.run(
    `INSERT INTO case_record (id, case_number, status, centre_id, window_id, clerk_id, matter_code, matter_name, matter_version,
       department_code, channel, ticket_number, applicant_type, applicant_id_type, applicant_credit_code, personal,
       accepted_at, due_date, created_at, updated_at, parent_case_id, bundle_code, is_bundle, matter_kind,
       promised_limit, promised_unit, statutory_limit, statutory_unit, ticket_taken_at, ticket_called_at,
       decided_at, accepted_date, refusal_reason, query_password,
       assignee_id, review_queue, flagged, flag_note, decision_outcome, steps_done, rating_level, delivered_at, closed_at)
     VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    header.caseId, header.caseNumber, p?.[0] ?? opening.status, centreId, header.clerkId, m.code, m.name, m.version,
    m.departmentCode, header.channel, header.ticket?.number ?? null, header.applicantType, header.applicantIdType, header.applicantCreditCode,
    sealCasePersonal(tx, personal), accepted ? opening.at : null, p?.[10] ?? opening.dueDate, header.createdAt, tx.now, parentId, header.bundleCode,
    header.isBundle ? 1 : 0, m.kind, header.limits.promised?.value ?? null, header.limits.promised?.unit ?? null,
    header.limits.statutory?.value ?? null, header.limits.statutory?.unit ?? null, header.ticket?.takenAt ?? null, header.ticket?.calledAt ?? null,
    opening.at, acceptedDate, opening.refusalReason, queryPassword,
    // Without a projection, the columns' defaults: the refold after the page writes them.
    p?.[1] ?? null, p?.[2] ?? null, p?.[3] ?? 0, p?.[4] ?? null, p?.[5] ?? null, p?.[6] ?? 0, p?.[7] ?? null, p?.[8] ?? null, p?.[9] ?? null,
  );
  // A bundle's children are found through their parent's tokens (migration 0009).
  // Row by row: a pulled page is a long transaction (see WriteTx.insertRows).
  if (!header.parentCaseId) writeCaseTokens(tx, header.caseId, header.createdAt, caseTokens(tx, personal, known.nameTokens), 1, { singleRows: true });
  // Its scans are named now and fetched from the gateway when first opened (content_name empty until then).
  tx.insertRows(
    'attachment',
    ['id', 'case_id', 'material_key', 'file_name', 'mime_type', 'size', 'content_sha256', 'added_by', 'added_at'],
    header.attachments.map((a) => [timeOrderedId(), header.caseId, a.materialKey, sealFileName(tx, a.fileName), a.mimeType, a.size, sealSha256(tx, a.sha256), header.clerkId, header.createdAt]),
  );
  tx.insertRows(
    'case_material',
    ['case_id', 'line', 'material_key', 'name', 'form', 'copies', 'required', 'can_defer', 'status', 'matter_codes'],
    header.materials.map((l) => [header.caseId, l.line, l.key, l.name, l.form, l.copies, l.required ? 1 : 0, l.canDefer ? 1 : 0, l.status, JSON.stringify(l.matterCodes)]),
  );
}
