/**
 * Cases flowing between centres and between gateway processes: a 跨区通办 case goes to the
 * competent centre and its decision comes back; two gateway processes on one PostgreSQL, with
 * devices split between them, converge on one numbering; a long-poll wakes on a change committed
 * by the other process; shutdown finishes the requests in hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PullResponse, PushResponse, RegisterResponse } from '../../src-main/domain/sync/index.ts';
import { call, codePool, startGateway, startTestPostgres, type GatewayProcess, type TestPostgres } from '../helpers/gateway.ts';
import { acceptAndTransfer, centreUsers, clerk, eventItem, newCase, pushBody, randomUUID, reviewerLi, reviewerZhang } from '../helpers/sync-items.ts';

let postgres: TestPostgres;
let databaseUrl: string;
let one: GatewayProcess;
let two: GatewayProcess;
let nextCode: ReturnType<typeof codePool>;

beforeAll(async () => {
  postgres = await startTestPostgres();
  databaseUrl = await postgres.createDatabase();
  [one, two] = await Promise.all([startGateway({ databaseUrl }), startGateway({ databaseUrl })]);
  nextCode = codePool({ databaseUrl });
});

afterAll(async () => {
  await Promise.all([one?.stop(), two?.stop()]);
  await postgres?.stop();
});

async function register(gateway: GatewayProcess, centre: string, role: 'window' | 'backoffice'): Promise<RegisterResponse> {
  const answer = await call<RegisterResponse>(gateway.url, 'POST', '/v1/devices/register', {
    body: { code: await nextCode(centre, role), installationId: randomUUID(), deviceName: `${centre}-${role}`, appVersion: '0.1.0' },
  });
  expect(answer.status).toBe(200);
  const people = await call<PushResponse>(gateway.url, 'POST', '/v1/push', { token: answer.body.accessToken, body: pushBody(centreUsers(centre)) });
  expect(people.body.results.every((r) => r.outcome === 'applied')).toBe(true);
  return answer.body;
}

const push = (g: GatewayProcess, token: string, items: unknown[]) => call<PushResponse>(g.url, 'POST', '/v1/push', { token, body: pushBody(items) });
const pull = (g: GatewayProcess, token: string, cursor: string | null, waitSeconds = 0) =>
  call<PullResponse>(g.url, 'POST', '/v1/pull', { token, body: { cursor, waitSeconds } });

async function pullAll(g: GatewayProcess, token: string, cursor: string | null = null) {
  const events: PullResponse['events'] = [];
  const cases: PullResponse['cases'] = [];
  for (;;) {
    const page = await pull(g, token, cursor);
    events.push(...page.body.events);
    cases.push(...page.body.cases);
    cursor = page.body.cursor;
    if (!page.body.hasMore) return { events, cases, cursor };
  }
}

describe('跨区通办', () => {
  it('sends a case taken at 210211 for a matter of 210202 to 210202, and the decision back to 210211', async () => {
    const ganjingzi = await register(one, '210211', 'window');
    const zhongshan = await register(two, '210202', 'backoffice');
    const c = newCase({ region: '210211', deviceCode: ganjingzi.deviceCode, matterRegion: '210202', applicant: '周八' });
    const local = newCase({ region: '210211', deviceCode: ganjingzi.deviceCode });
    const pushed = await push(one, ganjingzi.accessToken, [...acceptAndTransfer(c), ...acceptAndTransfer(local)]);
    expect(pushed.body.results.every((r) => r.outcome === 'applied')).toBe(true);

    const atZhongshan = await pullAll(two, zhongshan.accessToken);
    expect(atZhongshan.cases.map((x) => x.header.caseNumber)).toEqual([c.caseNumber]);
    expect(atZhongshan.cases[0]?.header.personal.name).toBe('周八');
    expect(atZhongshan.events.map((e) => e.seq)).toEqual([1, 2]);

    const decided = await push(two, zhongshan.accessToken, [
      eventItem(c, 'review.claimed', reviewerZhang, { assigneeId: reviewerZhang.id }, { baseSeq: 2 }),
      eventItem(c, 'review.stepCompleted', reviewerZhang, { step: 1, opinion: '材料齐全，同意' }, { baseSeq: 2 }),
      eventItem(c, 'review.decided', reviewerZhang, { outcome: 'granted' }, { baseSeq: 2 }),
    ]);
    expect(decided.body.results.map((r) => r.seq)).toEqual([3, 4, 5]);

    const atGanjingzi = await pullAll(one, ganjingzi.accessToken);
    const back = atGanjingzi.events.filter((e) => e.caseId === c.caseId);
    expect(back.map((e) => e.type)).toEqual(['intake.accepted', 'case.transferred', 'review.claimed', 'review.stepCompleted', 'review.decided']);
    expect(back.at(-1)).toMatchObject({ seq: 5, actorName: '张三', centreCode: '210202' });
    expect(atGanjingzi.cases.find((x) => x.header.caseId === c.caseId)?.standing.status).toBe('decided');
  });

  it('refuses an action on a case from a centre that neither took it nor decides it', async () => {
    const ganjingzi = await register(one, '210211', 'window');
    const lvshun = await register(two, '210212', 'backoffice');
    const c = newCase({ region: '210211', deviceCode: ganjingzi.deviceCode });
    await push(one, ganjingzi.accessToken, acceptAndTransfer(c));
    const answer = await push(two, lvshun.accessToken, [eventItem(c, 'review.claimed', reviewerLi, { assigneeId: reviewerLi.id }, { baseSeq: 2 })]);
    expect(answer.body.results[0]?.reason?.code).toBe('OUT_OF_SCOPE');
  });
});

describe('two gateway processes on one PostgreSQL', () => {
  it('number the events of cases pushed through both at once without gaps or doubles, and both feeds agree', async () => {
    const windows = await Promise.all([register(one, '210203', 'window'), register(two, '210203', 'window')]);
    const reader = await register(one, '210203', 'backoffice');
    const shared = newCase({ region: '210203', deviceCode: windows[0]!.deviceCode });
    await push(one, windows[0]!.accessToken, acceptAndTransfer(shared));
    // Both windows add notes to the same case at the same time, each through its own gateway, and retry everything once.
    const notes = windows.map((w, i) => Array.from({ length: 40 }, (_, n) => eventItem(shared, 'note', clerk, { text: `窗口${i + 1}备注${n + 1}` }, { baseSeq: 2 })));
    const gateways = [one, two];
    const rounds = await Promise.all(
      windows.flatMap((w, i) => [0, 1].map(() => push(gateways[i]!, w.accessToken, notes[i]!))),
    );
    const outcomes = rounds.flatMap((r) => r.body.results.map((x) => x.outcome));
    expect(outcomes.filter((o) => o === 'applied')).toHaveLength(80);
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(80);
    const viaOne = await pullAll(one, reader.accessToken);
    const viaTwo = await pullAll(two, reader.accessToken);
    expect(viaTwo.events.map((e) => e.id)).toEqual(viaOne.events.map((e) => e.id));
    expect(viaOne.events.map((e) => e.seq)).toEqual(Array.from({ length: 82 }, (_, i) => i + 1));
  });

  it('wakes a long-poll on one process when the other commits a change', async () => {
    const window = await register(two, '210204', 'window');
    const backoffice = await register(one, '210204', 'backoffice');
    const start = await pullAll(one, backoffice.accessToken);
    const started = Date.now();
    const waiting = pull(one, backoffice.accessToken, start.cursor, 20);
    await new Promise((r) => setTimeout(r, 500));
    const c = newCase({ region: '210204', deviceCode: window.deviceCode });
    await push(two, window.accessToken, acceptAndTransfer(c));
    const woke = await waiting;
    expect(woke.body.events.map((e) => e.caseId)).toEqual([c.caseId, c.caseId]);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});

describe('health and shutdown', () => {
  it('answers /health and /ready, then on SIGTERM finishes the long-poll in hand and exits 0', async () => {
    const g = await startGateway({ databaseUrl, env: { GATEWAY_LOG_LEVEL: 'debug' } });
    expect((await call<{ status: string }>(g.url, 'GET', '/health', { protocol: null })).body.status).toBe('ok');
    expect((await call<{ status: string }>(g.url, 'GET', '/ready', { protocol: null })).body.status).toBe('ready');
    const device = await register(g, '210205', 'window');
    const cursor = (await pullAll(g, device.accessToken)).cursor;
    const waiting = pull(g, device.accessToken, cursor, 20);
    // The signal comes once the gateway holds the long-poll (on a loaded machine the request can take a while to arrive).
    while (!g.output().includes('long-poll waiting')) await new Promise((r) => setTimeout(r, 50));
    const exit = g.stop('SIGTERM');
    const answer = await waiting.catch((e: unknown) => {
      throw new Error(`${String(e)}\n${g.output()}`);
    });
    expect(answer.status).toBe(200);
    expect(answer.body.events).toEqual([]);
    expect(await exit).toBe(0);
    expect(g.output()).toContain('shutting down: finishing the requests in hand');
  });
});
