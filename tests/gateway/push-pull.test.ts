/**
 * The gateway as a device sees it: a real gateway process on a real PostgreSQL, over HTTP on
 * loopback. Registration, idempotent push, per-item answers, the central state machine's
 * refusals in Chinese, and the change feed.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { PullResponse, PushResponse, RegisterResponse } from '../../src-main/domain/sync/index.ts';
import { call, gatewayCommand, useGateway } from '../helpers/gateway.ts';
import { acceptAndTransfer, centreUsers, clerk, eventItem, newCase, pushBody, randomUUID, reviewerLi, reviewerZhang, type Actor } from '../helpers/sync-items.ts';

const g = useGateway();

async function register(centre: string, role: 'window' | 'backoffice' = 'window', name = '3号窗口'): Promise<RegisterResponse> {
  const code = await g.nextCode(centre, role);
  const answer = await call<RegisterResponse>(g.gateway.url, 'POST', '/v1/devices/register', {
    body: { code, installationId: randomUUID(), deviceName: name, appVersion: '0.1.0' },
  });
  expect(answer.status).toBe(200);
  const people = await call<PushResponse>(g.gateway.url, 'POST', '/v1/push', { token: answer.body.accessToken, body: pushBody(centreUsers(centre)) });
  expect(people.body.results.every((r) => r.outcome === 'applied')).toBe(true);
  return answer.body;
}

const push = (token: string, items: unknown[], answers?: 'full' | 'brief') =>
  call<PushResponse>(g.gateway.url, 'POST', '/v1/push', { token, body: { ...pushBody(items), ...(answers ? { answers } : {}) } });
const pull = (token: string, cursor: string | null, limit = 1000, ownEvents?: 'full' | 'brief') =>
  call<PullResponse>(g.gateway.url, 'POST', '/v1/pull', { token, body: { cursor, limit, ...(ownEvents ? { ownEvents } : {}) } });

describe('registration', () => {
  it('gives each device of a region its own code, and a token that opens a session', async () => {
    const a = await register('210211');
    const b = await register('210211', 'backoffice');
    expect(a.deviceCode).toMatch(/^[0-9A-Z]{3}$/);
    expect(b.deviceCode).not.toBe(a.deviceCode);
    expect(a.centre).toEqual({ code: '210211', regionCode: '210211', name: '大连市甘井子区政务服务中心' });
    const session = await call<{ device: { deviceCode: string }; epoch: string }>(g.gateway.url, 'GET', '/v1/session', { token: a.accessToken });
    expect(session.status).toBe(200);
    expect(session.body.device.deviceCode).toBe(a.deviceCode);
    expect(session.body.epoch).toBe(a.epoch);
  });
});

describe('a centre is named when its first code is issued', () => {
  it('refuses the first code of a new centre without a name, then keeps the name it was given', async () => {
    const issue = (extra: string[]) => gatewayCommand<{ centre: { code: string; name: string } }>({ databaseUrl: g.databaseUrl }, ['issue-code', '--centre', '210204', '--role', 'window', ...extra]);
    await expect(issue([])).rejects.toThrow(/centre 210204 is new to this gateway: give its name with --name/);
    const db = new pg.Client({ connectionString: g.databaseUrl });
    await db.connect();
    const centres = await db.query("SELECT count(*)::int AS n FROM centre WHERE centre_code = '210204'");
    await db.end();
    expect(centres.rows).toEqual([{ n: 0 }]);
    expect((await issue(['--name', '大连市沙河口区政务服务中心'])).centre).toEqual({ code: '210204', regionCode: '210204', name: '大连市沙河口区政务服务中心' });
    expect((await issue([])).centre.name).toBe('大连市沙河口区政务服务中心');
  });
});

describe('push', () => {
  it('numbers each case event and answers a repeated batch as duplicates with the same numbers', async () => {
    const window = await register('210211');
    const c = newCase({ region: '210211', deviceCode: window.deviceCode });
    const items = acceptAndTransfer(c);
    const first = await push(window.accessToken, items);
    expect(first.status).toBe(200);
    expect(first.body.results.map((r) => [r.outcome, r.seq])).toEqual([['applied', 1], ['applied', 2]]);
    // The case as it now stands, once: on its last item of the batch.
    expect(first.body.results[0]?.case).toBeNull();
    expect(first.body.results[1]?.case?.status).toBe('in_review');
    const again = await push(window.accessToken, items);
    expect(again.body.results.map((r) => [r.outcome, r.seq])).toEqual([['duplicate', 1], ['duplicate', 2]]);
    const db = new pg.Client({ connectionString: g.databaseUrl });
    await db.connect();
    const stored = await db.query('SELECT count(*)::int AS n FROM central_event WHERE case_id = $1', [c.caseId]);
    await db.end();
    expect(stored.rows[0].n).toBe(2);
  });

  it('rejects a bad item alone and applies the items behind it', async () => {
    const window = await register('210211');
    const good = newCase({ region: '210211', deviceCode: window.deviceCode });
    const bad = newCase({ region: '210211', deviceCode: window.deviceCode });
    const [badAccept] = acceptAndTransfer(bad);
    const broken = { ...badAccept, payload: { ...badAccept?.payload, reviewSteps: 7 } };
    const unknownCase = eventItem(newCase({ region: '210211', deviceCode: window.deviceCode }), 'case.transferred', clerk, {});
    const answer = await push(window.accessToken, [broken, unknownCase, { id: randomUUID(), kind: 'case.event' }, ...acceptAndTransfer(good)]);
    expect(answer.status).toBe(200);
    const outcomes = answer.body.results.map((r) => [r.outcome, r.reason?.code ?? null]);
    expect(outcomes).toEqual([
      ['rejected', 'INVALID_EVENT'],
      ['rejected', 'CASE_UNKNOWN'],
      ['rejected', 'INVALID_EVENT'],
      ['applied', null],
      ['applied', null],
    ]);
    expect(answer.body.results[0]?.reason?.message).toContain('审查环节数');
    expect(answer.body.results[1]?.reason?.message).toContain('须先同步该件的受理');
  });

  it('refuses the later of two offline claims, naming who claimed it and when', async () => {
    const window = await register('210211');
    const backofficeA = await register('210211', 'backoffice', '市场监管后台1');
    const backofficeB = await register('210211', 'backoffice', '市场监管后台2');
    const c = newCase({ region: '210211', deviceCode: window.deviceCode });
    await push(window.accessToken, acceptAndTransfer(c));
    // Both reviewers saw the case at seq 2 and claimed it while cut off from each other.
    const zhang = eventItem(c, 'review.claimed', reviewerZhang, { assigneeId: reviewerZhang.id }, { baseSeq: 2, at: '2026-12-02T02:02:00.000Z' });
    const li = eventItem(c, 'review.claimed', reviewerLi, { assigneeId: reviewerLi.id }, { baseSeq: 2, at: '2026-12-02T02:05:00.000Z' });
    const first = await push(backofficeA.accessToken, [zhang]);
    expect(first.body.results[0]?.outcome).toBe('applied');
    const second = await push(backofficeB.accessToken, [li]);
    const result = second.body.results[0];
    expect(result?.outcome).toBe('rejected');
    expect(result?.reason?.code).toBe('STATE_CONFLICT');
    expect(result?.reason?.message.startsWith('该件已由张三于')).toBe(true);
    expect(result?.reason?.message).toContain('10:02认领');
    expect(result?.case).toMatchObject({ status: 'in_review', assigneeId: 'u-zhang', assigneeName: '张三', seq: 3 });
    expect(result?.events?.map((e) => e.type)).toEqual(['intake.accepted', 'case.transferred', 'review.claimed']);
  });
});

describe('account changes in a batch', () => {
  it('takes each as one after another would: the last values of a user named twice, its version up by two, another centre refused, and an event by the new person behind them', async () => {
    const window = await register('210211');
    const sun: Actor = { id: 'u-sun', role: 'clerk', name: '孙丽' };
    const [first] = centreUsers('210211', [sun]);
    const [renamed] = centreUsers('210211', [{ ...sun, name: '孙丽华' }]);
    const [elsewhere] = centreUsers('210202', [{ id: 'u-zhou', role: 'clerk', name: '周七' }]);
    const c = newCase({ region: '210211', deviceCode: window.deviceCode });
    const opening = eventItem(c, 'intake.accepted', sun, { caseNumber: c.caseNumber, dueDate: '2026-12-09', limit: { value: 5, unit: 'working' }, matterKind: 'promised', reviewSteps: 1 }, { withHeader: true });
    const answer = await push(window.accessToken, [first, elsewhere, renamed, opening]);
    expect(answer.body.results.map((r) => r.outcome)).toEqual(['applied', 'rejected', 'applied', 'applied']);
    expect(answer.body.results[1]?.reason).toMatchObject({ code: 'NOT_ALLOWED' });
    expect(answer.body.results[1]?.reason?.message).toContain('只能维护本中心的用户');
    const db = new pg.Client({ connectionString: g.databaseUrl });
    await db.connect();
    try {
      const users = await db.query("SELECT user_id, display_name, version FROM centre_user WHERE user_id IN ('u-sun', 'u-zhou')");
      expect(users.rows).toEqual([{ user_id: 'u-sun', display_name: '孙丽华', version: 2 }]);
      // A resend of the batch changes nothing: each item is a duplicate, the version stays.
      const again = await push(window.accessToken, [first, renamed]);
      expect(again.body.results.map((r) => r.outcome)).toEqual(['duplicate', 'duplicate']);
      expect((await db.query("SELECT version FROM centre_user WHERE user_id = 'u-sun'")).rows).toEqual([{ version: 2 }]);
    } finally {
      await db.end();
    }
    // Another device of the centre receives the user as it now stands.
    const backoffice = await register('210211', 'backoffice');
    const page = await pull(backoffice.accessToken, null);
    expect(page.body.users.filter((u) => u.id === 'u-sun').map((u) => [u.displayName, u.version])).toEqual([['孙丽华', 2]]);
  });
});

describe('push answers', () => {
  it("leave out the case's standing for applied and duplicate items when asked brief, and keep it for a refused one and for a request without the field", async () => {
    const window = await register('210211');
    const backofficeA = await register('210211', 'backoffice', '市场监管后台1');
    const backofficeB = await register('210211', 'backoffice', '市场监管后台2');
    const c = newCase({ region: '210211', deviceCode: window.deviceCode });
    const items = acceptAndTransfer(c);
    const first = await push(window.accessToken, items, 'brief');
    expect(first.status).toBe(200);
    expect(first.body.results.map((r) => [r.outcome, r.seq, r.case])).toEqual([['applied', 1, null], ['applied', 2, null]]);
    const again = await push(window.accessToken, items, 'brief');
    expect(again.body.results.map((r) => [r.outcome, r.seq, r.case])).toEqual([['duplicate', 1, null], ['duplicate', 2, null]]);
    // An older app's request (no field) and 'full' get the standing on the case's last item, as before.
    for (const answers of [undefined, 'full'] as const) {
      const full = await push(window.accessToken, items, answers);
      expect(full.body.results.map((r) => [r.outcome, r.seq])).toEqual([['duplicate', 1], ['duplicate', 2]]);
      expect(full.body.results[0]?.case).toBeNull();
      expect(full.body.results[1]?.case).toMatchObject({ status: 'in_review', seq: 2 });
    }
    const zhang = eventItem(c, 'review.claimed', reviewerZhang, { assigneeId: reviewerZhang.id }, { baseSeq: 2, at: '2026-12-02T02:02:00.000Z' });
    const li = eventItem(c, 'review.claimed', reviewerLi, { assigneeId: reviewerLi.id }, { baseSeq: 2, at: '2026-12-02T02:05:00.000Z' });
    expect((await push(backofficeA.accessToken, [zhang], 'brief')).body.results.map((r) => [r.outcome, r.seq, r.case])).toEqual([['applied', 3, null]]);
    const refused = (await push(backofficeB.accessToken, [li], 'brief')).body.results[0];
    expect(refused?.outcome).toBe('rejected');
    expect(refused?.reason?.code).toBe('STATE_CONFLICT');
    expect(refused?.case).toMatchObject({ status: 'in_review', assigneeId: 'u-zhang', assigneeName: '张三', seq: 3 });
    expect(refused?.events?.map((e) => e.type)).toEqual(['intake.accepted', 'case.transferred', 'review.claimed']);
  });

  it('refuses a batch whose answers field is neither full nor brief, as a whole', async () => {
    const window = await register('210211');
    const c = newCase({ region: '210211', deviceCode: window.deviceCode });
    const answer = await call<{ error: { code: string; field?: string } }>(g.gateway.url, 'POST', '/v1/push', { token: window.accessToken, body: { ...pushBody(acceptAndTransfer(c)), answers: 'short' } });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 'VALIDATION', field: 'answers' });
  });
});

describe("the push's place in the feed", () => {
  it("names the cursors around a batch's entries in the device's centre's feed: nothing else lies between them", async () => {
    // A centre no other test uses: its feed starts with the accounts this window pushes, at the feed's start (null).
    const code = await g.nextCode('210219', 'window');
    const window = (await call<RegisterResponse>(g.gateway.url, 'POST', '/v1/devices/register', { body: { code, installationId: randomUUID(), deviceName: '1号窗口', appVersion: '0.1.0' } })).body;
    const people = await push(window.accessToken, centreUsers('210219'));
    expect(people.body.ownFeed?.before).toBeNull();
    const other = await register('210219');
    const read = await pull(window.accessToken, null);
    // The feed's first entries, as many as the accounts the window pushed, end where its answer said.
    expect((await pull(window.accessToken, null, centreUsers('210219').length)).body.cursor).toBe(people.body.ownFeed?.after);
    expect(read.body.hasMore).toBe(false);
    const ofWindow = () => newCase({ region: '210219', deviceCode: window.deviceCode });
    const [c1, c2, c3, c4] = [ofWindow(), ofWindow(), newCase({ region: '210219', deviceCode: other.deviceCode }), ofWindow()];
    const inFull = async (cursor: string | null | undefined) => {
      const page = await pull(window.accessToken, cursor ?? null, 1000, 'full');
      return { events: page.body.events.map((e) => [e.caseId, e.seq]), cursor: page.body.cursor, hasMore: page.body.hasMore };
    };

    const first = (await push(window.accessToken, acceptAndTransfer(c1))).body.ownFeed;
    // The window had read the feed to its end: its batch starts right there.
    expect(first?.before).toBe(read.body.cursor);
    expect(await inFull(first?.before)).toEqual({ events: [[c1.caseId, 1], [c1.caseId, 2]], cursor: first?.after, hasMore: false });
    const second = (await push(window.accessToken, acceptAndTransfer(c2))).body.ownFeed;
    expect(second?.before).toBe(first?.after);

    // Another device's batch comes in between: the window's next block starts after it, not where its last one ended.
    await push(other.accessToken, acceptAndTransfer(c3));
    const items = acceptAndTransfer(c4);
    const fourth = (await push(window.accessToken, items)).body.ownFeed;
    expect(fourth?.before).not.toBe(second?.after);
    expect(await inFull(second?.after)).toEqual({ events: [[c3.caseId, 1], [c3.caseId, 2], [c4.caseId, 1], [c4.caseId, 2]], cursor: fourth?.after, hasMore: false });
    expect(await inFull(fourth?.before)).toEqual({ events: [[c4.caseId, 1], [c4.caseId, 2]], cursor: fourth?.after, hasMore: false });

    // A batch that adds nothing to the feed (answered as duplicates) names no place in it.
    const again = await push(window.accessToken, items);
    expect(again.body.results.map((r) => r.outcome)).toEqual(['duplicate', 'duplicate']);
    expect(again.body.ownFeed).toBeUndefined();
  });
});

describe('pull', () => {
  it('brings a case taken at the window to the back office of the same centre, page by page', async () => {
    const window = await register('210212');
    const backoffice = await register('210212', 'backoffice');
    const cases = [1, 2, 3].map(() => newCase({ region: '210212', deviceCode: window.deviceCode, applicant: '钱七' }));
    // The centre's accounts (pushed at registration) are at the head of its feed: read past them first.
    const accounts = await pull(backoffice.accessToken, null, 1000);
    expect([...new Set(accounts.body.users.map((u) => u.id))].sort()).toEqual(['u-li', 'u-wang', 'u-zhang']);
    await push(window.accessToken, cases.flatMap(acceptAndTransfer));
    const page1 = await pull(backoffice.accessToken, accounts.body.cursor, 4);
    expect(page1.status).toBe(200);
    expect(page1.body.events).toHaveLength(4);
    expect(page1.body.hasMore).toBe(true);
    const page2 = await pull(backoffice.accessToken, page1.body.cursor, 4);
    expect(page2.body.events).toHaveLength(2);
    expect(page2.body.hasMore).toBe(false);
    const all = [...page1.body.events, ...page2.body.events];
    expect(all.map((e) => [e.caseId, e.seq])).toEqual(cases.flatMap((c) => [[c.caseId, 1], [c.caseId, 2]]));
    expect(page1.body.cases[0]?.header.personal.name).toBe('钱七');
    const empty = await pull(backoffice.accessToken, page2.body.cursor, 4);
    expect(empty.body.events).toEqual([]);
    expect(empty.body.cursor).toBe(page2.body.cursor);
  });

  it("names a device's own events by id and number only when it asks for them brief, and in full otherwise", async () => {
    const window = await register('210214');
    const backoffice = await register('210214', 'backoffice');
    const own = newCase({ region: '210214', deviceCode: window.deviceCode, applicant: '周八' });
    const [accept, transfer] = acceptAndTransfer(own);
    await push(window.accessToken, [accept, transfer]);
    const claim = eventItem(own, 'review.claimed', reviewerZhang, { assigneeId: reviewerZhang.id }, { baseSeq: 2 });
    expect((await push(backoffice.accessToken, [claim])).body.results[0]?.outcome).toBe('applied');

    const brief = await pull(window.accessToken, null, 1000, 'brief');
    expect(brief.status).toBe(200);
    expect(brief.body.acknowledged).toEqual([
      { id: accept?.id, caseId: own.caseId, seq: 1 },
      { id: transfer?.id, caseId: own.caseId, seq: 2 },
    ]);
    // Another device's event on the same case comes whole, with its case.
    expect(brief.body.events.map((e) => [e.id, e.seq, e.type])).toEqual([[claim.id, 3, 'review.claimed']]);
    expect(brief.body.cases.map((c) => c.header.caseNumber)).toEqual([own.caseNumber]);

    // Without asking (an older app), or asking for them in full, its own events come whole.
    for (const full of [await pull(window.accessToken, null), await pull(window.accessToken, null, 1000, 'full')]) {
      expect(full.body.acknowledged).toBeUndefined();
      expect(full.body.events.map((e) => [e.seq, e.type])).toEqual([[1, 'intake.accepted'], [2, 'case.transferred'], [3, 'review.claimed']]);
      expect(full.body.cases[0]?.header.personal.name).toBe('周八');
    }
    expect(brief.body.cursor).toBe((await pull(window.accessToken, null)).body.cursor);
  });

  it('refuses a cursor it cannot read', async () => {
    const device = await register('210212');
    const answer = await pull(device.accessToken, 'not-a-cursor');
    expect(answer.status).toBe(400);
    expect((answer.body as unknown as { error: { message: string } }).error.message).toContain('游标');
  });
});

describe('personal data at rest', () => {
  it('keeps the applicant name and ID number out of the database in the clear', async () => {
    const window = await register('210213');
    const c = newCase({ region: '210213', deviceCode: window.deviceCode, applicant: '孙悟空之家', idNumber: '210211199001011237' });
    await push(window.accessToken, acceptAndTransfer(c));
    const db = new pg.Client({ connectionString: g.databaseUrl });
    await db.connect();
    const dump = await db.query(`SELECT row_to_json(c)::text AS row, encode(personal, 'hex') AS personal FROM central_case c WHERE case_id = $1`, [c.caseId]);
    await db.end();
    const row = dump.rows[0] as { row: string; personal: string };
    expect(row.row).not.toContain('孙悟空之家');
    expect(row.row).not.toContain('210211199001011237');
    expect(row.personal).not.toContain(Buffer.from('孙悟空之家').toString('hex'));
    expect(row.personal).not.toContain(Buffer.from('210211199001011237').toString('hex'));
  });
});
