/**
 * First sync at scale, killed half way (issue 17): a new back-office PC pulls its centre's cases
 * into an empty app; its app process is SIGKILLed part-way through the pull, started again on
 * the same folder, and goes on from its last saved page, not from zero.
 *
 * The gateway is a real process on a real embedded PostgreSQL, on a copy of the cached centre
 * fixture (bench/fixtures/sync-centre.ts): the cases got there from a window PC's write path and
 * push. The bench (`sync.initial_100k_s`) pulls 100,000 cases; this test uses 2,500 (5,000 events
 * and the centre's accounts: six pages of 1,000 changes), because what is checked is the resume,
 * page by page, and a test cannot spend minutes per run on a 2-core CI machine. The kill lands
 * while the fourth page is on its way or the third is being stored, so at least two whole pages
 * are saved and several are still to come.
 *
 * Checked after the kill, from the app's SQLite and the gateway's PostgreSQL by plain SQL:
 *  - every saved page is whole, with its cursor: the app holds exactly the feed up to the saved
 *    cursor (its events, numbered, and their cases), and that prefix is a whole number of pages;
 *  - on restart the app asks for the pages after its cursor only (counted at the proxy) and pulls
 *    exactly the events it lacked;
 *  - then the four invariants (nothing lost, nothing doubled, no queue stuck, no silent refusal).
 */
import { rmSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { centreCode, centreFixture, startCentreGateway } from '../../../bench/fixtures/sync-centre.ts';
import type { DemoGateway } from '../../../scripts/sync-gateway.ts';
import { Transport } from '../../../src-main/services/sync/transport.ts';
import { closeSyncApp, startSyncApp, stopAllSyncApps } from '../../helpers/sync.ts';
import { closeProxies, heal, startFaultyApp, type FaultyApp } from '../../helpers/sync-faults.ts';
import { checkInvariants, drain } from '../../helpers/sync-invariants.ts';
import { runSyncChild } from '../../helpers/sync-kill.ts';

/** A smaller centre than the bench's 100,000 cases (see above); the resume is the same code. */
const cases = 2500;
/** The app's pull page (src-main/services/sync/engine.ts asks for 1,000 changes a page). */
const pageSize = 1000;

let gateway: DemoGateway;
let gatewayDir = '';
let fresh: FaultyApp;

beforeAll(async () => {
  const fixture = await centreFixture(cases);
  const centre = await startCentreGateway(fixture);
  gateway = centre.gateway;
  gatewayDir = centre.dir;
}, 900_000);

afterAll(async () => {
  await stopAllSyncApps();
  if (fresh) await closeProxies([fresh]);
  await gateway?.stop();
  if (gatewayDir) rmSync(gatewayDir, { recursive: true, force: true });
}, 120_000);

async function sql<T extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: gateway.databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}

/** The feed position a cursor names, read as the gateway writes it (base64url JSON { v, e, s }). */
function feedSeqOf(cursor: string): number {
  return (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { s: number }).s;
}

