/**
 * The four checks that follow every sync fault (issue 17), written once:
 *
 * 1. every write acknowledged to its user is in the gateway exactly once (or, if the gateway
 *    refused it, shown as refused: never silently missing);
 * 2. every app's projection of every case it holds equals the gateway's: the same events in the
 *    same order, the same folded state, the same list columns;
 * 3. no queue is stuck: nothing waits in any outbox that could be sent;
 * 4. every rejection is visible to a person with its reason, as the 同步 page shows it
 *    (`sync/items`).
 *
 * `drain` first heals: it runs 立即同步 on every app, round after round, until a whole round moves
 * nothing. The expected answers come from the gateway's PostgreSQL and each app's SQLite, read
 * here with plain SQL, never from the sync code under test.
 */
import pg from 'pg';
import { expect } from 'vitest';
import type { SyncItemView } from '../../src-main/domain/api/sync-views.ts';
import type { Services } from '../../src-main/host/boot.ts';
import { foldLocalCase } from '../../src-main/services/sync/case-log.ts';
import { syncItems } from '../../src-main/services/sync/status.ts';
import type { SyncEngine } from '../../src-main/services/sync/engine.ts';

export interface CheckedApp {
  /** For messages: which app broke an invariant. */
  label: string;
  services: Services;
  engine: SyncEngine;
}

interface CentralCase {
  case_id: string;
  status: string | null;
  assignee_id: string | null;
  state: unknown;
  event_ids: string[];
  seqs: number[];
}

const hasChinese = /[\u4e00-\u9fff]/;

/**
 * Runs 立即同步 on every app until one whole round pushes, refuses and pulls nothing and no
 * outbox has anything pending. A failure inside a round (an epoch change is answered once with a
 * refusal by design) is retried in the next round; after `rounds` the last failures are thrown.
 */
