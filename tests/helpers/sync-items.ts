/** Push items as an app would build them from its event log, for gateway tests and benchmarks. */
import { randomUUID } from 'node:crypto';
import { formatCaseNumber } from '../../src-main/domain/cases/case-number.ts';
import type { CaseHeader } from '../../src-main/domain/sync/case-header.ts';
import type { CaseEventItem, PushItem, UserUpsertItem } from '../../src-main/domain/sync/push.ts';
import { wireItem, type OutboxCaseEvent, type OutboxItem } from '../../src-main/services/sync/push-json.ts';
import { timeOrderedId } from '../../src-main/store/ids.ts';

export interface TestCase {
  caseId: string;
  caseNumber: string;
  header: CaseHeader;
}

let sequence = 0;

/** A case taken at `region` by device `deviceCode` for a matter of `matterRegion` (跨区通办 when they differ). */
export function newCase(options: { region: string; deviceCode: string; matterRegion?: string; applicant?: string; idNumber?: string; date?: string }): TestCase {
  const caseId = timeOrderedId();
  const caseNumber = formatCaseNumber({ regionCode: options.region, date: options.date ?? '2026-12-02', deviceCode: options.deviceCode, sequence: ++sequence });
  const matterRegion = options.matterRegion ?? options.region;
  return {
    caseId,
    caseNumber,
    header: {
      caseId,
      caseNumber,
      parentCaseId: null,
      bundleCode: null,
      isBundle: false,
      matter: { code: `11${matterRegion}SCJG0001`, name: '企业设立登记', version: 1, departmentCode: 'SCJG', regionCode: matterRegion, kind: 'promised' },
      channel: matterRegion === options.region ? 'window' : 'cross_region',
      windowNumber: '3',
      clerkId: 'u-wang',
      clerkName: '王五',
      applicantType: 'individual',
      applicantIdType: 'resident_id',
      applicantCreditCode: null,
      personal: {
        name: options.applicant ?? '赵六',
        idNumber: options.idNumber ?? '11010519491231002X',
        phone: '13900004321',
        address: '大连市甘井子区某路1号',
        legalRepresentative: null,
        contactName: null,
        agentName: null,
        agentIdNumber: null,
        agentPhone: null,
        queryPassword: '482913',
      },
      limits: { promised: { value: 5, unit: 'working' }, statutory: { value: 20, unit: 'working' } },
      ticket: null,
      materials: [],
      attachments: [],
      createdAt: new Date().toISOString(),
    },
  };
}

export type Actor = { id: string; role: 'clerk' | 'reviewer' | 'supervisor'; name: string };
export const clerk: Actor = { id: 'u-wang', role: 'clerk', name: '王五' };
export const reviewerZhang: Actor = { id: 'u-zhang', role: 'reviewer', name: '张三' };
export const reviewerLi: Actor = { id: 'u-li', role: 'reviewer', name: '李四' };

/**
 * The test actors as a centre's device pushes its accounts: the gateway takes an event only from
 * one of the device's centre's people in their role, so a test device sends these first.
 */
export function centreUsers(centreCode: string, actors: readonly Actor[] = [clerk, reviewerZhang, reviewerLi]): UserUpsertItem[] {
  return actors.map((a) => ({
    kind: 'user.upsert',
    id: randomUUID(),
    user: { id: a.id, username: a.id, displayName: a.name, role: a.role, departmentCode: a.role === 'reviewer' ? 'SCJG' : null, centreCode, passwordVerifier: 'scrypt$16384$8$1$c2FsdA$aGFzaA', mustChangePassword: false, disabled: false },
    changedAt: new Date().toISOString(),
  }));
}

export function eventItem(c: TestCase, type: CaseEventItem['type'], actor: Actor, payload: Record<string, unknown>, options: { baseSeq?: number | null; localSeq?: number; withHeader?: boolean; at?: string } = {}): CaseEventItem {
  return {
    kind: 'case.event',
    id: timeOrderedId(),
    caseId: c.caseId,
    caseNumber: c.caseNumber,
    localSeq: options.localSeq ?? 1,
    baseSeq: options.baseSeq ?? null,
    type,
    at: options.at ?? new Date().toISOString(),
    actorId: actor.id,
    actorRole: actor.role,
    actorName: actor.name,
    note: null,
    payload,
    ...(options.withHeader ? { case: c.header } : {}),
  };
}

/** 受理 (with the header) then 流转: a case waiting in the back office's 待审 queue. */
export function acceptAndTransfer(c: TestCase): CaseEventItem[] {
  return [
    eventItem(c, 'intake.accepted', clerk, { caseNumber: c.caseNumber, dueDate: '2026-12-09', limit: { value: 5, unit: 'working' }, matterKind: 'promised', reviewSteps: 1 }, { withHeader: true, localSeq: 1 }),
    eventItem(c, 'case.transferred', clerk, {}, { localSeq: 2, baseSeq: null }),
  ];
}

export function pushBody(items: readonly unknown[]) {
  return { deviceClock: new Date().toISOString(), auditHead: null, items };
}

/** A wire item as the outbox read holds it: a case event's other fields as JSON text beside what the push reads. */
export function asOutboxItem(item: PushItem): OutboxItem {
  if (item.kind !== 'case.event') return item;
  const { baseSeq, case: header, ...rest } = item;
  const held: OutboxCaseEvent = { kind: 'case.event', id: item.id, caseId: item.caseId, localSeq: item.localSeq, type: item.type, actorId: item.actorId, baseSeq, fields: Buffer.from(JSON.stringify(rest)) };
  if (header) held.case = header;
  return held;
}

export type SentEvent = OutboxCaseEvent & CaseEventItem;

/** The outbox's case events as the push holds them, each with its fields as the gateway reads them beside (a test reads both). */
export function sentEvents(items: readonly OutboxItem[]): SentEvent[] {
  return items.flatMap((i) => (i.kind === 'case.event' ? [{ ...(wireItem(i) as CaseEventItem), ...i }] : []));
}

export { randomUUID };
