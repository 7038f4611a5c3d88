/** Writing what a push batch applied: one statement for all of it, whatever the batch size. */
import type { CaseEventItem, UserUpsertItem } from '../../../src-main/domain/sync/push.ts';
import type { AuditHead } from '../../../src-main/domain/sync/session.ts';
import { arrayLiteral } from '../db/array-literal.ts';
import type { Tx } from '../db/database.ts';
import { jsonArray } from '../db/json-param.ts';
import { prepared } from '../db/prepared.ts';
import { regionOfCentre } from '../../../src-main/domain/sync/common.ts';
import type { Sealer } from '../keys.ts';
import { sealFileName, splitHeader } from './cases.ts';
import type { DeviceContext } from './devices.ts';
import { feedRows, type FeedEntry } from './feed.ts';
import type { WorkingCase } from './push-judge.ts';

/** A centre's feed after a batch's append: its last entry's number and how many entries the batch added. */
export interface AppendedFeed {
  lastSeq: number;
  count: number;
}

export interface AppliedEvent {
  item: CaseEventItem;
  seq: number;
  caseRegion: string;
}

/**
 * Columns as parallel arrays, zipped into rows by `ROWS FROM (…)`: one parameter per column
 * whatever the row count, so the statement text and its parameter list stay the same size.
 *
 * A column of JSON values (a case's header and state, an event's payload) goes as one JSON
 * array, `json_array_elements` of a `json` parameter in binary form (json-param.ts), not as an
 * array of JSON texts: each text in an array literal has every one of its many double quotes
 * escaped, and building and then measuring those escaped texts cost the gateway more per batch
 * than its judging did. `json`, not `jsonb`, as the columns are (migration 0005): PostgreSQL only
 * checks the text's syntax and cuts it into elements, where `jsonb` parsed every value into its
 * binary form. The other columns go as array literals built here (array-literal.ts).
 */
class Columns {
  readonly params: unknown[] = [];
  /** Adds one column and returns the set-returning call that yields it, e.g. `unnest($7::uuid[])`. */
  column(values: readonly unknown[], type: string): string {
    this.params.push(arrayLiteral(values));
    return `unnest($${this.params.length}::${type}[])`;
  }
  /** Adds one column of JSON values and returns the call that yields them as `json`, in order. */
  json(values: readonly unknown[]): string {
    this.params.push(jsonArray(values));
    return `json_array_elements($${this.params.length}::json)`;
  }
  value(value: unknown, type: string): string {
    this.params.push(value);
    return `$${this.params.length}::${type}`;
  }
}

function openedCases(p: Columns, opened: readonly WorkingCase[], sealer: Sealer): string[] {
  const rows = opened.flatMap((c) => (c.header ? [{ c, header: c.header, ...splitHeader(c.header, sealer) }] : []));
  if (rows.length === 0) return [];
  const tokens = rows.flatMap((r) => r.tokens.map((token) => ({ region: r.c.region, token, caseId: r.c.caseId })));
  const parts = [
    `new_case AS (
      INSERT INTO central_case (region_code, case_id, case_number, centre_code, competent_region, department_code, matter_code, parent_case_id,
                                header, personal, last_seq, status, assignee_id, assignee_name, state, created_at, updated_at)
      SELECT r, i, n, c, cr, d, m, pa, h, pe, s, st, a, an, j, t, t
        FROM ROWS FROM (${p.column(rows.map((r) => r.c.region), 'text')}, ${p.column(rows.map((r) => r.c.caseId), 'uuid')}, ${p.column(rows.map((r) => r.c.caseNumber), 'text')},
                    ${p.column(rows.map((r) => r.c.centreCode), 'text')}, ${p.column(rows.map((r) => r.c.competentRegion), 'text')},
                    ${p.column(rows.map((r) => r.header.matter.departmentCode), 'text')}, ${p.column(rows.map((r) => r.header.matter.code), 'text')},
                    ${p.column(rows.map((r) => r.header.parentCaseId), 'uuid')}, ${p.json(rows.map((r) => r.plain))},
                    ${p.column(rows.map((r) => r.sealed), 'bytea')}, ${p.column(rows.map((r) => r.c.updatedAt), 'timestamptz')}, ${p.column(rows.map((r) => r.c.lastSeq), 'int')},
                    ${p.column(rows.map((r) => r.c.state.status), 'text')}, ${p.column(rows.map((r) => r.c.state.assigneeId), 'text')},
                    ${p.column(rows.map((r) => r.c.assigneeName), 'text')}, ${p.json(rows.map((r) => r.c.state))})
          AS u(r, i, n, c, cr, d, m, pa, h, pe, t, s, st, a, an, j))`,
  ];
  if (tokens.length > 0) {
    parts.push(`new_token AS (
      INSERT INTO case_token (region_code, token, case_id)
      SELECT * FROM ROWS FROM (${p.column(tokens.map((t) => t.region), 'text')}, ${p.column(tokens.map((t) => t.token), 'bytea')}, ${p.column(tokens.map((t) => t.caseId), 'uuid')})
      ON CONFLICT DO NOTHING)`);
  }
  return parts;
}

