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
import { quickCheck } from '../../../src-main/domain/sync/quick-check.ts';
import { pushItemSchema, type CaseEventItem, type PushItem, type PushResponse, type PushResult, type UserUpsertItem } from '../../../src-main/domain/sync/push.ts';
import type { AuditHead } from '../../../src-main/domain/sync/session.ts';
import { arrayLiteral } from '../db/array-literal.ts';
import { transaction, type Db, type Tx } from '../db/database.ts';
import { prepared } from '../db/prepared.ts';
import type { Sealer } from '../keys.ts';
import { caseColumns, eventsOfCases, standingOf, type CaseRow } from './cases.ts';
import type { DeviceContext } from './devices.ts';
import type { FeedEntry } from './feed.ts';
import { encodeCursor } from './feed-cursor.ts';
import type { FeedNotifier } from './listener.ts';
import { caseFor, caseKey, judge, type WorkingCase } from './push-judge.ts';
import { writeBatch, type AppendedFeed, type AppliedEvent } from './push-write.ts';
import { actorRefusal, centrePeople, userFeedEntry, userRefusal } from './users.ts';

/** A well-formed item carries its case's home region (homeRegionOf, '' for a user item), read from its case number once. */
type Parsed = { ok: true; item: PushItem; region: string } | { ok: false; id: string; message: string; field?: string };

function wellFormed(item: PushItem): Parsed {
  return { ok: true, item, region: item.kind === 'case.event' ? homeRegionOf(item.caseNumber) : '' };
}

/** Most items are well formed: checked without zod's copy, and parsed by zod (for its message) only when that fails. */
const quickItem = quickCheck(pushItemSchema);

/**
 * Characters PostgreSQL cannot store as text: NUL and a lone UTF-16 surrogate (text that is not
 * well-formed Unicode). With the `u` flag a paired surrogate reads as one code point and never
 * matches. In a text column either fails the batch's one write statement; in a JSON column (`json`
 * since migration 0005, which keeps the escapes `jsonb` refused) it would reach every app that
 * pulls the event. So an item holding one is rejected here, on its own, and cannot hold up the
 * items behind it.
 */
const unstorableCharacter = /[\u0000\p{Cs}]/u;

/**
 * Whether the value (its keys too: they are stored) holds an unstorable character. Walks the
 * item without building a path or an entry list: nearly every item holds none, and the walk that
 * names the path (`unstorableText`) allocated a string per key for every item of every batch.
 */
function holdsUnstorable(item: unknown): boolean {
  // A stack, not recursion: a forged body may nest a million arrays deep.
  const stack: unknown[] = [item];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === 'string') {
      if (unstorableCharacter.test(value)) return true;
    } else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) stack.push(value[i]);
    } else if (typeof value === 'object' && value !== null) {
      for (const key of Object.keys(value)) {
        if (unstorableCharacter.test(key)) return true;
        stack.push((value as Record<string, unknown>)[key]);
      }
    }
  }
  return false;
}

/** Where the item (its keys too: they are stored) holds an unstorable character, and which kind, or null. */
function unstorableText(item: unknown): { path: string; character: string } | null {
  if (!holdsUnstorable(item)) return null;
  const found = (text: string) => text.match(unstorableCharacter)?.[0];
  const named = (character: string) => (character === '\u0000' ? '空字符 NUL' : '不成对的代理项');
  const stack: Array<{ value: unknown; path: string }> = [{ value: item, path: '' }];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { value, path } = next;
    if (typeof value === 'string') {
      const character = found(value);
      if (character !== undefined) return { path, character: named(character) };
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value)) {
        const at = path ? `${path}.${key}` : key;
        const character = found(key);
        if (character !== undefined) return { path: at, character: named(character) };
        stack.push({ value: child, path: at });
      }
    }
  }
  return null;
}

