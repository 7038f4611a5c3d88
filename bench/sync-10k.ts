/**
 * sync.push_10k_s, sync.pull_10k_s and the PouchDB peer in the same run.
 *
 *   sync.push_10k_s   a window's outbox of 10,000 case events (1,000 cases × 10 events written
 *                     through the app's write path, bench/fixtures/sync-outbox.ts) sent by its
 *                     sync engine (立即同步: session check, push in batches, then the pull that
 *                     follows a push) into a gateway process and its PostgreSQL, until the outbox
 *                     is empty and the cycle is over; beside it the two parts as measured
 *                     (push_part_s, closing_pull_s)
 *   sync.pull_10k_s   a new back-office app of the same centre pulls the same 10,000 events
 *                     (with their 1,000 cases) into its empty store, until caught up
 *   peer.pouchdb.*    the same 10,000 records (each pushed item's JSON as a document) replicated
 *                     with pouchdb-node to express-pouchdb (bench/peer/pouchdb.ts)
 *   sync.*_speedup_vs_pouchdb  the peer's time over ours
 *
 * Both servers are measured as running services: before the measured push, the gateway has
 * served another centre's window pushing 10,000 events and that centre's new back office pulling
 * them, and the PouchDB server the replication of the same items into another database and from
 * it into an empty one (bench/warm-up.ts), as a central service has served other devices all day
 * before this window's backlog arrives. The same figures with both servers just started (their
 * push and pull paths not yet compiled by V8) follow, named `…_cold_gateway_s`,
 * `…_cold_server_s` and `…_cold_servers`. Each of the two measurements runs in a new bench
 * process, so the app's code is cold in both, as in an app just started.
 *
 * The gateway, its embedded PostgreSQL and the PouchDB server each run in their own process.
 * The two apps run in the bench process, started with the heap of the app's service thread, where
 * their sync engines run in the app (`serviceThreadHeapFlags()` in sync-apps.ts); the PouchDB
 * client runs in a process of its own with Node's defaults, as a PouchDB app would. Everything
 * on loopback.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { startDemoGateway } from '../scripts/sync-gateway.ts';
import type { Services } from '../src-main/host/boot.ts';
import { pushLimits } from '../src-main/domain/sync/push.ts';
import { centralCounts } from './fixtures/sync-centre.ts';
import { copyOfApp, eventsPerCase, outboxFixture } from './fixtures/sync-outbox.ts';
import { pouchdbPeer } from './peer/pouchdb.ts';
import { killOnExit, killPid, removeOnExit, runNode } from './cleanup.ts';
import { report } from './report.ts';
import { hasServiceThreadHeap, heldEvents, itemsAsDocuments, pendingEvents, registeredApp, serviceThreadHeapFlags, settleCheckpoint } from './sync-apps.ts';
import { warmUpCases, warmUpGateway, warmUpPouchdb } from './warm-up.ts';

const cases = 1000;
const round = (n: number) => Number(n.toFixed(3));

/** The gateway's PostgreSQL durability settings as it ran (the shipped defaults: nothing is weakened for the bench). */
async function durability(databaseUrl: string): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const r = await client.query<{ name: string; setting: string }>("SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes', 'wal_sync_method')");
    return Object.fromEntries(r.rows.map((row) => [`gateway_pg_${row.name}`, row.setting]));
  } finally {
    await client.end();
  }
}

/** Whether both servers first serve another device's work (`warm`) or meet the measured push just started (`cold`). */
type Servers = 'warm' | 'cold';

const names = {
  warm: { push: 'sync.push_10k_s', pull: 'sync.pull_10k_s', peerPush: 'peer.pouchdb.push_10k_s', peerPull: 'peer.pouchdb.pull_10k_s', pushRatio: 'sync.push_speedup_vs_pouchdb', pullRatio: 'sync.pull_speedup_vs_pouchdb' },
  cold: {
    push: 'sync.push_10k_cold_gateway_s',
    pull: 'sync.pull_10k_cold_gateway_s',
    peerPush: 'peer.pouchdb.push_10k_cold_server_s',
    peerPull: 'peer.pouchdb.pull_10k_cold_server_s',
    pushRatio: 'sync.push_speedup_vs_pouchdb_cold_servers',
    pullRatio: 'sync.pull_speedup_vs_pouchdb_cold_servers',
  },
} as const;