function movedCases(p: Columns, changed: readonly WorkingCase[]): string[] {
  if (changed.length === 0) return [];
  return [
    `moved_case AS (
      UPDATE central_case AS c SET last_seq = u.s, status = u.st, assignee_id = u.a, assignee_name = u.an, state = u.j, updated_at = u.t
        FROM ROWS FROM (${p.column(changed.map((c) => c.region), 'text')}, ${p.column(changed.map((c) => c.caseId), 'uuid')}, ${p.column(changed.map((c) => c.lastSeq), 'int')},
                    ${p.column(changed.map((c) => c.state.status), 'text')}, ${p.column(changed.map((c) => c.state.assigneeId), 'text')},
                    ${p.column(changed.map((c) => c.assigneeName), 'text')}, ${p.json(changed.map((c) => c.state))},
                    ${p.column(changed.map((c) => c.updatedAt), 'timestamptz')}) AS u(r, i, s, st, a, an, j, t)
       WHERE c.region_code = u.r AND c.case_id = u.i)`,
  ];
}

function appliedEvents(p: Columns, device: DeviceContext, applied: readonly AppliedEvent[], now: Date): string[] {
  if (applied.length === 0) return [];
  const lastId = applied.map((a) => a.item.id).reduce((max, id) => (id > max ? id : max));
  return [
    `new_event AS (
      INSERT INTO central_event (region_code, id, case_id, seq, type, at, recorded_at, actor_id, actor_role, actor_name, note, payload,
                                 device_region, device_id, device_code, centre_code)
      SELECT r, i, c, s, ty, a, ${p.value(now, 'timestamptz')}, ai, ar, an, n, pl, ${p.value(device.region, 'text')}, ${p.value(device.deviceId, 'uuid')},
             ${p.value(device.deviceCode, 'text')}, ${p.value(device.centreCode, 'text')}
        FROM ROWS FROM (${p.column(applied.map((a) => a.caseRegion), 'text')}, ${p.column(applied.map((a) => a.item.id), 'uuid')}, ${p.column(applied.map((a) => a.item.caseId), 'uuid')},
                    ${p.column(applied.map((a) => a.seq), 'int')}, ${p.column(applied.map((a) => a.item.type), 'text')}, ${p.column(applied.map((a) => a.item.at), 'text')},
                    ${p.column(applied.map((a) => a.item.actorId), 'text')}, ${p.column(applied.map((a) => a.item.actorRole), 'text')},
                    ${p.column(applied.map((a) => a.item.actorName), 'text')}, ${p.column(applied.map((a) => a.item.note), 'text')},
                    ${p.json(applied.map((a) => a.item.payload))})
          AS u(r, i, c, s, ty, a, ai, ar, an, n, pl))`,
    `counted AS (
      UPDATE device SET events_count = events_count + ${p.value(applied.length, 'int')},
             last_event_id = CASE WHEN last_event_id IS NULL OR last_event_id < ${p.value(lastId, 'uuid')} THEN ${p.value(lastId, 'uuid')} ELSE last_event_id END
       WHERE region_code = ${p.value(device.region, 'text')} AND device_id = ${p.value(device.deviceId, 'uuid')})`,
  ];
}

