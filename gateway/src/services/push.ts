/**
 * `POST /v1/push`: one transaction per batch. Cases named by the batch are locked first (in key
 * order, so concurrent batches cannot deadlock), duplicates are found by id after the locks are
 * held, each item is judged in request order (push-judge.ts), and everything applied is written
 * with one statement per table. A unique key taken meanwhile by another gateway process (the
 * same new case pushed twice at once) rolls the batch back and runs it again, when the rival's
 * rows are visible and answered as duplicates.
 */
import { conflictMessage } from '../../../src-main/domain/sync/conflict.ts';
import { homeRegionOf } from '../../../src-main/domain/sync/case-header.ts';
import { regionOfCentre } from '../../../src-main/domain/sync/common.ts';
import { pushItemSchema, type CaseEventItem, type PushItem, type PushResponse, type PushResult, type UserUpsertItem } from '../../../src-main/domain/sync/push.ts';
import type { AuditHead } from '../../../src-main/domain/sync/session.ts';
import { transaction, type Db, type Tx } from '../db/database.ts';
import type { Sealer } from '../keys.ts';
import { caseColumns, eventsOfCases, standingOf, type CaseRow } from './cases.ts';
import type { DeviceContext } from './devices.ts';
import { appendFeed, type FeedEntry } from './feed.ts';
import type { FeedNotifier } from './listener.ts';
import { caseFor, caseKey, judge, type WorkingCase } from './push-judge.ts';
import { writeBatch, type AppliedEvent } from './push-write.ts';
import { upsertUser } from './users.ts';

type Parsed = { ok: true; item: PushItem } | { ok: false; id: string; message: string; field?: string };

function parseItems(raw: readonly { id: string }[]): Parsed[] {
  return raw.map((value) => {
    const parsed = pushItemSchema.safeParse(value);
    if (parsed.success) return { ok: true, item: parsed.data };
    const issue = parsed.error.issues[0];
    const field = issue?.path.map(String).join('.') ?? '';
    return { ok: false, id: value.id, message: `推送项有误${field ? `（${field}）` : ''}：${issue?.message ?? '内容无法识别'}`, field: field || undefined };
  });
}

async function lockCases(tx: Tx, items: readonly CaseEventItem[], now: Date): Promise<Map<string, WorkingCase>> {
  const keys = [...new Map(items.map((i) => [caseKey(homeRegionOf(i.caseNumber), i.caseId), { region: homeRegionOf(i.caseNumber), caseId: i.caseId }])).values()];
  keys.sort((a, b) => (a.region === b.region ? a.caseId.localeCompare(b.caseId) : a.region.localeCompare(b.region)));
  const r = await tx.query<CaseRow>(
    `SELECT ${caseColumns} FROM central_case
      WHERE (region_code, case_id) IN (SELECT * FROM unnest($1::text[], $2::uuid[]))
      ORDER BY region_code, case_id FOR UPDATE`,
    [keys.map((k) => k.region), keys.map((k) => k.caseId)],
  );
  void now;
  return new Map(
    r.rows.map((row) => [
      caseKey(row.region_code, row.case_id),
      {
        region: row.region_code,
        caseId: row.case_id,
        caseNumber: row.case_number,
        centreCode: row.centre_code,
        competentRegion: row.competent_region,
        lastSeq: row.last_seq,
        state: row.state,
        assigneeName: row.assignee_name,
        isNew: false,
        header: null,
        changed: false,
        updatedAt: row.updated_at,
      },
    ]),
  );
}