/** `escaped`: whether the body held a `\u` escape; without one no item holds an unstorable character (body.ts). */
function parseItems(raw: readonly { id: string }[], escaped: boolean): Parsed[] {
  return raw.map((value) => {
    const unstorable = escaped ? unstorableText(value) : null;
    if (unstorable !== null) {
      const { path, character } = unstorable;
      return { ok: false, id: value.id, message: `推送项有误（${path}）：内容含无法保存的字符（${character}），中心平台无法保存此项；请打开该件核对，并联系信息中心处理`, field: path };
    }
    const passed = quickItem.pass(value);
    if (passed !== null) return wellFormed(passed);
    const parsed = pushItemSchema.safeParse(value);
    if (parsed.success) return wellFormed(parsed.data);
    const issue = parsed.error.issues[0];
    const field = issue?.path.map(String).join('.') ?? '';
    return { ok: false, id: value.id, message: `推送项有误${field ? `（${field}）` : ''}：${issue?.message ?? '内容无法识别'}`, field: field || undefined };
  });
}

/** A case event with its home region. */
interface CaseEventOf {
  item: CaseEventItem;
  region: string;
}

interface Standing {
  cases: Map<string, WorkingCase>;
  /** `region/case number` → the case that holds it, for the numbers this batch opens cases with. */
  taken: Map<string, string>;
  /** The central number of each pushed event the gateway already holds. */
  stored: Map<string, number>;
}

type StandingRow =
  | { kind: 'case'; row: Omit<CaseRow, 'updated_at'> & { updated_at: string } }
  | { kind: 'taken'; row: { region_code: string; case_number: string; case_id: string } }
  | { kind: 'stored'; row: { id: string; seq: number } };

/**
 * What the batch is judged against, in one statement: the cases it names, locked in key order
 * (so concurrent batches cannot deadlock), the numbers its new cases claim, and which of its
 * events are already stored. Each key is looked up on its own (`LATERAL`, one index probe, the
 * keys sorted before the locks are taken): as `IN (SELECT … unnest …)` the planner, without
 * statistics of tables a push has just grown, joined them by hashing a scan of the whole case
 * and event tables, once per batch, so a batch cost more the more the gateway held. Read in one snapshot: a rival batch committed while this one waited
 * for a case's lock shows in the locked row (PostgreSQL re-reads a row it waited for) but not in
 * the other two parts; what this batch then writes twice is refused by the unique keys and the
 * transaction runs again (database.ts), seeing it.
 */
async function standing(tx: Tx, events: readonly CaseEventOf[]): Promise<Standing> {
  const keys = [...new Map(events.map(({ item, region }) => [caseKey(region, item.caseId), { region, caseId: item.caseId }])).values()];
  const opening = events.filter((e) => e.item.case !== undefined);
  const r = await tx.query<StandingRow>(prepared(
    `WITH locked AS (
       SELECT c.* FROM (SELECT * FROM unnest($1::bpchar[], $2::uuid[]) AS k(r, i) ORDER BY r, i) k
        CROSS JOIN LATERAL (SELECT ${caseColumns} FROM central_case WHERE region_code = k.r AND case_id = k.i FOR UPDATE) c)
     SELECT 'case' AS kind, to_json(locked) AS row FROM locked
     UNION ALL
     SELECT 'taken', json_build_object('region_code', c.region_code, 'case_number', c.case_number, 'case_id', c.case_id)
       FROM unnest($3::bpchar[], $4::text[]) AS k(r, n)
      CROSS JOIN LATERAL (SELECT region_code, case_number, case_id FROM central_case WHERE region_code = k.r AND case_number = k.n LIMIT 1) c
     UNION ALL
     SELECT 'stored', json_build_object('id', e.id, 'seq', e.seq)
       FROM unnest($5::bpchar[], $6::uuid[]) AS k(r, i)
      CROSS JOIN LATERAL (SELECT id, seq FROM central_event WHERE region_code = k.r AND id = k.i LIMIT 1) e`,
    [
      keys.map((k) => k.region),
      keys.map((k) => k.caseId),
      opening.map((e) => e.region),
      opening.map((e) => e.item.caseNumber),
      events.map((e) => e.region),
      events.map((e) => e.item.id),
    ].map(arrayLiteral),
  ));
  const result: Standing = { cases: new Map(), taken: new Map(), stored: new Map() };
  for (const { kind, row } of r.rows) {
    if (kind === 'taken') result.taken.set(`${row.region_code}/${row.case_number}`, row.case_id);
    else if (kind === 'stored') result.stored.set(row.id, row.seq);
    else {
      result.cases.set(caseKey(row.region_code, row.case_id), {
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
        updatedAt: new Date(row.updated_at),
      });
    }
  }
  return result;
}

