/**
 * A pulled page's answer, written out: a feed with the device's own events, another device's,
 * users, a catalogue and a calendar, read whole and a few entries a page, brief, as runs and in
 * full. Asked as runs (`ownEventRuns`), a page names the device's own events by case and first
 * and last number, read by a statement of its own (gateway/src/services/pull.ts); its entries,
 * cursors and `hasMore` are the ones the brief page has.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { PullResponse, PushResponse, RegisterResponse } from '../../src-main/domain/sync/index.ts';
import { call, gatewayCommand, useGateway } from '../helpers/gateway.ts';
import { acceptAndTransfer, centreUsers, clerk, eventItem, newCase, pushBody, randomUUID, reviewerZhang } from '../helpers/sync-items.ts';

const g = useGateway();
const centre = '210213';

async function register(role: 'window' | 'backoffice', at = centre): Promise<RegisterResponse> {
  const answer = await call<RegisterResponse>(g.gateway.url, 'POST', '/v1/devices/register', {
    body: { code: await g.nextCode(at, role), installationId: randomUUID(), deviceName: role, appVersion: '0.1.0' },
  });
  expect(answer.status).toBe(200);
  return answer.body;
}

async function push(token: string, items: unknown[], outcomes = items.map(() => 'applied')): Promise<PushResponse> {
  const answer = await call<PushResponse>(g.gateway.url, 'POST', '/v1/push', { token, body: pushBody(items) });
  expect(answer.body.results.map((r) => r.outcome)).toEqual(outcomes);
  return answer.body;
}

const pull = async (token: string, cursor: string | null, limit: number, ownEvents?: 'full' | 'brief' | 'runs') => {
  const own = ownEvents === 'runs' ? { ownEvents: 'brief', ownEventRuns: true } : ownEvents ? { ownEvents } : {};
  const answer = await call<PullResponse>(g.gateway.url, 'POST', '/v1/pull', { token, body: { cursor, limit, ...own } });
  expect(answer.status).toBe(200);
  return answer.body;
};

/** The feed number a cursor carries (the cursor is base64url JSON `{v, e, s}`). */
const cursorSeq = (cursor: string) => (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { s: number }).s;

