import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Store, type WriteContext } from '../../../src-main/store/store.ts';
import { useTempDir } from '../../helpers/temp.ts';

const tempDir = useTempDir();
const context: WriteContext = { actor: { userId: null, role: null }, deviceId: 'device-1' };
const pageSize = 4096;

/** One commit that writes about `pages` fresh pages (settings rows with 3.5 KB values). */
function writePages(store: Store, pages: number, tag: string): void {
  store.write(context, (tx) => {
    for (let i = 0; i < pages; i++) tx.run('INSERT INTO setting (key, value) VALUES (?, ?)', `${tag}.${i}`, 'x'.repeat(3500));
  });
}

const size = (path: string) => (existsSync(path) ? statSync(path).size : 0);

describe('WAL checkpoints off the commit path', () => {
  it('turns SQLite’s automatic checkpoint off on the write connection', () => {
    const store = Store.open(join(tempDir(), 'a.db'));
    expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
    store.close();
  });

  it('a commit past 1000 WAL pages does not copy them into the file; the timer does, after the call', async () => {
    const path = join(tempDir(), 'b.db');
    const store = Store.open(path, { checkpoint: { delayMs: 20, maxPendingCommits: 1000, journalSizeLimitBytes: 1 << 20 } });
    const fileBefore = size(path);
    // SQLite's default would checkpoint inside the commit that crosses 1000 pages.
    writePages(store, 600, 'a');
    writePages(store, 600, 'b');
    expect(size(path)).toBe(fileBefore);
    expect(size(`${path}-wal`)).toBeGreaterThan(1000 * pageSize);
    expect(store.checkpointer.pending).toBe(2);
    expect(store.checkpointer.stats.runs).toBe(0);
    await sleep(100);
    expect(store.checkpointer.pending).toBe(0);
    // One checkpoint for both commits, and how long it kept the thread busy.
    expect(store.checkpointer.stats.runs).toBe(1);
    expect(store.checkpointer.stats.lastMs).toBeGreaterThan(0);
    expect(size(path)).toBeGreaterThan(fileBefore + 1000 * pageSize);
    store.close();
  });

  it('restarts the WAL right after a complete checkpoint, so the next commit only appends to it', async () => {
    const path = join(tempDir(), 'r.db');
    const store = Store.open(path, { checkpoint: { delayMs: 10, maxPendingCommits: 1000, journalSizeLimitBytes: 1 << 20 } });
    // Bytes 12–23 of the WAL header: the checkpoint sequence and the salts, new on every restart.
    const walHeader = () => readFileSync(`${path}-wal`).subarray(12, 24).toString('hex');
    writePages(store, 5, 'a');
    const beforeCheckpoint = walHeader();
    await sleep(60);
    expect(store.checkpointer.stats.runs).toBe(1);
    const restarted = walHeader();
    expect(restarted).not.toBe(beforeCheckpoint);
    expect(store.db.pragma('application_id', { simple: true })).toBe(0);
    writePages(store, 5, 'b');
    expect(walHeader()).toBe(restarted);
    expect(store.read((tx) => tx.get<{ n: number }>("SELECT count(*) AS n FROM setting WHERE key LIKE 'a.%' OR key LIKE 'b.%'"))?.n).toBe(10);
    store.close();
  });

  it('bounds the WAL when commits never leave room for the timer', () => {
    const path = join(tempDir(), 'c.db');
    const store = Store.open(path, { checkpoint: { delayMs: 60_000, maxPendingCommits: 3, journalSizeLimitBytes: 1 << 20 } });
    const fileBefore = size(path);
    writePages(store, 10, 'a');
    writePages(store, 10, 'b');
    expect(store.checkpointer.pending).toBe(2);
    expect(size(path)).toBe(fileBefore);
    writePages(store, 10, 'c');
    expect(store.checkpointer.pending).toBe(0);
    expect(size(path)).toBeGreaterThan(fileBefore);
    store.close();
  });

  it('a write nested in another is a savepoint, not a commit, and does not checkpoint', () => {
    const store = Store.open(join(tempDir(), 'd.db'), { checkpoint: { delayMs: 60_000, maxPendingCommits: 1, journalSizeLimitBytes: 1 << 20 } });
    store.write(context, () => {
      writePages(store, 2, 'inner');
      expect(store.checkpointer.pending).toBe(0);
    });
    // The outer commit reached the bound of one and checkpointed at once.
    expect(store.checkpointer.pending).toBe(0);
    expect(store.read((tx) => tx.get<{ n: number }>("SELECT count(*) AS n FROM setting WHERE key LIKE 'inner.%'"))?.n).toBe(2);
    store.close();
  });

  it('closing empties the WAL into the file, and every committed row is there on reopening', () => {
    const path = join(tempDir(), 'e.db');
    const store = Store.open(path, { checkpoint: { delayMs: 60_000, maxPendingCommits: 1000, journalSizeLimitBytes: 1 << 20 } });
    writePages(store, 50, 'a');
    expect(size(`${path}-wal`)).toBeGreaterThan(50 * pageSize);
    store.close();
    expect(size(`${path}-wal`)).toBe(0);
    const again = Store.open(path);
    expect(again.read((tx) => tx.get<{ n: number }>("SELECT count(*) AS n FROM setting WHERE key LIKE 'a.%'"))?.n).toBe(50);
    again.close();
  });

  it('a held run of commits is checkpointed once, after its release; each commit is in the WAL meanwhile', async () => {
    const path = join(tempDir(), 'h.db');
    const store = Store.open(path, { checkpoint: { delayMs: 10, maxPendingCommits: 2, journalSizeLimitBytes: 1 << 20, maxHeldWalBytes: 1 << 30 } });
    const fileBefore = size(path);
    const release = store.checkpointer.hold();
    for (const tag of ['a', 'b', 'c', 'd']) writePages(store, 5, tag);
    await sleep(60);
    // Past maxPendingCommits and past the delay, yet nothing copied: the run holds the timer.
    expect(store.checkpointer.stats.runs).toBe(0);
    expect(store.checkpointer.pending).toBe(4);
    expect(size(path)).toBe(fileBefore);
    // Committed all the same: another connection reads every row from the WAL.
    const reader = new Database(path, { readonly: true });
    expect(reader.prepare("SELECT count(*) AS n FROM setting WHERE key GLOB '[abcd].*'").get()).toEqual({ n: 20 });
    reader.close();
    release();
    release();
    await sleep(60);
    expect(store.checkpointer.stats.runs).toBe(1);
    expect(store.checkpointer.pending).toBe(0);
    expect(size(path)).toBeGreaterThan(fileBefore);
    store.close();
  });

  it('a held run still checkpoints once the WAL outgrows its bound', () => {
    const path = join(tempDir(), 'i.db');
    const store = Store.open(path, { checkpoint: { delayMs: 60_000, maxPendingCommits: 1000, journalSizeLimitBytes: 1 << 20, maxHeldWalBytes: 400 * pageSize } });
    // The schema's own frames out of the way: the WAL starts empty.
    store.checkpointer.checkpoint('TRUNCATE');
    const runs = store.checkpointer.stats.runs;
    const release = store.checkpointer.hold();
    writePages(store, 200, 'a');
    expect(store.checkpointer.stats.runs).toBe(runs);
    writePages(store, 250, 'b');
    expect(store.checkpointer.stats.runs).toBe(runs + 1);
    expect(store.checkpointer.pending).toBe(0);
    release();
    store.close();
  });
});