async function storedMessages(tx: Tx, region: string, items: readonly UserUpsertItem[]): Promise<Set<string>> {
  if (items.length === 0) return new Set();
  const r = await tx.query<{ id: string }>('SELECT id FROM applied_message WHERE region_code = $1 AND id = ANY($2::uuid[])', [region, items.map((i) => i.id)]);
  return new Set(r.rows.map((row) => row.id));
}

interface Outcome {
  /** The feeds the batch appended to, by `region/centre`. */
  appended: Map<string, AppendedFeed>;
  results: PushResult[];
  conflicts: { index: number; item: CaseEventItem; region: string; refusal: string }[];
}

/** `brief`: the device asked for `answers: 'brief'`, so applied and duplicate items go without their case's standing. */
async function applyBatch(tx: Tx, device: DeviceContext, parsed: readonly Parsed[], auditHead: AuditHead | null, sealer: Sealer, now: Date, brief: boolean): Promise<Outcome> {
  const caseEvents: CaseEventOf[] = [];
  const userItems: UserUpsertItem[] = [];
  for (const p of parsed) {
    if (!p.ok) continue;
    if (p.item.kind === 'case.event') caseEvents.push({ item: p.item, region: p.region });
    else userItems.push(p.item);
  }
  const { cases, taken, stored } = caseEvents.length > 0 ? await standing(tx, caseEvents) : { cases: new Map<string, WorkingCase>(), taken: new Map<string, string>(), stored: new Map<string, number>() };
  const storedUsers = await storedMessages(tx, device.region, userItems);
  const people = await centrePeople(tx, device, caseEvents.flatMap(({ item }) => (item.actorId === null ? [] : [item.actorId])));
  const seenInBatch = new Map<string, number | null>();
  const applied: AppliedEvent[] = [];
  const feed: FeedEntry[] = [];
  const results: PushResult[] = [];
  const conflicts: Outcome['conflicts'] = [];
  // A case's standing goes with its last applied or duplicate item of the batch only (rejected
  // items keep theirs, the reason's context): a copy on each of a batch's items made every
  // answer hundreds of kilobytes to write, send and check. Only rejected items come after it, and
  // they change nothing, so it is the case as the batch leaves it, made once, after the loop.
  const standingGoesWith = new Map<string, { index: number; known: WorkingCase }>();
  const usersApplied: UserUpsertItem[] = [];
  for (const [index, p] of parsed.entries()) {
    if (!p.ok) {
      results.push({ id: p.id, outcome: 'rejected', seq: null, reason: { code: 'INVALID_EVENT', message: p.message, ...(p.field ? { field: p.field } : {}) }, case: null });
      continue;
    }
    const { item, region } = p;
    const earlier = seenInBatch.get(item.id) ?? stored.get(item.id) ?? (storedUsers.has(item.id) ? null : undefined);
    if (earlier !== undefined || seenInBatch.has(item.id)) {
      const known = item.kind === 'case.event' ? cases.get(caseKey(region, item.caseId)) : undefined;
      if (known) standingGoesWith.set(known.caseId, { index: results.length, known });
      results.push({ id: item.id, outcome: 'duplicate', seq: earlier ?? null, reason: null, case: null });
      continue;
    }
    if (item.kind === 'user.upsert') {
      const refusal = userRefusal(device, item);
      if (refusal === null) {
        // Events behind it in this batch may name the person it brings; writeBatch writes the batch's users.
        people.set(item.user.id, { role: item.user.role, displayName: item.user.displayName });
        usersApplied.push(item);
        feed.push(userFeedEntry(item));
        seenInBatch.set(item.id, null);
        results.push({ id: item.id, outcome: 'applied', seq: null, reason: null, case: null });
      } else {
        results.push({ id: item.id, outcome: 'rejected', seq: null, reason: { code: 'NOT_ALLOWED', message: refusal }, case: null });
      }
      continue;
    }
    const refusal = actorRefusal(item, item.actorId === null ? undefined : people.get(item.actorId), device);
    if (refusal !== null) {
      results.push({ id: item.id, outcome: 'rejected', seq: null, reason: { code: 'NOT_ALLOWED', message: refusal, field: 'actorId' }, case: null });
      continue;
    }
    // The centre's record names the person, not the device's word for it.
    if (item.actorId !== null) item.actorName = people.get(item.actorId)?.displayName ?? item.actorName;
    const target = caseFor(item, region, device, cases, taken, now);
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
    feed.push({ region: regionOfCentre(target.centreCode), centre: target.centreCode, kind: 'event', refRegion: target.region, refId: item.id, caseId: target.caseId });
    if (target.competentRegion !== target.centreCode) {
      feed.push({ region: target.competentRegion, centre: target.competentRegion, kind: 'event', refRegion: target.region, refId: item.id, caseId: target.caseId });
    }
    standingGoesWith.set(target.caseId, { index: results.length, known: target });
    results.push({ id: item.id, outcome: 'applied', seq: verdict.seq, reason: null, case: null });
  }
  if (!brief) for (const { index, known } of standingGoesWith.values()) (results[index] as PushResult).case = standingOfWorking(known);
  const appended = await writeBatch(tx, device, [...cases.values()].filter((c) => c.changed), applied, usersApplied, auditHead, feed, sealer, now);
  return { results, conflicts, appended };
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

/** `options.escaped` false: the body the batch was read from held no `\u` escape (`readEscapedJson`), so its items are not walked for unstorable characters. */
export async function push(
  db: Db,
  device: DeviceContext,
  batch: { auditHead: AuditHead | null; items: readonly { id: string }[]; answers?: 'full' | 'brief' },
  options: { sealer: Sealer; epoch: string; notifier: FeedNotifier | null; now?: Date; escaped?: boolean },
): Promise<PushResponse> {
  const parsed = parseItems(batch.items, options.escaped ?? true);
  const now = options.now ?? new Date();
  const outcome = await transaction(db, (tx) => applyBatch(tx, device, parsed, batch.auditHead, options.sealer, now, batch.answers === 'brief'));
  options.notifier?.announce([...outcome.appended.keys()]);
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
  const ownFeed = ownFeedOf(outcome.appended, device, options.epoch);
  return { epoch: options.epoch, serverTime: now.toISOString(), results: outcome.results, ...(ownFeed ? { ownFeed } : {}) };
}

/**
 * Where the batch's entries lie in the pushing device's own centre's feed, as the cursors before
 * and after them (docs/sync.md, "The push's place in the feed"): nothing but this batch sits
 * between the two. A device whose saved cursor is `before` then holds everything up to `after`
 * (it made those entries) and its next pull need not read its own echo. The feed's start is
 * `null`, the cursor a device has before its first page.
 */
function ownFeedOf(appended: ReadonlyMap<string, AppendedFeed>, device: DeviceContext, epoch: string): PushResponse['ownFeed'] {
  const own = appended.get(`${regionOfCentre(device.centreCode)}/${device.centreCode}`);
  if (!own) return undefined;
  const first = own.lastSeq - own.count;
  return { before: first === 0 ? null : encodeCursor(epoch, first), after: encodeCursor(epoch, own.lastSeq) };
}
