/**
 * `POST /v1/pull`: a page of the device's centre's feed after the cursor, with everything it
 * names (events, their cases with headers and standing, users, catalogues, calendars).
 * The cursor is opaque to devices (feed-cursor.ts).
 */
import { regionOfCentre } from '../../../src-main/domain/sync/common.ts';
import type { AcknowledgedEvent, AcknowledgedRun, PulledCase, PulledUser, PullResponse } from '../../../src-main/domain/sync/pull.ts';
import type { Logger } from 'pino';
import type { Db } from '../db/database.ts';
import type { Sealer } from '../keys.ts';
import { decodeCursor, encodeCursor } from './feed-cursor.ts';
import { caseColumns, centralEventOf, eventColumns, joinHeader, standingOf, type CaseRow, type EventRow, type StoredHeader } from './cases.ts';
import type { DeviceContext } from './devices.ts';
import type { FeedListener } from './listener.ts';
import { addParentScans } from './parent-scans.ts';

interface FeedEntry {
  feed_seq: number;
  kind: 'event' | 'user' | 'catalogue' | 'calendar';
  ref_region: string;
  /** For an event, the first event of its feed row's run (the entry's own is `id`). */
  ref_id: string;
  case_region: string;
}
/** An event entry's event beside it; NULL columns for the other kinds (and an event not stored). */
type FeedRow = FeedEntry & ({ id: null } | (EventRow & { own: boolean }));

/**
 * The page's feed entries with, beside each event entry, its event: one statement, each event
 * read by key (`LATERAL`, index probes). Read apart, the page's 1,000 event keys went back to
 * PostgreSQL as two array parameters, which the driver escaped element by element, on a second
 * round trip. With `brief`, the pulling device's own events come as id and number only: it holds
 * their text (it made them) and needs only the gateway's number, which its push's answer normally
 * gave it already; their other columns come as NULL, so a page of a push's echo is a thousand
 * rows of three columns to send and parse, not of thirteen (the payload among them).
 *
 * A feed row stands for a run of entries (feed.ts): a case's events seq n … n + entries - 1, the
 * first named by the row. The run's first event is read by its key, the rest by case and seq,
 * and each event is numbered by its place in the run. A page holds `limit` entries whatever the
 * rows: the rows are counted by the entries they hold past the cursor (the first may be cut by
 * it, the last by the page's end), and only those that may reach the page are read.
 */
async function feedPage(db: Db, device: DeviceContext, after: number, limit: number, brief: boolean): Promise<FeedRow[]> {
  const briefOr = (column: string) => (['e.id', 'e.case_id', 'e.seq'].includes(column) ? column : `CASE WHEN e.own THEN NULL ELSE ${column} END AS ${column.slice(2)}`);
  const r = await db.query<FeedRow>(
    `SELECT f.seq - f.entries + 1 + coalesce(e.seq - f.first_seq, f.entries - 1) AS feed_seq, f.kind, f.ref_region, f.ref_id, e.own,
            ${eventColumns.split(', ').map(briefOr).join(', ')}, f.ref_region AS case_region
       FROM (SELECT w.seq, w.entries, w.kind, w.ref_region, w.ref_id, h.case_id AS run_case, h.seq AS first_seq
               FROM (SELECT seq, entries, kind, ref_region, ref_id, sum(least(entries, seq - $3)) OVER (ORDER BY seq) - least(entries, seq - $3) AS before
                       FROM (SELECT seq, entries, kind, ref_region, ref_id FROM feed
                              WHERE region_code = $1 AND centre_code = $2 AND seq > $3 ORDER BY seq LIMIT $4) runs) w
               LEFT JOIN LATERAL (SELECT case_id, seq FROM central_event
                                   WHERE w.kind = 'event' AND region_code = w.ref_region
                                     AND id = CASE WHEN w.kind = 'event' THEN w.ref_id::uuid END LIMIT 1) h ON true
              WHERE w.before < $4) f
       LEFT JOIN LATERAL (SELECT ${brief ? '(e.device_region = $5 AND e.device_id = $6)' : 'false'} AS own, e.* FROM central_event e
                           WHERE e.region_code = f.ref_region AND e.case_id = f.run_case
                             AND e.seq >= f.first_seq + greatest(0, $3 - (f.seq - f.entries)) AND e.seq < f.first_seq + f.entries
                           ORDER BY e.seq) e ON true
      ORDER BY f.seq, e.seq
      LIMIT $4`,
    [regionOfCentre(device.centreCode), device.centreCode, after, limit + 1, ...(brief ? [device.region, device.deviceId] : [])],
  );
  return r.rows;
}

/**
 * A feed row of the page as `ownEventRuns` reads it: a run of another device's events gives a row
 * per event (or one with NULL event columns when it is not a run of events); a run of the
 * device's own gives one row, its events not read: `run_case`, `run_first` and `taken` name them.
 */
type RunsFeedRow = FeedRow & { own: boolean; run_case: string | null; run_first: number | null; taken: number };

