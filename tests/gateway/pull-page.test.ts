/**
 * A pulled page's answer, written out: a feed with the device's own events, another device's,
 * users, a catalogue and a calendar, read whole and a few entries a page, brief and in full. The
 * feed's statement hands a page's own events back as one aggregated row (gateway/src/services/
 * pull.ts); the answers, cursors and `hasMore` are the ones the row-per-entry statement gave.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PullResponse, PushResponse, RegisterResponse } from '../../src-main/domain/sync/index.ts';
import { call, gatewayCommand, useGateway } from '../helpers/gateway.ts';
import { acceptAndTransfer, centreUsers, eventItem, newCase, pushBody, randomUUID, reviewerZhang } from '../helpers/sync-items.ts';

const g = useGateway();
const centre = '210213';

async function register(role: 'window' | 'backoffice'): Promise<RegisterResponse> {
  const answer = await call<RegisterResponse>(g.gateway.url, 'POST', '/v1/devices/register', {
    body: { code: await g.nextCode(centre, role), installationId: randomUUID(), deviceName: role, appVersion: '0.1.0' },
  });
  expect(answer.status).toBe(200);
  return answer.body;
}

async function push(token: string, items: unknown[]): Promise<void> {
  const answer = await call<PushResponse>(g.gateway.url, 'POST', '/v1/push', { token, body: pushBody(items) });
  expect(answer.body.results.map((r) => r.outcome)).toEqual(items.map(() => 'applied'));
}

const pull = async (token: string, cursor: string | null, limit: number, ownEvents?: 'full' | 'brief') => {
  const answer = await call<PullResponse>(g.gateway.url, 'POST', '/v1/pull', { token, body: { cursor, limit, ...(ownEvents ? { ownEvents } : {}) } });
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
  });
});