async function numbersTaken(tx: Tx, items: readonly CaseEventItem[]): Promise<Map<string, string>> {
  const opening = items.filter((i) => i.case !== undefined);
  if (opening.length === 0) return new Map();
  const r = await tx.query<{ region_code: string; case_number: string; case_id: string }>(
    `SELECT region_code, case_number, case_id FROM central_case WHERE (region_code, case_number) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    [opening.map((i) => homeRegionOf(i.caseNumber)), opening.map((i) => i.caseNumber)],
  );
  return new Map(r.rows.map((row) => [`${row.region_code}/${row.case_number}`, row.case_id]));
}

async function storedEventSeqs(tx: Tx, items: readonly CaseEventItem[]): Promise<Map<string, number>> {
  if (items.length === 0) return new Map();
  const r = await tx.query<{ id: string; seq: number }>(
    'SELECT id, seq FROM central_event WHERE (region_code, id) IN (SELECT * FROM unnest($1::text[], $2::uuid[]))',
    [items.map((i) => homeRegionOf(i.caseNumber)), items.map((i) => i.id)],
  );
  return new Map(r.rows.map((row) => [row.id, row.seq]));
}

async function storedMessages(tx: Tx, region: string, items: readonly UserUpsertItem[]): Promise<Set<string>> {
  if (items.length === 0) return new Set();
  const r = await tx.query<{ id: string }>('SELECT id FROM applied_message WHERE region_code = $1 AND id = ANY($2::uuid[])', [region, items.map((i) => i.id)]);
  return new Set(r.rows.map((row) => row.id));
}

interface Outcome {
  grown: string[];
  results: PushResult[];
  conflicts: { index: number; item: CaseEventItem; region: string; refusal: string }[];
}

async function applyBatch(tx: Tx, device: DeviceContext, parsed: readonly Parsed[], auditHead: AuditHead | null, sealer: Sealer, now: Date): Promise<Outcome> {
  const good = parsed.flatMap((p) => (p.ok ? [p.item] : []));
  const caseItems = good.filter((i): i is CaseEventItem => i.kind === 'case.event');
  const userItems = good.filter((i): i is UserUpsertItem => i.kind === 'user.upsert');
  const cases = await lockCases(tx, caseItems, now);
  const taken = await numbersTaken(tx, caseItems);
  const stored = await storedEventSeqs(tx, caseItems);
  const storedUsers = await storedMessages(tx, device.region, userItems);
  const seenInBatch = new Map<string, number | null>();
  const applied: AppliedEvent[] = [];
  const feed: FeedEntry[] = [];
  const results: PushResult[] = [];
  const conflicts: Outcome['conflicts'] = [];
  for (const [index, p] of parsed.entries()) {
    if (!p.ok) {
      results.push({ id: p.id, outcome: 'rejected', seq: null, reason: { code: 'INVALID_EVENT', message: p.message, ...(p.field ? { field: p.field } : {}) }, case: null });
      continue;
    }
    const item = p.item;
    const earlier = seenInBatch.get(item.id) ?? stored.get(item.id) ?? (storedUsers.has(item.id) ? null : undefined);
    if (earlier !== undefined || seenInBatch.has(item.id)) {
      const known = item.kind === 'case.event' ? cases.get(caseKey(homeRegionOf(item.caseNumber), item.caseId)) : undefined;
      results.push({ id: item.id, outcome: 'duplicate', seq: earlier ?? null, reason: null, case: known ? standingOfWorking(known) : null });
      continue;
    }
    if (item.kind === 'user.upsert') {
      const verdict = await upsertUser(tx, device, item, now);
      if (verdict.ok) {
        feed.push(verdict.feed);
        seenInBatch.set(item.id, null);
        results.push({ id: item.id, outcome: 'applied', seq: null, reason: null, case: null });
      } else {
        results.push({ id: item.id, outcome: 'rejected', seq: null, reason: { code: 'NOT_ALLOWED', message: verdict.message }, case: null });
      }
      continue;
    }
    const target = caseFor(item, device, cases, taken, now);
    if ('kind' in target) {
      results.push({ id: item.id, outcome: 'rejected', seq: null, reason: { code: target.kind === 'rejected' ? target.code : 'CASE_UNKNOWN', message: target.kind === 'rejected' ? target.message : '', ...(target.kind === 'rejected' && target.field ? { field: target.field } : {}) }, case: null });
      continue;
    }
    const verdict = judge(item, target, device, now);
    if (verdict.kind === 'rejected') {
      results.push({ id: item.id, outcome: 'rejected', seq: null, reason: { code: verdict.code, message: verdict.message, ...(verdict.field ? { field: verdict.field } : {}) }, case: target.isNew ? null : standingOfWorking(target) });
      if (verdict.conflict) conflicts.push({ index, item, region: target.region, refusal: verdict.message });
      continue;
    }
    if (target.isNew) {
      cases.set(caseKey(target.region, target.caseId), target);
      taken.set(`${target.region}/${target.caseNumber}`, target.caseId);
    }
    seenInBatch.set(item.id, verdict.seq);
    applied.push({ item, seq: verdict.seq, caseRegion: target.region });
    feed.push({ region: regionOfCentre(target.centreCode), centre: target.centreCode, kind: 'event', refRegion: target.region, refId: item.id });
    if (target.competentRegion !== target.centreCode) {
      feed.push({ region: target.competentRegion, centre: target.competentRegion, kind: 'event', refRegion: target.region, refId: item.id });
    }
    results.push({ id: item.id, outcome: 'applied', seq: verdict.seq, reason: null, case: standingOfWorking(target) });
  }
  await writeBatch(tx, device, [...cases.values()].filter((c) => c.changed), applied, userItems.filter((u) => seenInBatch.has(u.id)), auditHead, sealer, now);
  const grown = await appendFeed(tx, feed);
  return { results, conflicts, grown };
}

function standingOfWorking(c: WorkingCase) {
  return standingOf({
    region_code: c.region,
    case_id: c.caseId,
    case_number: c.caseNumber,
    centre_code: c.centreCode,
    competent_region: c.competentRegion,
    last_seq: c.lastSeq,
    status: c.state.status,
    assignee_id: c.state.assigneeId,
    assignee_name: c.assigneeName,
    state: c.state,
    updated_at: c.updatedAt,
  });
}

export async function push(db: Db, device: DeviceContext, batch: { auditHead: AuditHead | null; items: readonly { id: string }[] }, options: { sealer: Sealer; epoch: string; notifier: FeedNotifier | null; now?: Date }): Promise<PushResponse> {
  const parsed = parseItems(batch.items);
  const now = options.now ?? new Date();
  const outcome = await transaction(db, (tx) => applyBatch(tx, device, parsed, batch.auditHead, options.sealer, now));
  options.notifier?.announce(outcome.grown);
  if (outcome.conflicts.length > 0) {
    // The case as it now stands, and who made the pushed event impossible, for each refusal.
    const keys = [...new Map(outcome.conflicts.map((c) => [caseKey(c.region, c.item.caseId), { region: c.region, caseId: c.item.caseId }])).values()];
    const events = await eventsOfCases(db, keys);
    for (const c of outcome.conflicts) {
      const own = events.filter((e) => e.caseId === c.item.caseId);
      const result = outcome.results[c.index] as PushResult;
      result.events = own;
      if (result.reason) result.reason.message = conflictMessage({ events: own, baseSeq: c.item.baseSeq, actorId: c.item.actorId, refusal: c.refusal, now });
    }
  }
  return { epoch: options.epoch, serverTime: now.toISOString(), results: outcome.results };
}