/**
 * The page's feed entries with own events as runs: each feed row's first event is read by its key
 * (as `feedPage` does) with its device; a row of the pulling device's own events stays one row,
 * and only the other devices' runs are read event by event. A run's events come from one push
 * batch, so from one device. The page holds `limit` entries, an own run counting as one whatever
 * its length (the device holds its events and only checks their numbers: a push's echo of 10,000
 * events is one page, not three): the rows that may reach the page are those whose weight before
 * them past the cursor (`before`) is less than `limit + 1`, an own run taking all its entries past
 * the cursor and any other row as many as the page has room for (`taken`; the first row may be cut
 * by the cursor), and the caller cuts the one row past the page that says whether there is more
 * (`cutToPage`).
 */
async function feedPageWithOwnRuns(db: Db, device: DeviceContext, after: number, limit: number): Promise<RunsFeedRow[]> {
  const r = await db.query<RunsFeedRow>(
    `SELECT f.seq - f.in_page + coalesce(e.seq - f.run_first + 1, f.taken) AS feed_seq, f.kind, f.ref_region, f.ref_id, f.own,
            f.run_case, f.run_first, f.taken, ${eventColumns}, f.ref_region AS case_region
       FROM (SELECT w.seq, w.kind, w.ref_region, w.ref_id, w.run_case, w.own, w.in_page,
                    (w.first_seq + w.entries - w.in_page)::integer AS run_first,
                    (CASE WHEN w.own THEN w.in_page ELSE least(w.in_page, $4 - w.before) END)::integer AS taken
               FROM (SELECT r.*, sum(r.weight) OVER (ORDER BY r.seq) - r.weight AS before
                       FROM (SELECT p.seq, p.entries, p.kind, p.ref_region, p.ref_id, h.case_id AS run_case, h.seq AS first_seq,
                                    coalesce(h.own, false) AS own, least(p.entries, p.seq - $3)::integer AS in_page,
                                    CASE WHEN coalesce(h.own, false) THEN 1 ELSE least(p.entries, p.seq - $3) END AS weight
                               FROM (SELECT seq, entries, kind, ref_region, ref_id FROM feed
                                      WHERE region_code = $1 AND centre_code = $2 AND seq > $3 ORDER BY seq LIMIT $4) p
                               LEFT JOIN LATERAL (SELECT case_id, seq, device_region = $5 AND device_id = $6 AS own FROM central_event
                                                   WHERE p.kind = 'event' AND region_code = p.ref_region
                                                     AND id = CASE WHEN p.kind = 'event' THEN p.ref_id::uuid END LIMIT 1) h ON true) r) w
              WHERE w.before < $4) f
       LEFT JOIN LATERAL (SELECT e.* FROM central_event e
                           WHERE NOT f.own AND e.region_code = f.ref_region AND e.case_id = f.run_case
                             AND e.seq >= f.run_first AND e.seq < f.run_first + f.taken
                           ORDER BY e.seq) e ON true
      ORDER BY f.seq, e.seq`,
    [regionOfCentre(device.centreCode), device.centreCode, after, limit + 1, device.region, device.deviceId],
  );
  return r.rows;
}

/**
 * Cuts the rows to the page's `limit`: each row is one entry of the page (an own run counts as
 * one, another device's run comes event by event), and the row past the page only says there is more.
 */
function cutToPage(rows: RunsFeedRow[], limit: number): { page: RunsFeedRow[]; hasMore: boolean } {
  return rows.length <= limit ? { page: rows, hasMore: false } : { page: rows.slice(0, limit), hasMore: true };
}

/** The page's events, in feed order: in full, and this device's own as id and number (brief) or as runs. */
function pageEvents(rows: readonly (FeedRow | RunsFeedRow)[]) {
  const events = rows.flatMap((row) => (row.kind === 'event' && row.id !== null ? [row] : []));
  const full = events.filter((row) => !row.own);
  const acknowledged: AcknowledgedEvent[] = events.filter((row) => row.own).map((row) => ({ id: row.id, caseId: row.case_id, seq: row.seq }));
  const acknowledgedRuns: AcknowledgedRun[] = rows.flatMap((row) =>
    'run_case' in row && row.own && row.run_case !== null && row.run_first !== null ? [{ caseId: row.run_case, firstSeq: row.run_first, lastSeq: row.run_first + row.taken - 1 }] : [],
  );
  return { full, acknowledged, acknowledgedRuns };
}

type OwnEvents = 'full' | 'brief' | 'runs';

