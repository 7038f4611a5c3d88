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
import { applyPushResults } from './push-answers.ts';
import type { ScanSender } from './attachment-push.ts';
import { SyncFailure, type GatewayClient } from './client.ts';
import { nextBatches, noteCentralNumbers, raiseBaseSeqs, type Batch } from './outbox.ts';
import { OwnFeedBlocks } from './own-feed.ts';
import { casesNamed, changesAccounts, mayOverlap } from './push-overlap.ts';

export interface RunSummary {
  pushed: number;
  rejected: number;
  /** Entries the pull took: events in full and this PC's own acknowledged by number. */
  pulledEvents: number;
  /** Of those, events this PC did not hold (what 立即同步 reports as 收到). */
  receivedEvents: number;
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
 * Batches read from the outbox at once (≤1,000 items each): the one to send after the batch on the
 * wire. A read costs a sort of the pending messages whatever it returns, but it runs while the
 * gateway judges the batch before, so a short read is hidden behind it; four at a time made every
 * fourth read longer than the gateway's answer, and the answer waited for it.
 */
const pushReadAhead = 1;

/** Batches on the wire at once, at most (push-overlap.ts says which may go together). */
const maxInFlight = 2;

/** Lets what was started run up to its first real wait: a request put on the wire leaves now. */
const letItLeave = () => new Promise<void>((resolve) => setImmediate(resolve));

interface Sent {
  batch: Batch;
  answer: Promise<PushResponse | null>;
}

export async function pushBatches(side: PushSide, summary: RunSummary, sendingStarts: () => void): Promise<void> {
  // The highest central number each case got in this push: items read before the answers to
  // the batches ahead of them take their base from it (raiseBaseSeqs).
  const numbered = new Map<string, number>();
  // Sent and not yet stored, oldest first; all but possibly the first are unanswered.
  const sent: Sent[] = [];
  const read = () => {
    // The case events on the wire are left out by their cases; naming them by id too made each
    // read sort and join a thousand rows more than it returns (the limit counts the ids).
    const ids = new Set(sent.flatMap((s) => [...s.batch.items.flatMap((i) => (i.kind === 'case.event' ? [] : [i.id])), ...s.batch.skipped]));
    const cases = new Set(sent.flatMap((s) => [...casesNamed(s.batch.items)]));
    // Behind an account change nothing goes until it is answered: the read has that whole round
    // trip, so it takes the two batches that then go together, not one and the other after it.
    const count = sent.length > 0 && sent.every((s) => changesAccounts(s.batch)) ? maxInFlight : pushReadAhead;
    return side.store
      .read((tx) => nextBatches(tx, pushLimits, count, side.clock(), ids, cases))
      .filter((b) => b.items.length > 0 || b.skipped.length > 0);
  };
  const send = (batch: Batch) => {
    raiseBaseSeqs(batch, numbered);
    const answer = sendBatch(side, batch, sendingStarts);
    // Each answer is awaited later (after the reads ahead, after the answers before it are stored);
    // until then a failure must not count as unhandled.
    answer.catch(() => undefined);
    sent.push({ batch, answer });
  };
  const waiting: Batch[] = [];
  const ownFeed = new OwnFeedBlocks();
  try {
    for (;;) {
      if (waiting.length === 0) {
        // Once the requests have left (each send continues past its first awaits), read on; what
        // the batches on the wire left out (their cases' later events) comes once they are answered.
        if (sent.length > 0) await letItLeave();
        waiting.push(...read());
      }
      const next = waiting[0];
      if (next && sent.length < maxInFlight && mayOverlap(next, sent.map((s) => s.batch))) {
        send(waiting.shift() as Batch);
        continue;
      }
      const oldest = sent[0];
      if (!oldest) return;
      const response = await oldest.answer;
      noteCentralNumbers(oldest.batch, response?.results ?? [], numbered);
      const following = waiting[0];
      if (following && mayOverlap(following, sent.slice(1).map((s) => s.batch))) {
        send(waiting.shift() as Batch);
        // The answer is stored (one local transaction, its fsync) after the next request has left, not before.
        await letItLeave();
      }
      storeAnswer(side, oldest.batch, response, summary, ownFeed);
      sent.shift();
    }
  } catch (error) {
    // A batch still on the wire is let finish before the failure is reported; its answer is not
    // stored, so its items go again and are answered as duplicates.
    await Promise.allSettled(sent.map((s) => s.answer));
    throw error;
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
  // What the gateway is about to see (the audit chain's head, numbers taken from pulled pages)
  // must not be rolled back by a power cut: pulled pages commit without waiting for their fsync.
  side.store.checkpointer.makeDurable();
  // Brief answers: this PC made the events and needs only their numbers; the case as the gateway
  // holds it comes with a refused item (to rebase) and with the pull that ends the cycle.
  const response = await side.client().push(token, { deviceClock, auditHead, answers: 'brief', items: batch.items });
  side.checkEpoch(response.epoch);
  if (response.results.length !== batch.items.length || response.results.some((r, i) => r.id !== batch.items[i]?.id)) {
    throw new SyncFailure('GARBAGE', '中心平台的推送应答与所发的办件对不上，已全部保留在本机，稍后自动重试。');
  }
  return response;
}

function storeAnswer(side: PushSide, batch: Batch, response: PushResponse | null, summary: RunSummary, ownFeed: OwnFeedBlocks): void {
  const calendar = side.calendar();
  const skewMs = response ? side.clock().getTime() - Date.parse(response.serverTime) : null;
  const counted = side.write((tx) => {
    // Seeded demo history never leaves this PC (README: demo data); its messages are dropped here.
    for (const id of batch.skipped) tx.run('DELETE FROM outbox WHERE message_id = ?', id);
    const result = response ? applyPushResults(tx, calendar, batch.items, response.results) : { sent: 0, rejected: 0 };
    if (response?.ownFeed) ownFeed.store(tx, response.ownFeed, () => numberedCases(batch, response));
    if (skewMs !== null) tx.run('UPDATE sync_link SET clock_skew_ms = ? WHERE id = 1', skewMs);
    return result;
  });
  summary.pushed += counted.sent;
  summary.rejected += counted.rejected;
}

/** The cases of the batch's events the answer numbered (applied, or stored before): the gateway knows them. */
function numberedCases(batch: Batch, response: PushResponse): Set<string> {
  const cases = new Set<string>();
  response.results.forEach((result, i) => {
    const item = batch.items[i];
    if (item?.kind === 'case.event' && result.seq !== null) cases.add(item.caseId);
  });
  return cases;
}
