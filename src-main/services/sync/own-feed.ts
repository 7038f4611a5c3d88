/**
 * A push's own entries in the centre's feed (docs/sync.md, "The push's place in the feed"). The
 * gateway's answer to a batch names the feed cursors just before and just after the entries the
 * batch appended to this PC's centre's feed; nothing else lies between them. When the saved cursor
 * is the one before, this PC holds everything up to the one after (its own events, numbered by
 * that answer; its own accounts), so the cursor moves there in the answer's transaction, and the
 * pull that ends the cycle does not read this PC's own echo back. Another device's entry between
 * two batches stops the move there: the pull reads on from that point as before.
 *
 * Two batches on the wire may commit in either order, so a block that does not yet follow the
 * cursor is kept until the answer to the one before it is stored. Blocks live as long as one push.
 */
import type { PushResponse } from '../../domain/sync/push.ts';
import type { WriteTx } from '../../store/store.ts';
import { releaseWaiting } from './apply.ts';
import { readLink } from './link.ts';
import { waitingForTime } from './outbox.ts';

type OwnFeed = NonNullable<PushResponse['ownFeed']>;

export class OwnFeedBlocks {
  /** Blocks not yet reached by the cursor, by the cursor before them (`null`: the feed's start). */
  private readonly byStart = new Map<string | null, { after: string; cases: () => Iterable<string> }>();

  /**
   * In the write transaction that stores an answer: notes its block (and how to name the cases
   * whose events it numbered) and moves the saved cursor over every block that now follows it.
   * What waited for those cases to reach the gateway goes with the next read, as the echo's page
   * would have let it; the cases are named only when something waits at all (almost never).
   */
  store(tx: WriteTx, block: OwnFeed, cases: () => Iterable<string>): void {
    this.byStart.set(block.before, { after: block.after, cases });
    const from = readLink(tx)?.cursor ?? null;
    let cursor = from;
    const reached: (() => Iterable<string>)[] = [];
    for (let next = this.byStart.get(cursor); next !== undefined; next = this.byStart.get(cursor)) {
      this.byStart.delete(cursor);
      cursor = next.after;
      reached.push(next.cases);
    }
    if (cursor === from) return;
    tx.run('UPDATE sync_link SET cursor = ? WHERE id = 1', cursor);
    if (tx.get(`SELECT 1 FROM outbox WHERE ${waitingForTime} LIMIT 1`)) releaseWaiting(tx, new Set(reached.flatMap((named) => [...named()])));
  }
}