const pullsAtProxy = (a: FaultyApp) => a.proxy.log.filter((entry) => entry.path.startsWith('/v1/pull')).length;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a new PC killed during its first sync', () => {
  it('resumes from its last saved page: whole pages with their cursor, nothing pulled twice, nothing lost', async () => {
    const [feed] = await sql<{ rows: string; events: string }>(
      "SELECT sum(entries) AS rows, sum(entries) FILTER (WHERE kind = 'event') AS events FROM feed WHERE centre_code = $1",
      [centreCode],
    );
    const feedRows = Number(feed?.rows);
    const centralEvents = Number(feed?.events);
    expect(centralEvents).toBe(cases * 2);
    const totalPages = Math.ceil(feedRows / pageSize);
    expect(totalPages).toBeGreaterThanOrEqual(5);

    // Registered in this process, then closed: its folder goes to the app process that will be killed.
    // Its accounts stay queued (sendAccounts: false): sending them would run the first sync here.
    fresh = await startFaultyApp(gateway, 'new back office', { role: 'backoffice', users: ['reviewer'], timeoutMs: 30_000, deadlineMs: 60_000, sendAccounts: false });
    await closeSyncApp(fresh.app);
    const child = runSyncChild(fresh.app.dataDir);
    // The fourth page is asked for only after the second was stored (the next page is fetched
    // while the last is stored); the kill lands as the fourth is on its way or the third is stored.
    for (let i = 0; i < 3; i++) fresh.proxy.onForward('/v1/pull', () => undefined);
    fresh.proxy.onForward('/v1/pull', () => void sleep(Math.floor(Math.random() * 100)).then(() => child.kill()));
    const { signal, output } = await child.exited;
    expect(signal, output).toBe('SIGKILL');
    expect(output).not.toMatch(/done/);

    // The same folder opened again, as the PC starting up after the crash.
    const transport = new Transport({ timeoutMs: 30_000, deadlineMs: 60_000 });
    const app = await startSyncApp(gateway, { dataDir: fresh.app.dataDir, register: false, role: 'backoffice', users: ['reviewer'], engine: { transport } });
    fresh = { ...fresh, app, services: app.services, engine: app.engine };
    const saved = app.services.env.store.read((tx) => ({
      cursor: tx.get<{ cursor: string | null }>('SELECT cursor FROM sync_link WHERE id = 1')?.cursor ?? null,
      numbered: tx.get<{ n: number }>('SELECT count(*) AS n FROM case_event_order')?.n ?? -1,
      events: tx.get<{ n: number }>('SELECT count(*) AS n FROM case_event e JOIN case_record c ON c.id = e.case_id WHERE c.is_demo = 0')?.n ?? -1,
      cases: tx.get<{ n: number }>('SELECT count(*) AS n FROM case_record WHERE is_demo = 0')?.n ?? -1,
    }));
    expect(saved.cursor, 'a cursor was saved before the kill').not.toBeNull();
    const savedSeq = feedSeqOf(saved.cursor as string);

    // What the gateway's feed holds up to that cursor: the app must hold exactly that, no more, no less.
    // A feed row holds a run of entries (numbers seq - entries + 1 … seq): a case's events from the one it names on.
    const [prefix] = await sql<{ rows: string; events: string; cases: string }>(
      `WITH entry AS (
         SELECT f.seq - f.entries + 1 + k AS seq, f.kind, e.case_id
           FROM feed f CROSS JOIN generate_series(0, f.entries - 1) AS k
           LEFT JOIN central_event first ON f.kind = 'event' AND first.region_code = f.ref_region AND first.id::text = f.ref_id
           LEFT JOIN central_event e ON e.region_code = first.region_code AND e.case_id = first.case_id AND e.seq = first.seq + k
          WHERE f.centre_code = $1)
       SELECT count(*) AS rows, count(*) FILTER (WHERE kind = 'event') AS events, count(DISTINCT case_id) AS cases FROM entry WHERE seq <= $2`,
      [centreCode, savedSeq],
    );
    const savedRows = Number(prefix?.rows);
    const savedPages = savedRows / pageSize;
    expect(Number.isInteger(savedPages), `the saved prefix (${savedRows} feed rows) is a whole number of pages`).toBe(true);
    expect(savedPages, 'at least two pages were saved before the kill').toBeGreaterThanOrEqual(2);
    expect(savedPages, 'the kill came before the last page').toBeLessThan(totalPages);
    expect({ numbered: saved.numbered, events: saved.events, cases: saved.cases }, 'the app holds exactly the saved pages').toEqual({
      numbered: Number(prefix?.events),
      events: Number(prefix?.events),
      cases: Number(prefix?.cases),
    });

    // The restart goes on from the cursor: only the pages after it, only the events it lacked.
    heal([fresh]);
    const pullsBefore = pullsAtProxy(fresh);
    const resumed = await fresh.engine.syncNow();
    expect(resumed.pulledEvents, 'events pulled after the restart').toBe(centralEvents - saved.numbered);
    // The restarted PC also sends its queued accounts, which adds their rows to the feed and one
    // pull after that push; from zero it would have asked for every page again.
    const [after] = await sql<{ rows: string }>('SELECT sum(entries) AS rows FROM feed WHERE centre_code = $1', [centreCode]);
    const pagesAfter = pullsAtProxy(fresh) - pullsBefore;
    expect(pagesAfter, 'pages asked for after the restart').toBeGreaterThanOrEqual(totalPages - savedPages);
    expect(pagesAfter, 'pages asked for after the restart').toBeLessThanOrEqual(Math.ceil(Number(after?.rows) / pageSize) - savedPages + 1);
    expect(pagesAfter, 'the restart did not start from zero').toBeLessThan(totalPages);

    const held = app.services.env.store.read((tx) => ({
      numbered: tx.get<{ n: number }>('SELECT count(*) AS n FROM case_event_order')?.n ?? -1,
      cases: tx.get<{ n: number }>('SELECT count(*) AS n FROM case_record WHERE is_demo = 0')?.n ?? -1,
    }));
    expect(held).toEqual({ numbered: centralEvents, cases });
    await drain([fresh]);
    await checkInvariants(gateway.databaseUrl, [fresh]);
  });
});