async function loadPage(db: Db, rows: readonly (FeedRow | RunsFeedRow)[], device: DeviceContext, sealer: Sealer, own: OwnEvents) {
  const { full, acknowledged, acknowledgedRuns } = pageEvents(rows);
  const centralEvents = full.map(centralEventOf);
  // Only the cases of other devices' events: this device holds the cases of its own.
  const caseKeys = [...new Map(full.map((e) => [`${e.case_region}/${e.case_id}`, { region: e.case_region as string, caseId: e.case_id as string }])).values()];
  type Row = CaseRow & { parent_case_id: string | null; header: StoredHeader; personal: Buffer };
  const cs = caseKeys.length === 0 ? { rows: [] as Row[] } : await db.query<Row>(
    `SELECT c.* FROM unnest($1::bpchar[], $2::uuid[]) AS k(region, id)
       CROSS JOIN LATERAL (SELECT ${caseColumns}, parent_case_id, header, personal FROM central_case WHERE region_code = k.region AND case_id = k.id LIMIT 1) c`,
    [caseKeys.map((k) => k.region), caseKeys.map((k) => k.caseId)],
  );
  const cases: PulledCase[] = cs.rows.map((row) => ({ header: joinHeader(row.header, row.personal, sealer), standing: standingOf(row) }));
  await addParentScans(db, device, sealer, cs.rows.map((row, i) => ({ region: row.region_code, parentCaseId: row.parent_case_id, header: (cases[i] as PulledCase).header })));
  const userIds = rows.filter((r) => r.kind === 'user').map((r) => r.ref_id);
  const us = userIds.length === 0 ? { rows: [] } : await db.query(
    `SELECT user_id, username, display_name, role, department_code, centre_code, password_verifier, must_change_password, disabled, version, updated_at
       FROM centre_user WHERE region_code = $1 AND centre_code = $2 AND user_id = ANY($3::text[])`,
    [regionOfCentre(device.centreCode), device.centreCode, [...new Set(userIds)]],
  );
  const users: PulledUser[] = us.rows.map((u) => ({
    id: u.user_id,
    username: u.username,
    displayName: u.display_name,
    role: u.role,
    departmentCode: u.department_code,
    centreCode: u.centre_code,
    passwordVerifier: u.password_verifier,
    mustChangePassword: u.must_change_password,
    disabled: u.disabled,
    version: u.version,
    updatedAt: (u.updated_at as Date).toISOString(),
  }));
  const cat = rows.filter((r) => r.kind === 'catalogue');
  const catalogues = cat.length === 0 ? [] : (await db.query(
    'SELECT region_code, version, body, published_at FROM catalogue_version WHERE region_code = $1 AND version = ANY($2::text[]) ORDER BY published_at',
    [regionOfCentre(device.centreCode), cat.map((r) => r.ref_id)],
  )).rows.map((r) => ({ regionCode: r.region_code, version: r.version, publishedAt: (r.published_at as Date).toISOString(), catalogue: r.body }));
  const cal = rows.filter((r) => r.kind === 'calendar');
  const calendars = cal.length === 0 ? [] : (await db.query(
    'SELECT year, body, published_at FROM calendar_year WHERE region_code = $1 AND year = ANY($2::int[]) ORDER BY year',
    [regionOfCentre(device.centreCode), cal.map((r) => Number(r.ref_id))],
  )).rows.map((r) => ({ year: r.year, publishedAt: (r.published_at as Date).toISOString(), calendar: r.body }));
  const ownEvents = own === 'brief' ? { acknowledged } : own === 'runs' ? { acknowledgedRuns } : {};
  return { events: centralEvents, ...ownEvents, cases, users, catalogues, calendars };
}

export async function pull(
  db: Db,
  device: DeviceContext,
  request: { cursor: string | null; limit: number; waitSeconds: number; ownEvents?: 'full' | 'brief'; ownEventRuns?: boolean },
  options: { sealer: Sealer; epoch: string; listener: FeedListener | null; stopping: () => boolean; log: Logger },
): Promise<PullResponse> {
  const after = decodeCursor(request.cursor, options.epoch);
  const key = `${regionOfCentre(device.centreCode)}/${device.centreCode}`;
  const deadline = Date.now() + request.waitSeconds * 1000;
  // Each wait is registered before the read after it, so a change committed in between still wakes it.
  const waitOn = () => {
    const left = deadline - Date.now();
    return left > 0 && options.listener && !options.stopping() ? options.listener.waitFor(key, left) : null;
  };
  let wait = waitOn();
  // Runs go with brief: an app asking for them asks brief too, which a gateway that knows no runs answers.
  const own: OwnEvents = request.ownEvents !== 'brief' ? 'full' : request.ownEventRuns === true ? 'runs' : 'brief';
  const read = () => (own === 'runs' ? feedPageWithOwnRuns(db, device, after, request.limit) : feedPage(db, device, after, request.limit, own === 'brief'));
  let rows = await read();
  if (rows.length === 0 && wait) options.log.debug({ centre: device.centreCode, device: device.deviceCode }, 'long-poll waiting');
  // A wake may bring nothing for this device (a change of its centre it does not receive, or the
  // late announcement of one it has read): it waits on until its deadline, not back with nothing.
  while (rows.length === 0 && wait) {
    await wait.done;
    wait = waitOn();
    rows = await read();
  }
  wait?.cancel();
  const { page, hasMore } = own === 'runs' ? cutToPage(rows as RunsFeedRow[], request.limit) : { page: rows.slice(0, request.limit), hasMore: rows.length > request.limit };
  const last = page.at(-1)?.feed_seq ?? after;
  return { epoch: options.epoch, cursor: encodeCursor(options.epoch, last), hasMore, ...(await loadPage(db, page, device, options.sealer, own)) };
}