/** Every figure's name, for bench/run.ts. */
export const sync10kFigures = [...Object.values(names.warm), ...Object.values(names.cold)];

const serversNote: Record<Servers, string> = {
  warm: `each server has first served another device's push of ${warmUpCases * eventsPerCase} events and a third device's first pull of them (${warmUpCases} cases × ${eventsPerCase} of another centre's window into the gateway, then into that centre's new back office; the same items replicated into another database of the PouchDB server, then from it into an empty one), as a running central service has; the app process is cold (a new bench process)`,
  cold: 'each server process started just before the measured push, nothing served before it but the apps\' registration; the app process is cold (a new bench process)',
};

/** Both measurements, each in a new bench process (the app's code cold in both), warm servers first. */
export async function benchSync10k(): Promise<void> {
  // Built here once, so neither measurement's process builds it.
  await outboxFixture(cases);
  // Its figures go straight to this process's standard output.
  for (const servers of ['warm', 'cold'] as const) await runNode(import.meta.filename, [`--servers=${servers}`], 'inherit', serviceThreadHeapFlags());
}

async function measure(servers: Servers): Promise<void> {
  const name = names[servers];
  const fixture = await outboxFixture(cases);
  const dir = mkdtempSync(join(tmpdir(), 'onewindow-bench-sync10k-'));
  // The gateway's folder and the two apps' folders go at the end, or on the bench's exit.
  const windowDir = copyOfApp(fixture, 'bench-window');
  const backOfficeDir = mkdtempSync(join(tmpdir(), 'onewindow-bench-backoffice-'));
  const removals = [removeOnExit(windowDir), removeOnExit(backOfficeDir)];
  const gateway = await startDemoGateway(dir, randomBytes(32).toString('hex'));
  // Killed with the bench if it ends before the finally (Ctrl-C, SIGTERM).
  const forget = killOnExit(() => {
    killPid(gateway.pids().gateway, 'SIGKILL');
    killPid(gateway.pids().postgres, 'SIGQUIT');
  });
  const apps: Services[] = [];
  const warmUpDocs = join(dir, 'warm-up-documents.json');
  try {
    const warmUp = servers === 'warm' ? await warmUpGateway(gateway, warmUpDocs) : { events: 0 };
    const windowPc = await registeredApp(gateway, { dataDir: windowDir, role: 'window' });
    apps.push(windowPc);
    const backOffice = await registeredApp(gateway, { dataDir: backOfficeDir, role: 'backoffice' });
    apps.push(backOffice);
    // Registration queued the window's accounts too: they go in the same push, the figure counts the case events.
    const events = pendingEvents(windowPc, 'case.event');
    const waiting = pendingEvents(windowPc);
    if (events !== cases * eventsPerCase) throw new Error(`the window's outbox holds ${events} events, expected ${cases * eventsPerCase}`);
    // The peer's documents go to a file now, not held as objects: the measured apps run on this
    // process's heap, and 10,000 documents there would be marked by every full collection of
    // their push and pull, which an app's service thread never carries.
    const peerDocs = join(dir, 'peer-documents.json');
    writeFileSync(peerDocs, JSON.stringify(itemsAsDocuments(windowPc, cases * eventsPerCase)));
    // Each app's housekeeping after its last commit is its own PC's, not the other's measurement.
    for (const app of apps) settleCheckpoint(app);

    const load = round(loadavg()[0] ?? 0);
    // The engine says when its push has ended (the hook the service thread passes to the update
    // gate): what follows, until 立即同步 returns, is the pull that closes the cycle.
    let pushEnded = Number.NaN;
    windowPc.env.sync.onPushing = (pushing) => {
      if (!pushing) pushEnded = performance.now();
    };
    let t = performance.now();
    const pushed = await windowPc.env.sync.syncNow();
    const clickEnded = performance.now();
    windowPc.env.sync.onPushing = null;
    const pushSeconds = (clickEnded - t) / 1000;
    const split = { push_part_s: round((pushEnded - t) / 1000), closing_pull_s: round((clickEnded - pushEnded) / 1000), closing_pull_entries: pushed.pulledEvents };
    if (!(pushEnded >= t)) throw new Error('the window\'s sync engine never said its push had ended');
    if (pushed.pushed !== waiting || pushed.rejected !== 0 || pendingEvents(windowPc) !== 0) throw new Error(`the push left ${pendingEvents(windowPc)} waiting: ${JSON.stringify(pushed)}`);
    settleCheckpoint(windowPc);
    t = performance.now();
    const pulled = await backOffice.env.sync.syncNow();
    const pullSeconds = (performance.now() - t) / 1000;
    if (heldEvents(backOffice) !== events) throw new Error(`the back office holds ${heldEvents(backOffice)} of ${events} events after its pull: ${JSON.stringify(pulled)}`);
    const stored = (await centralCounts(gateway.databaseUrl)).events;
    if (stored !== events + warmUp.events) throw new Error(`the gateway holds ${stored} events, expected ${events} and the warm-up's ${warmUp.events}`);

    const peer = await pouchdbPeer(peerDocs, servers === 'warm' ? (server) => warmUpPouchdb(`${server}/warm-up`, warmUpDocs) : undefined);
    const common = {
      events,
      cases,
      transport: 'plain HTTP on loopback (no TLS), keep-alive',
      app_heap: `the measured apps run on the bench process's main thread with the heap of the app's service thread, where their sync engines run in the app (${serviceThreadHeapFlags().join(' ')})`,
      app_sqlite_synchronous: windowPc.env.store.db.pragma('synchronous', { simple: true }) === 2 ? 'FULL' : 'not FULL',
      app_pulled_page_commit: 'NORMAL (no fsync per pulled page and its cursor, which can be fetched again; the WAL is synced by the checkpoint after the pull and before any push)',
      ...(await durability(gateway.databaseUrl)),
      servers: serversNote[servers],
      load_avg_1m_before: load,
      load_avg_1m_after: round(loadavg()[0] ?? 0),
    };
    report(name.push, pushSeconds, 's', {
      ...common,
      ...split,
      split_includes: 'push_part_s: from 立即同步 to the end of its push (session check, batches, answers stored); closing_pull_s: from there until 立即同步 returns (the pull that brings the own events back brief, stored page by page); both measured',
      includes: `立即同步 on the window (its sync engine, in the bench process): session check, the outbox pushed oldest first in batches of ≤${pushLimits.maxItems} items into the gateway process and its embedded PostgreSQL (each event judged by the central state machine), each answer applied to the local store, then the pull that ends the cycle; until the outbox is empty`,
    });
    report(name.pull, pullSeconds, 's', {
      ...common,
      includes: 'a new back-office app of the same centre (empty store): 立即同步 pulls the change feed in pages of 1,000, each page with its cursor in one local transaction (events appended, cases created from their headers and folded), until caught up',
    });
    const peerNote = { docs: peer.docs, servers: serversNote[servers], includes: 'pouchdb-node 9 (LevelDB) in a client process of its own (Node\'s default heap) ↔ express-pouchdb 4 on express 4 (LevelDB) in its own process, plain HTTP on loopback, default replication options; the same 10,000 items as JSON documents', durability: "LevelDB writes without a per-write fsync (leveldown's default, which PouchDB keeps)" };
    report(name.peerPush, peer.pushSeconds, 's', { ...peerNote, direction: 'a local database holding them replicates to an empty server' });
    report(name.peerPull, peer.pullSeconds, 's', { ...peerNote, direction: 'an empty local database replicates them from the server' });
    // The target goes with the figure of servers that have served before, as they run.
    const target = servers === 'warm' ? { target_min: 5 } : {};
    report(name.pushRatio, peer.pushSeconds / pushSeconds, 'ratio', { includes: `${name.peerPush} / ${name.push}, same run`, ...target, ours_s: round(pushSeconds), peer_s: round(peer.pushSeconds) });
    report(name.pullRatio, peer.pullSeconds / pullSeconds, 'ratio', { includes: `${name.peerPull} / ${name.pull}, same run`, ...target, ours_s: round(pullSeconds), peer_s: round(peer.pullSeconds) });
  } finally {
    for (const app of apps) app.close();
    await gateway.stop();
    forget();
    rmSync(dir, { recursive: true, force: true });
    for (const remove of removals) remove();
  }
}

if (import.meta.main) {
  const servers = /^--servers=(warm|cold)$/.exec(process.argv[2] ?? '')?.[1] as Servers | undefined;
  // Run by hand without the service thread's heap: the measurement goes to a process that has it.
  if (servers && !hasServiceThreadHeap()) await runNode(import.meta.filename, [`--servers=${servers}`], 'inherit', serviceThreadHeapFlags());
  else if (servers) await measure(servers);
  else await benchSync10k();
}
