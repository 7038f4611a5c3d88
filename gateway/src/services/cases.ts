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

interface EventRow {
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
       JOIN unnest($1::text[], $2::uuid[]) AS k(region, case_id) ON e.region_code = k.region AND e.case_id = k.case_id
      ORDER BY e.region_code, e.case_id, e.seq`,
    [keys.map((k) => k.region), keys.map((k) => k.caseId)],
  );
  return r.rows.map(centralEventOf);
}

/** The header as stored: everything but the personal data, which is sealed apart. */
export function splitHeader(header: CaseHeader, sealer: Sealer): { plain: Omit<CaseHeader, 'personal'>; sealed: Buffer; tokens: Buffer[] } {
  const { personal, ...plain } = header;
  return { plain, sealed: sealer.sealJson(personal), tokens: sealer.personalTokens(personal) };
}

export function joinHeader(plain: Omit<CaseHeader, 'personal'>, sealed: Buffer, sealer: Sealer): CaseHeader {
  return { ...plain, personal: sealer.openJson<CasePersonal>(sealed) } as CaseHeader;
}