describe('a pulled page', () => {
  it('answers own events brief and everything else whole, page by page, with the same cursors as in full', async () => {
    const window = await register('window');
    const backoffice = await register('backoffice');
    const dir = mkdtempSync(join(tmpdir(), 'pull-page-'));
    writeFileSync(join(dir, 'catalogue.json'), JSON.stringify({ version: '2026.12-测试', items: [] }));
    writeFileSync(join(dir, 'calendar.json'), JSON.stringify({ year: 2027, holidays: [], workdays: [] }));
    // Feed 1-3: the centre's users; 4: a catalogue; 5: a calendar.
    await push(window.accessToken, centreUsers(centre));
    await gatewayCommand({ databaseUrl: g.databaseUrl }, ['import-catalogue', '--region', centre, '--file', join(dir, 'catalogue.json')]);
    await gatewayCommand({ databaseUrl: g.databaseUrl }, ['import-calendar', '--region', centre, '--file', join(dir, 'calendar.json')]);
    // Feed 6-7: the window's case A; 8: the back office claims it; 9: the window's case B.
    const a = newCase({ region: centre, deviceCode: window.deviceCode, applicant: '周八' });
    const [acceptA, transferA] = acceptAndTransfer(a);
    await push(window.accessToken, [acceptA, transferA]);
    const claimA = eventItem(a, 'review.claimed', reviewerZhang, { assigneeId: reviewerZhang.id }, { baseSeq: 2 });
    await push(backoffice.accessToken, [claimA]);
    const b = newCase({ region: centre, deviceCode: window.deviceCode, applicant: '吴九' });
    const [acceptB] = acceptAndTransfer(b);
    await push(window.accessToken, [acceptB]);

    const whole = await pull(window.accessToken, null, 1000, 'brief');
    // The very text of the brief entries: id, caseId, seq, in feed order.
    expect(JSON.stringify(whole.acknowledged)).toBe(
      `[{"id":"${acceptA?.id}","caseId":"${a.caseId}","seq":1},{"id":"${transferA?.id}","caseId":"${a.caseId}","seq":2},{"id":"${acceptB?.id}","caseId":"${b.caseId}","seq":1}]`,
    );
    expect(whole.events.map((e) => [e.id, e.caseId, e.seq, e.type, e.actorName])).toEqual([[claimA.id, a.caseId, 3, 'review.claimed', reviewerZhang.name]]);
    expect(whole.cases.map((c) => [c.header.caseNumber, c.header.personal.name, c.standing.seq, c.standing.status])).toEqual([[a.caseNumber, '周八', 3, 'in_review']]);
    expect(whole.users.map((u) => u.displayName).sort()).toEqual(centreUsers(centre).map((u) => u.user.displayName).sort());
    expect(whole.catalogues.map((c) => [c.regionCode, c.version, c.catalogue])).toEqual([[centre, '2026.12-测试', { version: '2026.12-测试', items: [] }]]);
    expect(whole.calendars.map((c) => [c.year, c.calendar])).toEqual([[2027, { year: 2027, holidays: [], workdays: [] }]]);
    expect([cursorSeq(whole.cursor), whole.hasMore]).toEqual([9, false]);

    // As runs: A's two events (1-2) and B's one, with the other answers as brief gives them.
    const runs = await pull(window.accessToken, null, 1000, 'runs');
    expect(runs.acknowledgedRuns).toEqual([{ caseId: a.caseId, firstSeq: 1, lastSeq: 2 }, { caseId: b.caseId, firstSeq: 1, lastSeq: 1 }]);
    expect(runs.acknowledged).toBeUndefined();
    expect({ ...runs, acknowledgedRuns: undefined, acknowledged: whole.acknowledged }).toEqual(whole);

    // Two entries a page: an own event is the page's last (6-7), the one past the page (limit + 1) is own (7, 9).
    const pages: unknown[] = [];
    const cursors: Array<[string, string]> = [];
    for (let cursor: string | null = null, more = true; more;) {
      const page: PullResponse = await pull(window.accessToken, cursor, 2, 'brief');
      const full = await pull(window.accessToken, cursor, 2, 'full');
      pages.push([
        page.acknowledged?.map((e) => e.seq), page.events.map((e) => [e.caseId === a.caseId ? 'A' : 'B', e.seq]), page.cases.length,
        page.users.length, page.catalogues.length, page.calendars.length, cursorSeq(page.cursor), page.hasMore,
        full.events.map((e) => [e.caseId === a.caseId ? 'A' : 'B', e.seq]), full.cases.length, full.acknowledged,
      ]);
      cursors.push([page.cursor, full.cursor]);
      cursor = page.cursor;
      more = page.hasMore;
    }
    expect(pages).toEqual([
      [[], [], 0, 2, 0, 0, 2, true, [], 0, undefined],
      [[], [], 0, 1, 1, 0, 4, true, [], 0, undefined],
      [[1], [], 0, 0, 0, 1, 6, true, [['A', 1]], 1, undefined],
      [[2], [['A', 3]], 1, 0, 0, 0, 8, true, [['A', 2], ['A', 3]], 1, undefined],
      [[1], [], 0, 0, 0, 0, 9, false, [['B', 1]], 1, undefined],
    ]);
    for (const [brief, full] of cursors) expect(brief).toBe(full);

    // Two entries a page as runs: an own run is one entry however long, so A's two events (6-7)
    // share the third page with the calendar, and the last page holds the claim (8) and B (9).
    const runPages: unknown[] = [];
    for (let cursor: string | null = null, more = true; more;) {
      const page: PullResponse = await pull(window.accessToken, cursor, 2, 'runs');
      runPages.push([
        page.acknowledgedRuns?.map((r) => [r.caseId === a.caseId ? 'A' : 'B', r.firstSeq, r.lastSeq]), page.events.map((e) => [e.caseId === a.caseId ? 'A' : 'B', e.seq]),
        page.cases.length, page.users.length, page.catalogues.length, page.calendars.length, cursorSeq(page.cursor), page.hasMore,
      ]);
      cursor = page.cursor;
      more = page.hasMore;
    }
    expect(runPages).toEqual([
      [[], [], 0, 2, 0, 0, 2, true],
      [[], [], 0, 1, 1, 0, 4, true],
      [[['A', 1, 2]], [], 0, 0, 0, 1, 7, true],
      [[['B', 1, 1]], [['A', 3]], 1, 0, 0, 0, 9, false],
    ]);
    // From a cursor inside a run (a brief page ended at 6): the run's rest, A's second event alone.
    const briefThird = await pull(window.accessToken, cursors[1]?.[0] ?? null, 2, 'brief');
    expect(cursorSeq(briefThird.cursor)).toBe(6);
    const rest = await pull(window.accessToken, briefThird.cursor, 2, 'runs');
    expect([rest.acknowledgedRuns?.map((r) => [r.caseId === a.caseId ? 'A' : 'B', r.firstSeq, r.lastSeq]), rest.events.map((e) => e.seq), cursorSeq(rest.cursor), rest.hasMore]).toEqual([
      [['A', 2, 2]], [3], 8, true,
    ]);

    // Past the end: an empty page keeps the cursor.
    const end = await pull(window.accessToken, whole.cursor, 2, 'brief');
    expect([end.acknowledged, end.events, end.users, cursorSeq(end.cursor), end.hasMore]).toEqual([[], [], [], 9, false]);
  });

  it("gives another device's view of the same feed whole: none of the window's events are its own", async () => {
    const other = await register('backoffice');
    const page = await pull(other.accessToken, null, 1000, 'brief');
    expect(page.acknowledged).toEqual([]);
    expect(page.events.map((e) => e.seq)).toEqual([1, 2, 3, 1]);
    expect(page.cases).toHaveLength(2);
    const runs = await pull(other.accessToken, null, 1000, 'runs');
    expect(runs.acknowledgedRuns).toEqual([]);
    expect({ ...runs, acknowledgedRuns: undefined, acknowledged: [] }).toEqual(page);
  });
});

