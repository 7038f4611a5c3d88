/**
 * The saved cursor moved over a push's own entries in the feed, on a real SQLite file
 * (own-feed.ts): blocks answered out of feed order move it once the block before them is stored,
 * a block that does not follow it leaves it where it is (another device's entries lie between:
 * the pull reads them), and what waited for a case the move reaches is let go, as the pulled
 * echo would have let it go.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../../src-main/host/boot.ts';
import type { WriteTx } from '../../../src-main/store/store.ts';
import { OwnFeedBlocks } from '../../../src-main/services/sync/own-feed.ts';
import { bootDemo, registerWithoutGateway } from '../../helpers/services.ts';

let pc: Services;
const write = (fn: (tx: WriteTx) => void) => pc.env.store.write({ actor: { userId: null, role: null }, deviceId: pc.env.deviceId }, fn);
const cursor = () => pc.env.store.read((tx) => tx.get<{ cursor: string | null }>('SELECT cursor FROM sync_link WHERE id = 1')?.cursor);
const setCursor = (value: string | null) => write((tx) => tx.run('UPDATE sync_link SET cursor = ? WHERE id = 1', value));

beforeAll(() => {
  pc = bootDemo();
  registerWithoutGateway(pc);
});

afterAll(() => pc?.close());

describe("a push's own blocks of the feed", () => {
  it("move the cursor from the feed's start through blocks answered out of order, and stop where another device's entries begin", () => {
    setCursor(null);
    const blocks = new OwnFeedBlocks();
    write((tx) => blocks.store(tx, { before: 'c2', after: 'c3' }, () => []));
    expect(cursor(), 'the block before it is not stored yet').toBeNull();
    write((tx) => blocks.store(tx, { before: null, after: 'c2' }, () => []));
    expect(cursor()).toBe('c3');
    write((tx) => blocks.store(tx, { before: 'c5', after: 'c6' }, () => []));
    expect(cursor(), 'c3 to c5 is not this push').toBe('c3');
  });

  it('leave a cursor that stands elsewhere as it is', () => {
    setCursor('c9');
    write((tx) => new OwnFeedBlocks().store(tx, { before: null, after: 'c2' }, () => []));
    expect(cursor()).toBe('c9');
  });

  it('let go what waited for the gateway to know the cases the move reaches, and only those', () => {
    setCursor('c1');
    const waiting = (caseId: string) => {
      let id = '';
      write((tx) => {
        id = tx.enqueue({ kind: 'case.event', aggregateType: 'case', aggregateId: caseId, payload: null });
        tx.run("UPDATE outbox SET next_attempt_at = '2099-01-01T00:00:00.000Z' WHERE message_id = ?", id);
      });
      return id;
    };
    const reached = waiting('case-reached');
    const notReached = waiting('case-not-reached');
    const elsewhere = waiting('case-elsewhere');
    const blocks = new OwnFeedBlocks();
    write((tx) => blocks.store(tx, { before: 'c3', after: 'c4' }, () => ['case-not-reached']));
    write((tx) => blocks.store(tx, { before: 'c1', after: 'c2' }, () => ['case-reached']));
    const waitsUntil = (id: string) => pc.env.store.read((tx) => tx.get<{ at: string | null }>('SELECT next_attempt_at AS at FROM outbox WHERE message_id = ?', id)?.at);
    expect(cursor()).toBe('c2');
    expect(waitsUntil(reached)).toBeNull();
    expect(waitsUntil(notReached), 'its block does not follow the cursor').toBe('2099-01-01T00:00:00.000Z');
    expect(waitsUntil(elsewhere)).toBe('2099-01-01T00:00:00.000Z');
  });
});
