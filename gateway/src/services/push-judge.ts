/**
 * Deciding each pushed case event against the case as it stands centrally: the pure part of a
 * push. Runs inside the push transaction with the cases locked; writes nothing itself.
 */
import { AppError } from '../../../src-main/domain/errors.ts';
import { caseEventPayloadSchemas, envelopeFieldsSchema, parseCaseEvent, type CaseEvent } from '../../../src-main/domain/lifecycle/events.ts';
import { applyEvent } from '../../../src-main/domain/lifecycle/machine.ts';
import { initialState, type CaseState } from '../../../src-main/domain/lifecycle/state.ts';
import type { CaseHeader } from '../../../src-main/domain/sync/case-header.ts';
import { regionOfCentre } from '../../../src-main/domain/sync/common.ts';
import type { CaseEventItem, RejectionCode } from '../../../src-main/domain/sync/push.ts';
import { quickCheck } from '../../../src-main/domain/sync/quick-check.ts';
import type { DeviceContext } from './devices.ts';

/** A case as the batch sees it: loaded (and locked) from the database, or opened by this batch. */
export interface WorkingCase {
  region: string;
  caseId: string;
  caseNumber: string;
  centreCode: string;
  competentRegion: string;
  lastSeq: number;
  state: CaseState;
  assigneeName: string | null;
  isNew: boolean;
  header: CaseHeader | null;
  changed: boolean;
  updatedAt: Date;
}

export type Verdict =
  | { kind: 'applied'; seq: number; event: CaseEvent }
  | { kind: 'rejected'; code: RejectionCode; message: string; field?: string; conflict?: boolean };

export function caseKey(region: string, caseId: string): string {
  return `${region}/${caseId}`;
}

function rejected(code: RejectionCode, message: string, field?: string): Verdict {
  return field === undefined ? { kind: 'rejected', code, message } : { kind: 'rejected', code, message, field };
}

/** The case this item (of `region`, its case number's home region) belongs to, opening it from its header if the gateway has never seen it. */
export function caseFor(
  item: CaseEventItem,
  region: string,
  device: DeviceContext,
  cases: Map<string, WorkingCase>,
  numbersTaken: Map<string, string>,
  now: Date,
): WorkingCase | Verdict {
  const known = cases.get(caseKey(region, item.caseId));
  if (known) {
    if (known.caseNumber !== item.caseNumber) {
      return rejected('CASE_MISMATCH', `办件编号不符：中心平台记录该案为 ${known.caseNumber}，本事件写的是 ${item.caseNumber}`, 'caseNumber');
    }
    return known;
  }
  const header = item.case;
  if (!header) {
    return rejected('CASE_UNKNOWN', `中心平台还没有办件 ${item.caseNumber} 的受理信息：须先同步该件的受理（开案）事件`);
  }
  if (header.caseId !== item.caseId || header.caseNumber !== item.caseNumber) {
    return rejected('CASE_MISMATCH', '随事件发送的办件基本信息与事件所属办件不一致', 'case');
  }
  const holder = numbersTaken.get(`${region}/${item.caseNumber}`);
  if (holder !== undefined && holder !== item.caseId) {
    return rejected('CASE_MISMATCH', `办件编号 ${item.caseNumber} 已被另一个办件使用：请检查本机设备编码是否与其他电脑重复，并联系管理员`, 'caseNumber');
  }
  const opened: WorkingCase = {
    region,
    caseId: item.caseId,
    caseNumber: item.caseNumber,
    centreCode: device.centreCode,
    competentRegion: header.matter.regionCode,
    lastSeq: 0,
    state: initialState,
    assigneeName: null,
    isNew: true,
    header,
    changed: true,
    updatedAt: now,
  };
  return opened;
}

const quickFields = quickCheck(envelopeFieldsSchema);
const quickPayloads = new Map(Object.entries(caseEventPayloadSchemas).map(([type, schema]) => [type, quickCheck(schema)]));

/**
 * The event checked as `parseCaseEvent` checks it. Most are well formed: they pass the quick
 * checks built from the same schemas (quick-check.ts) and the actor pair rule, without zod's
 * bookkeeping; only an event they do not pass goes through zod, which says what is wrong.
 */
function checkedEvent(raw: { type: string; at: string; actorId: string | null; actorRole: string | null; payload: unknown }): CaseEvent {
  const { payload } = raw;
  const payloadPasses = typeof payload === 'object' && payload !== null && !Array.isArray(payload) && (quickPayloads.get(raw.type)?.pass(payload) ?? null) !== null;
  if (payloadPasses && (raw.actorId === null) === (raw.actorRole === null) && quickFields.pass(raw) !== null) return raw as CaseEvent;
  return parseCaseEvent(raw);
}

/** Whether the device's centre may act on the case: it took the case, or it is the competent region's hall. */
export function inScope(c: WorkingCase, device: DeviceContext): boolean {
  return device.centreCode === c.centreCode || device.centreCode === c.competentRegion;
}

/** Checks the event with the one state machine and, if it may happen, applies it to the working case. */
export function judge(item: CaseEventItem, c: WorkingCase, device: DeviceContext, now: Date): Verdict {
  if (!inScope(c, device)) {
    return rejected('OUT_OF_SCOPE', `办件 ${c.caseNumber} 既不是本中心受理的，也不属本中心（${device.centreCode}）审批，不能在本机办理`);
  }
  let event: CaseEvent;
  try {
    event = checkedEvent({ type: item.type, at: item.at, actorId: item.actorId, actorRole: item.actorRole, payload: item.payload });
  } catch (error) {
    if (error instanceof AppError) return rejected('INVALID_EVENT', error.message, error.field);
    throw error;
  }
  try {
    const next = applyEvent(c.state, event);
    const seq = c.lastSeq + 1;
    if (event.type === 'review.claimed') c.assigneeName = item.actorName;
    else if (event.type === 'review.reassigned') c.assigneeName = event.payload.toName ?? null;
    else if (event.type === 'review.released' || event.type === 'case.transferred') c.assigneeName = null;
    c.state = next;
    c.lastSeq = seq;
    c.changed = true;
    c.updatedAt = now;
    return { kind: 'applied', seq, event };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (error.code === 'CONFLICT') return { kind: 'rejected', code: 'STATE_CONFLICT', message: error.message, conflict: true };
    return rejected('INVALID_EVENT', error.message, error.field);
  }
}

export { regionOfCentre };