function attachmentLinks(p: Columns, device: DeviceContext, opened: readonly WorkingCase[], applied: readonly AppliedEvent[], sealer: Sealer): string[] {
  const rows: { region: string; caseId: string; ref: NonNullable<CaseEventItem['attachments']>[number] }[] = [];
  for (const c of opened) for (const ref of c.header?.attachments ?? []) rows.push({ region: c.region, caseId: c.caseId, ref });
  for (const a of applied) for (const ref of a.item.attachments ?? []) rows.push({ region: a.caseRegion, caseId: a.item.caseId, ref });
  if (rows.length === 0) return [];
  return [
    `linked AS (
      INSERT INTO case_attachment (region_code, case_id, sha256, stored_region, material_key, file_name, mime_type, size)
      SELECT r, c, h, ${p.value(device.region, 'text')}, k, f, m, s
        FROM ROWS FROM (${p.column(rows.map((r) => r.region), 'text')}, ${p.column(rows.map((r) => r.caseId), 'uuid')}, ${p.column(rows.map((r) => r.ref.sha256), 'text')},
                    ${p.column(rows.map((r) => r.ref.materialKey), 'text')}, ${p.column(rows.map((r) => sealFileName(sealer, r.ref.fileName)), 'text')},
                    ${p.column(rows.map((r) => r.ref.mimeType), 'text')}, ${p.column(rows.map((r) => r.ref.size), 'int')}) AS u(r, c, h, k, f, m, s)
      ON CONFLICT DO NOTHING)`,
  ];
}

/**
 * The users the batch brings, one row per user: a newly registered PC sends all its accounts at
 * once, and a statement each cost the batch a round trip to PostgreSQL each. A user named by
 * several items takes the last one's values and a version higher by one per item, as one item
 * after another would have given it.
 */
function upsertedUsers(p: Columns, users: readonly UserUpsertItem[], now: Date): string[] {
  const byUser = new Map<string, { user: UserUpsertItem['user']; count: number }>();
  for (const { user } of users) byUser.set(user.id, { user, count: (byUser.get(user.id)?.count ?? 0) + 1 });
  if (byUser.size === 0) return [];
  const rows = [...byUser.values()];
  const column = (value: (u: UserUpsertItem['user']) => unknown, type: string) => p.column(rows.map((r) => value(r.user)), type);
  return [
    `upserted_user AS (
      INSERT INTO centre_user (region_code, centre_code, user_id, username, display_name, role, department_code, password_verifier,
                               must_change_password, disabled, version, updated_at)
      SELECT r, c, i, n, d, ro, dc, pv, m, x, v, ${p.value(now, 'timestamptz')}
        FROM ROWS FROM (${column((u) => regionOfCentre(u.centreCode), 'text')}, ${column((u) => u.centreCode, 'text')}, ${column((u) => u.id, 'text')},
                    ${column((u) => u.username, 'text')}, ${column((u) => u.displayName, 'text')}, ${column((u) => u.role, 'text')},
                    ${column((u) => u.departmentCode, 'text')}, ${column((u) => u.passwordVerifier, 'text')}, ${column((u) => u.mustChangePassword, 'boolean')},
                    ${column((u) => u.disabled, 'boolean')}, ${p.column(rows.map((r) => r.count), 'int')}) AS u(r, c, i, n, d, ro, dc, pv, m, x, v)
      ON CONFLICT (region_code, centre_code, user_id) DO UPDATE SET
        username = EXCLUDED.username, display_name = EXCLUDED.display_name, role = EXCLUDED.role, department_code = EXCLUDED.department_code,
        password_verifier = EXCLUDED.password_verifier, must_change_password = EXCLUDED.must_change_password, disabled = EXCLUDED.disabled,
        version = centre_user.version + EXCLUDED.version, updated_at = EXCLUDED.updated_at)`,
  ];
}

function receipts(p: Columns, device: DeviceContext, users: readonly UserUpsertItem[], auditHead: AuditHead | null, now: Date): string[] {
  const parts: string[] = [];
  if (users.length > 0) {
    parts.push(`user_message AS (
      INSERT INTO applied_message (region_code, id, kind, recorded_at)
      SELECT ${p.value(device.region, 'text')}, i, 'user.upsert', ${p.value(now, 'timestamptz')} FROM ${p.column(users.map((u) => u.id), 'uuid')} AS i)`);
  }
  if (auditHead !== null) {
    parts.push(`audit_head AS (
      INSERT INTO device_audit_head (region_code, device_id, audit_seq, hash, at, received_at)
      VALUES (${p.value(device.region, 'text')}, ${p.value(device.deviceId, 'uuid')}, ${p.value(auditHead.seq, 'bigint')}, ${p.value(auditHead.hash, 'text')},
              ${p.value(auditHead.at, 'text')}, ${p.value(now, 'timestamptz')})
      ON CONFLICT DO NOTHING)`);
  }
  return parts;
}