export async function drain(apps: readonly CheckedApp[], rounds = 8): Promise<void> {
  let failures: string[] = [];
  for (let round = 0; round < rounds; round++) {
    let moved = 0;
    failures = [];
    for (const app of apps) {
      try {
        const run = await app.engine.syncNow();
        moved += run.pushed + run.rejected + run.pulledEvents;
      } catch (error) {
        failures.push(`${app.label}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (moved === 0 && failures.length === 0 && apps.every((app) => pendingOf(app) === 0)) return;
  }
  throw new Error(`the queues did not drain in ${rounds} rounds:\n${failures.join('\n') || apps.map((a) => `${a.label}: ${pendingOf(a)} pending`).join('\n')}`);
}

function pendingOf(app: CheckedApp): number {
  return app.services.env.store.read(
    (tx) =>
      tx.get<{ n: number }>(
        `SELECT count(*) AS n FROM outbox o LEFT JOIN case_event e ON e.id = o.message_id LEFT JOIN case_record c ON c.id = e.case_id
          WHERE o.state = 'pending' AND (c.is_demo IS NULL OR c.is_demo = 0)`,
      )?.n ?? 0,
  );
}

async function centralCases(databaseUrl: string): Promise<{ cases: Map<string, CentralCase>; idCounts: Map<string, number> }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const cases = await client.query<CentralCase>(
      `SELECT c.case_id, c.status, c.assignee_id, c.state,
              array_agg(e.id::text ORDER BY e.seq) AS event_ids, array_agg(e.seq ORDER BY e.seq) AS seqs
         FROM central_case c JOIN central_event e ON e.region_code = c.region_code AND e.case_id = c.case_id
        GROUP BY c.region_code, c.case_id`,
    );
    const ids = await client.query<{ id: string; n: string }>('SELECT id::text AS id, count(*) AS n FROM central_event GROUP BY id');
    return {
      cases: new Map(cases.rows.map((row) => [row.case_id, { ...row, seqs: row.seqs.map(Number) }])),
      idCounts: new Map(ids.rows.map((row) => [row.id, Number(row.n)])),
    };
  } finally {
    await client.end();
  }
}

/** The same fold, as plain data: JSON drops what JSONB drops (undefined fields). */
const asStored = (value: unknown): unknown => JSON.parse(JSON.stringify(value)) as unknown;

/**
 * The four invariants over the gateway's database and every app. `acknowledged` adds event ids
 * that a test saw acknowledged to a user outside these apps' logs (a child process that was
 * killed reports its committed writes on stdout); every app's own events are checked anyway.
 */
export async function checkInvariants(databaseUrl: string, apps: readonly CheckedApp[], acknowledged: readonly string[] = []): Promise<void> {
  const { cases, idCounts } = await centralCases(databaseUrl);

  // Numbering: every case's events are 1, 2, 3… with no gap and no number twice.
  for (const c of cases.values()) expect(c.seqs, `central numbering of case ${c.case_id}`).toEqual(c.seqs.map((_, i) => i + 1));

  const refusedEverywhere = new Set<string>();
  for (const app of apps) {
    const { store, deviceId } = app.services.env;
    const view = store.read((tx) => {
      const own = tx.all<{ id: string; case_id: string }>(
        'SELECT e.id, e.case_id FROM case_event e JOIN case_record c ON c.id = e.case_id WHERE e.device_id = ? AND c.is_demo = 0',
        deviceId,
      );
      const rejected = tx.all<{ event_id: string; reason: string }>('SELECT event_id, reason FROM sync_rejection');
      const failed = tx.all<{ message_id: string }>("SELECT message_id FROM outbox WHERE state = 'failed'");
      const held = tx.all<{ id: string; status: string; assignee_id: string | null }>('SELECT id, status, assignee_id FROM case_record WHERE is_demo = 0 AND is_bundle = 0');
      const logs = new Map(
        held.map((c) => [
          c.id,
          {
            row: c,
            fold: foldLocalCase(tx, c.id),
            ordered: tx
              .all<{ event_id: string }>('SELECT event_id FROM case_event_order WHERE case_id = ? ORDER BY central_seq', c.id)
              .map((r) => r.event_id),
            unnumbered: tx.all<{ id: string }>(
              `SELECT e.id FROM case_event e WHERE e.case_id = ? AND NOT EXISTS (SELECT 1 FROM case_event_order o WHERE o.event_id = e.id)
                 AND NOT EXISTS (SELECT 1 FROM sync_rejection r WHERE r.event_id = e.id)`,
              c.id,
            ).length,
          },
        ]),
      );
      const items: SyncItemView[] = syncItems(tx, 100_000);
      return { own, rejected, failed, logs, items };
    });
    const rejectedIds = new Set(view.rejected.map((r) => r.event_id));
    for (const id of rejectedIds) refusedEverywhere.add(id);

    // (1) Each of this app's own writes is at the gateway exactly once, or refused (and then not there at all).
    for (const event of view.own) {
      const count = idCounts.get(event.id) ?? 0;
      if (rejectedIds.has(event.id)) expect(count, `${app.label}: refused event ${event.id} is not at the gateway`).toBe(0);
      else expect(count, `${app.label}: acknowledged event ${event.id} (case ${event.case_id}) at the gateway exactly once`).toBe(1);
    }

    // (2) Every case it holds: the gateway's events in the gateway's order, nothing of its own left on top, the same state.
    for (const [caseId, log] of view.logs) {
      const central = cases.get(caseId);
      if (!central) {
        // Only a case whose every event was refused (its opening among them) may be missing centrally.
        expect({ numbered: log.ordered.length, unrefused: log.unnumbered }, `${app.label}: case ${caseId} it holds is at the gateway`).toEqual({ numbered: 0, unrefused: 0 });
        continue;
      }
      expect(log.ordered, `${app.label}: events of case ${caseId} in the gateway's order`).toEqual(central.event_ids);
      expect(log.unnumbered, `${app.label}: events of case ${caseId} the gateway has not numbered`).toBe(0);
      expect(log.fold.applied, `${app.label}: own events still on top of case ${caseId}`).toEqual([]);
      expect(asStored(log.fold.state), `${app.label}: folded state of case ${caseId}`).toEqual(central.state);
      expect({ status: log.row.status, assignee: log.row.assignee_id }, `${app.label}: list columns of case ${caseId}`).toEqual({ status: central.status, assignee: central.assignee_id });
    }

    // (3) No queue is stuck: nothing pending, and every message set aside was refused by the gateway with a reason.
    expect(pendingOf(app), `${app.label}: messages still waiting`).toBe(0);
    for (const { message_id } of view.failed) {
      const item = view.items.find((i) => i.id === message_id);
      expect(item?.state, `${app.label}: message ${message_id} set aside is listed as refused`).toBe('rejected');
      expect(item?.reason ?? '', `${app.label}: message ${message_id} set aside has a reason`).toMatch(hasChinese);
    }

    // (4) Every refusal is on the 同步 page, as refused, with the gateway's reason in Chinese and what to do.
    for (const { event_id, reason } of view.rejected) {
      const item = view.items.find((i) => i.id === event_id);
      expect(item, `${app.label}: refused event ${event_id} is listed on the 同步 page`).toBeDefined();
      expect(item?.state).toBe('rejected');
      expect(item?.reason).toBe(reason);
      expect(item?.reason ?? '').toMatch(hasChinese);
      expect(item?.advice ?? '').toMatch(hasChinese);
    }
  }

  // (1) for writes acknowledged outside the apps' logs (a killed child's stdout).
  for (const id of acknowledged) {
    const count = idCounts.get(id) ?? 0;
    if (refusedEverywhere.has(id)) expect(count, `refused event ${id}`).toBe(0);
    else expect(count, `acknowledged event ${id} at the gateway exactly once`).toBe(1);
  }
}
