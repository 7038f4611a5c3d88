/**
 * The push half of a sync cycle (docs/sync-performance.md, "The app: both ends busy at once"):
 * the outbox, oldest first, read one batch ahead. The next batch goes on the wire as soon as the
 * answer to the one before is in hand, and that answer is stored once the request has left, so
 * the gateway judges one batch while this PC applies the last; it sees them in order. The next
 * batch is read while the one before is on the wire (its items, still pending, left out), so the
 * gateway never waits for the read. An item whose answer was never stored (a crash) is sent
 * again and answered as a duplicate. The engine owns the link (token, client, epoch); this module
 * only moves batches.
 */
import type { WorkCalendar } from '../../domain/time/calendar.ts';
import { pushLimits, type PushResponse } from '../../domain/sync/push.ts';
import type { Store, WriteTx } from '../../store/store.ts';
import { applyPushResults } from './apply.ts';
import type { ScanSender } from './attachment-push.ts';
import { SyncFailure, type GatewayClient } from './client.ts';
import { nextBatches, noteCentralNumbers, raiseBaseSeqs, type Batch } from './outbox.ts';

export interface RunSummary {
  pushed: number;
  rejected: number;
  pulledEvents: number;
}

/** What the push needs of the engine that runs it. */
export interface PushSide {
  store: Store;
  clock: () => Date;
  scans: ScanSender;
  /** A valid access token (renewed when about to expire). */
  token: () => Promise<string>;
  client: () => GatewayClient;
  /** Throws when the gateway answers from another epoch (restored from a backup). */
  checkEpoch: (epoch: string) => void;
  write: <T>(fn: (tx: WriteTx) => T) => T;
  calendar: () => WorkCalendar;
}

/**
 * Batches read from the outbox at once (≤500 items each): the one to send after the batch on the
 * wire. A read costs a sort of the pending messages whatever it returns, but it runs while the
 * gateway judges the batch before, so a short read is hidden behind it; four at a time made every
 * fourth read longer than the gateway's answer, and the answer waited for it.
 */
const pushReadAhead = 1;

/** Lets what was started run up to its first real wait: a request put on the wire leaves now. */
const letItLeave = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function pushBatches(side: PushSide, summary: RunSummary, sendingStarts: () => void): Promise<void> {
  // The highest central number each case got in this push: items read before the answers to
  // the batches ahead of them take their base from it (raiseBaseSeqs).
  const numbered = new Map<string, number>();
  const read = (onTheWire: Batch | null) =>
    side.store
      .read((tx) => nextBatches(tx, pushLimits, pushReadAhead, side.clock(), new Set(onTheWire ? [...onTheWire.items.map((i) => i.id), ...onTheWire.skipped] : [])))
      .filter((b) => b.items.length > 0 || b.skipped.length > 0);
  const waiting = read(null);
  let batch = waiting.shift();
  if (!batch) return;
  // Each batch sent is awaited later (after the read ahead, after the answer before it is stored);
  // until then a failure must not count as unhandled.
  let sending = sendBatch(side, batch, sendingStarts);
  sending.catch(() => undefined);
  for (;;) {
    if (waiting.length === 0) {
      // Once the request has left (the send continues past its first awaits), read on.
      await letItLeave();
      waiting.push(...read(batch));
    }
    const response = await sending;
    noteCentralNumbers(batch, response?.results ?? [], numbered);
    const next = waiting.shift();
    if (next) {
      raiseBaseSeqs(next, numbered);
      sending = sendBatch(side, next, sendingStarts);
      sending.catch(() => undefined);
      // The answer is stored (one local transaction, its fsync) after the next request has left, not before.
      await letItLeave();
    }
    storeAnswer(side, batch, response, summary);
    if (!next) return;
    batch = next;
  }
}

async function sendBatch(side: PushSide, batch: Batch, sendingStarts: () => void): Promise<PushResponse | null> {
  if (batch.items.length === 0) return null;
  sendingStarts();
  const token = await side.token();
  await side.scans.prepare(batch, side.client(), token, side.clock());
  if (batch.items.length === 0) return null;
  const { auditHead, deviceClock } = side.store.read((tx) => ({
    auditHead: tx.get<{ seq: number; hash: string; at: string }>('SELECT seq, hash, at FROM audit_log ORDER BY seq DESC LIMIT 1') ?? null,
    deviceClock: side.clock().toISOString(),
  }));
  const response = await side.client().push(token, { deviceClock, auditHead, items: batch.items });
  side.checkEpoch(response.epoch);
  if (response.results.length !== batch.items.length || response.results.some((r, i) => r.id !== batch.items[i]?.id)) {
    throw new SyncFailure('GARBAGE', '中心平台的推送应答与所发的办件对不上，已全部保留在本机，稍后自动重试。');
  }
  return response;
}

function storeAnswer(side: PushSide, batch: Batch, response: PushResponse | null, summary: RunSummary): void {
  const calendar = side.calendar();
  const skewMs = response ? side.clock().getTime() - Date.parse(response.serverTime) : null;
  const counted = side.write((tx) => {
    // Seeded demo history never leaves this PC (README: demo data); its messages are dropped here.
    for (const id of batch.skipped) tx.run('DELETE FROM outbox WHERE message_id = ?', id);
    const result = response ? applyPushResults(tx, calendar, response.results) : { sent: 0, rejected: 0 };
    if (skewMs !== null) tx.run('UPDATE sync_link SET clock_skew_ms = ? WHERE id = 1', skewMs);
    return result;
  });
  summary.pushed += counted.sent;
  summary.rejected += counted.rejected;
}