/**
 * Everything a push batch applied, written by one statement (one round trip to PostgreSQL,
 * whatever the batch holds): the cases it opened and moved, its events, the device's count, the
 * attachments named, the users and their messages, the audit head, and the centres' feeds. A case opened
 * by this batch is inserted as it stands after the batch; the others are updated. The feeds'
 * counters are taken in (region, centre) order inside the statement, held until the commit
 * that follows it (see feed.ts). Returns the centres whose feeds grew, each with the number of
 * its last entry and how many the batch appended: those are the feed numbers after the one the
 * centre's counter stood at, a block no other transaction can share (the counter row is held
 * until the commit).
 */
export async function writeBatch(
  tx: Tx,
  device: DeviceContext,
  changed: readonly WorkingCase[],
  applied: readonly AppliedEvent[],
  users: readonly UserUpsertItem[],
  auditHead: AuditHead | null,
  feed: readonly FeedEntry[],
  sealer: Sealer,
  now: Date,
): Promise<Map<string, AppendedFeed>> {
  const p = new Columns();
  const opened = changed.filter((c) => c.isNew);
  const parts = [
    ...openedCases(p, opened, sealer),
    ...movedCases(p, changed.filter((c) => !c.isNew)),
    ...appliedEvents(p, device, applied, now),
    ...attachmentLinks(p, device, opened, applied, sealer),
    ...upsertedUsers(p, users, now),
    ...receipts(p, device, users, auditHead, now),
  ];
  const fed = feedRows(feed);
  if (fed.counters.region.length > 0) {
    parts.push(
      `counter AS (
        INSERT INTO feed_counter (region_code, centre_code, last_seq)
        SELECT * FROM ROWS FROM (${p.column(fed.counters.region, 'text')}, ${p.column(fed.counters.centre, 'text')}, ${p.column(fed.counters.count, 'bigint')}) AS k(r, c, n) ORDER BY r, c
        ON CONFLICT (region_code, centre_code) DO UPDATE SET last_seq = feed_counter.last_seq + EXCLUDED.last_seq
        RETURNING region_code, centre_code, last_seq)`,
      `fed AS (
        INSERT INTO feed (region_code, centre_code, seq, entries, kind, ref_region, ref_id, recorded_at)
        SELECT f.r, f.c, k.last_seq - f.n + f.i, f.e, f.k, f.rr, f.ri, now()
          FROM ROWS FROM (${p.column(fed.rows.region, 'text')}, ${p.column(fed.rows.centre, 'text')}, ${p.column(fed.rows.index, 'bigint')}, ${p.column(fed.rows.count, 'bigint')},
                      ${p.column(fed.rows.entries, 'int')}, ${p.column(fed.rows.kind, 'text')}, ${p.column(fed.rows.refRegion, 'text')}, ${p.column(fed.rows.refId, 'text')})
            AS f(r, c, i, n, e, k, rr, ri)
          JOIN counter k ON k.region_code = f.r AND k.centre_code = f.c)`,
    );
  }
  const appended = new Map<string, AppendedFeed>();
  if (parts.length === 0) return appended;
  // Data-modifying WITH parts run once and to completion whether or not the final SELECT reads them.
  const grew = fed.keys.length > 0;
  const { rows } = await tx.query<{ region_code: string; centre_code: string; last_seq: string }>(
    prepared(`WITH ${parts.join(',\n')} ${grew ? 'SELECT region_code, centre_code, last_seq FROM counter' : 'SELECT 1'}`, p.params),
  );
  // A batch that grew no feed (its items all stored before, only its audit head new) reads back no counter.
  if (!grew) return appended;
  for (const row of rows) {
    const key = `${row.region_code}/${row.centre_code}`;
    appended.set(key, { lastSeq: Number(row.last_seq), count: fed.counters.count[fed.keys.indexOf(key)] as number });
  }
  return appended;
}