const runsCentre = '210214';

async function pullInPages(token: string, limit: number, ownEvents?: 'runs') {
  const events: Array<[string, number]> = [];
  const own: Array<[string, number]> = [];
  const ends: number[] = [];
  for (let cursor: string | null = null, more = true; more;) {
    const page: PullResponse = await pull(token, cursor, limit, ownEvents);
    const runs = (page.acknowledgedRuns ?? []).flatMap((r) => Array.from({ length: r.lastSeq - r.firstSeq + 1 }, (_, i): [string, number] => [r.caseId, r.firstSeq + i]));
    // An own run is one entry of the page, however many events it names.
    expect(page.events.length + (page.acknowledgedRuns?.length ?? 0) + page.users.length).toBeLessThanOrEqual(limit);
    events.push(...page.events.map((e): [string, number] => [e.id, e.seq]));
    own.push(...runs);
    ends.push(cursorSeq(page.cursor));
    cursor = page.cursor;
    more = page.hasMore;
  }
  return { events, own, ends };
}

/**
 * A feed row stands for a run of one case's events (gateway/src/services/feed.ts, migration
 * 0006), but a device still reads the feed entry by entry: every event once, in the order the
 * batch applied them, numbered one after another, and a page of n entries ends after n of them
 * wherever a run ends. Only the device's own runs, asked as runs, are one entry each.
 */
describe('the feed of runs', () => {
  it('gives every event of interleaved and consecutive cases once, in the order applied, whatever the page size', async () => {
    const window = await register('window', runsCentre);
    const reader = await register('backoffice', runsCentre);
    await push(window.accessToken, centreUsers(runsCentre));
    const [a, b, c] = ['甲', '乙', '丙'].map((applicant) => newCase({ region: runsCentre, deviceCode: window.deviceCode, applicant }));
    const [acceptA, transferA] = acceptAndTransfer(a!);
    const [acceptB, transferB] = acceptAndTransfer(b!);
    const [acceptC, transferC] = acceptAndTransfer(c!);
    const note = (x: typeof a, text: string) => eventItem(x!, 'note', clerk, { text }, { baseSeq: 2 });
    const notesC = [note(c, '一'), note(c, '二'), note(c, '三')];
    // A and B interleaved; C's events one after another, with a refused item and a repeated one among them.
    const refused = { ...note(c, '坏'), type: 'no.such.type' };
    const batch = [acceptA, acceptB, transferA, transferB, acceptC, transferC, notesC[0], refused, notesC[1], notesC[0], notesC[2], note(a, '四')];
    const answer = await push(window.accessToken, batch, ['applied', 'applied', 'applied', 'applied', 'applied', 'applied', 'applied', 'rejected', 'applied', 'duplicate', 'applied', 'applied']);
    const applied = answer.results.flatMap((r, i) => (r.outcome === 'applied' ? [[(batch[i] as { id: string }).id, r.seq] as [string, number]] : []));
    expect(applied.map(([, seq]) => seq)).toEqual([1, 1, 2, 2, 1, 2, 3, 4, 5, 3]);
    const caseOf = new Map(batch.map((item) => [(item as { id: string }).id, (item as { caseId: string }).caseId]));
    const appliedAt = applied.map(([id, seq]): [string, number] => [caseOf.get(id) as string, seq]);

    // One row per run: the accounts, A, B, A, B, C's five, A.
    const client = new pg.Client({ connectionString: g.databaseUrl });
    await client.connect();
    try {
      const rows = await client.query<{ entries: number }>('SELECT entries FROM feed WHERE centre_code = $1 ORDER BY seq', [runsCentre]);
      expect(rows.rows.map((r) => r.entries)).toEqual([1, 1, 1, 1, 1, 1, 1, 5, 1]);
    } finally {
      await client.end();
    }

    const accounts = 3;
    const ownPageEnds: Record<number, number[]> = { 1: [1, 2, 3, 4, 5, 6, 7, 12, 13], 2: [2, 4, 6, 12, 13], 3: [3, 6, 13], 4: [4, 12, 13], 1000: [13] };
    for (const limit of [1, 2, 3, 4, 1000]) {
      const { events, ends } = await pullInPages(reader.accessToken, limit);
      expect(events, `pages of ${limit}`).toEqual(applied);
      // Each full page ends `limit` entries after the one before it, inside a run or not.
      const total = accounts + applied.length;
      expect(ends, `pages of ${limit}`).toEqual(Array.from({ length: Math.ceil(total / limit) }, (_, i) => Math.min(total, (i + 1) * limit)));
      // The window reads the same feed as its own runs: every event once, by case and number, each
      // run one entry of its page (the feed's rows end at 1, 2, 3, then A 4, B 5, A 6, B 7, C 12, A 13).
      const mine = await pullInPages(window.accessToken, limit, 'runs');
      expect(mine.events, `own pages of ${limit}`).toEqual([]);
      expect(mine.own, `own pages of ${limit}`).toEqual(appliedAt);
      expect(mine.ends, `own pages of ${limit}`).toEqual(ownPageEnds[limit]);
    }
  });
});
