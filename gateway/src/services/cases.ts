/**
 * Central cases: their rows, their events as the protocol carries them, and the case as it
 * stands (status, assignee, last number), folded by the lifecycle's own state machine.
 */
import { caseStatusLabels } from '../../../src-main/domain/cases/status.ts';
import type { CaseState } from '../../../src-main/domain/lifecycle/state.ts';
import type { CaseHeader, CasePersonal } from '../../../src-main/domain/sync/case-header.ts';
import type { CaseStanding, CentralEvent } from '../../../src-main/domain/sync/events.ts';
import type { Db, Tx } from '../db/database.ts';
import type { Sealer } from '../keys.ts';

export interface CaseRow {
  region_code: string;
  case_id: string;
  case_number: string;
  centre_code: string;
  competent_region: string;
  last_seq: number;
  status: string | null;
  assignee_id: string | null;
  assignee_name: string | null;
  state: CaseState;
  updated_at: Date;
}

export const caseColumns = 'region_code, case_id, case_number, centre_code, competent_region, last_seq, status, assignee_id, assignee_name, state, updated_at';

export function standingOf(row: CaseRow): CaseStanding {
  const status = row.state.status;
  return {
    caseId: row.case_id,
    caseNumber: row.case_number,
    homeRegion: row.region_code,
    competentRegion: row.competent_region,
    seq: row.last_seq,
    status,
    statusLabel: status === null ? '尚未登记' : caseStatusLabels[status],
    assigneeId: row.state.assigneeId,
    assigneeName: row.assignee_name,
    updatedAt: row.updated_at.toISOString(),
  };
}

export interface EventRow {
  id: string;
  case_id: string;
  seq: number;
  type: CentralEvent['type'];
  at: string;
  recorded_at: Date;
  actor_id: string | null;
  actor_role: CentralEvent['actorRole'];
  actor_name: string | null;
  note: string | null;
  payload: Record<string, unknown>;
  device_code: string;
  centre_code: string;
}

export const eventColumns = 'e.id, e.case_id, e.seq, e.type, e.at, e.recorded_at, e.actor_id, e.actor_role, e.actor_name, e.note, e.payload, e.device_code, e.centre_code';

export function centralEventOf(r: EventRow): CentralEvent {
  return {
    id: r.id,
    caseId: r.case_id,
    seq: r.seq,
    type: r.type,
    at: r.at,
    actorId: r.actor_id,
    actorRole: r.actor_role,
    actorName: r.actor_name,
    note: r.note,
    payload: r.payload,
    recordedAt: r.recorded_at.toISOString(),
    deviceCode: r.device_code,
    centreCode: r.centre_code,
  };
}

/** Every central event of the given cases, in each case's order. */
export async function eventsOfCases(db: Db | Tx, keys: readonly { region: string; caseId: string }[]): Promise<CentralEvent[]> {
  if (keys.length === 0) return [];
  const r = await db.query<EventRow>(
    `SELECT ${eventColumns} FROM central_event e
       JOIN unnest($1::bpchar[], $2::uuid[]) AS k(region, case_id) ON e.region_code = k.region AND e.case_id = k.case_id
      ORDER BY e.region_code, e.case_id, e.seq`,
    [keys.map((k) => k.region), keys.map((k) => k.caseId)],
  );
  return r.rows.map(centralEventOf);
}

type AttachmentRef = CaseHeader['attachments'][number];
/**
 * A scan as the stored header names it: its file name (often the applicant's: 张三身份证.pdf)
 * sealed; `fileName` only as the first gateways stored it, until a gateway starts and seals it
 * (legacy-file-names.ts).
 */
type StoredRef = Omit<AttachmentRef, 'fileName'> & { fileName?: string; sealedFileName?: string };
export type StoredHeader = Omit<CaseHeader, 'personal' | 'attachments'> & { attachments: StoredRef[] };

/** A scan's file name as the gateway keeps it (case_attachment, the stored header): sealed, base64. */
export const sealFileName = (sealer: Sealer, fileName: string): string => sealer.seal(Buffer.from(fileName, 'utf8')).toString('base64');

/** The header as stored: everything but the personal data and the scans' file names, which are sealed apart. */
export function splitHeader(header: CaseHeader, sealer: Sealer): { plain: StoredHeader; sealed: Buffer; tokens: Buffer[] } {
  const { personal, attachments, ...rest } = header;
  const plain = { ...rest, attachments: attachments.map(({ fileName, ...ref }) => ({ ...ref, sealedFileName: sealFileName(sealer, fileName) })) };
  return { plain, sealed: sealer.sealJson(personal), tokens: sealer.personalTokens(personal) };
}

export function joinHeader(plain: StoredHeader, sealed: Buffer, sealer: Sealer): CaseHeader {
  const attachments = (plain.attachments ?? []).map(({ sealedFileName, fileName, ...ref }) => ({
    ...ref,
    fileName: sealedFileName === undefined ? (fileName ?? '') : sealer.open(Buffer.from(sealedFileName, 'base64')).toString('utf8'),
  }));
  return { ...plain, attachments, personal: sealer.openJson<CasePersonal>(sealed) } as CaseHeader;
}
