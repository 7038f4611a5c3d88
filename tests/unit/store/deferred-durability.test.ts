import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Store, type WriteContext } from '../../../src-main/store/store.ts';
import { useTempDir } from '../../helpers/temp.ts';

/**
 * A deferred write (a pulled page and its cursor) commits without waiting for its fsync; every
 * other write keeps synchronous=FULL, and the checkpointer's `makeDurable()` syncs what was deferred. SQLite reads the
 * connection's `synchronous` at the commit, so the level seen inside the transaction is the one
 * its commit runs with.
 */
const tempDir = useTempDir();
const ordinary: WriteContext = { actor: { userId: null, role: null }, deviceId: 'device-1' };
const deferred: WriteContext = { ...ordinary, durability: 'deferred' };
const normal = 1;
const full = 2;

function synchronousIn(store: Store, context: WriteContext, key: string): number {
  return store.write(context, (tx) => {
    tx.run('INSERT INTO setting (key, value) VALUES (?, ?)', key, 'v');
    return store.db.pragma('synchronous', { simple: true }) as number;
  });
}

describe('deferred durability', () => {
  it('a deferred write commits with synchronous=NORMAL; the connection is FULL again after it and for every other write', () => {
    const store = Store.open(join(tempDir(), 'a.db'));
    expect(synchronousIn(store, ordinary, 'a')).toBe(full);
    expect(synchronousIn(store, deferred, 'b')).toBe(normal);
    expect(store.db.pragma('synchronous', { simple: true })).toBe(full);
    expect(synchronousIn(store, ordinary, 'c')).toBe(full);
    store.close();
  });

  it('a deferred write that fails rolls back whole and leaves the connection FULL', () => {
    const store = Store.open(join(tempDir(), 'b.db'));
    expect(() =>
      store.write(deferred, (tx) => {
        tx.run('INSERT INTO setting (key, value) VALUES (?, ?)', 'half', 'v');
        throw new Error('页面写入中途失败');
      }),
    ).toThrow('页面写入中途失败');
    expect(store.db.pragma('synchronous', { simple: true })).toBe(full);
    expect(store.read((tx) => tx.get('SELECT 1 FROM setting WHERE key = ?', 'half'))).toBeUndefined();
    expect(store.checkpointer.owesSync).toBe(false);
    store.close();
  });

  it('a deferred write nested in an ordinary one commits with the outer transaction, FULL', () => {
    const store = Store.open(join(tempDir(), 'c.db'));
    const inner = store.write(ordinary, () => synchronousIn(store, deferred, 'nested'));
    expect(inner).toBe(full);
    expect(store.checkpointer.owesSync).toBe(false);
    store.close();
  });

  it('makeDurable syncs what was deferred once, with the smallest write there is; ordinary commits after a deferred one leave it owed', () => {
    const path = join(tempDir(), 'd.db');
    const store = Store.open(path);
    const applicationId = store.db.pragma('application_id', { simple: true });
    store.checkpointer.makeDurable();
    expect(store.checkpointer.owesSync).toBe(false);
    synchronousIn(store, deferred, 'page-1');
    expect(store.checkpointer.owesSync).toBe(true);
    // An ordinary commit that writes nothing does not fsync, so it cannot settle the debt.
    store.write(ordinary, () => undefined);
    expect(store.checkpointer.owesSync).toBe(true);
    store.checkpointer.makeDurable();
    expect(store.checkpointer.owesSync).toBe(false);
    expect(store.db.pragma('application_id', { simple: true })).toBe(applicationId);
    expect(store.db.pragma('synchronous', { simple: true })).toBe(full);
    store.close();
    // The deferred page is in the database like any other commit.
    const reopened = new Database(path, { readonly: true });
    expect(reopened.prepare('SELECT value FROM setting WHERE key = ?').pluck().get('page-1')).toBe('v');
    reopened.close();
  });

  it('a complete checkpoint settles what was deferred; one that another connection keeps from the end does not', () => {
    const path = join(tempDir(), 'e.db');
    const store = Store.open(path);
    synchronousIn(store, deferred, 'page-1');
    // Another connection's open read keeps the checkpoint from copying the frames after its snapshot.
    const reader = new Database(path, { readonly: true });
    const snapshot = reader.prepare('SELECT count(*) FROM setting').pluck();
    reader.exec('BEGIN');
    snapshot.get();
    synchronousIn(store, deferred, 'page-2');
    expect(store.checkpointer.checkpoint('PASSIVE')).toMatchObject({ busy: 0 });
    expect(store.checkpointer.owesSync).toBe(true);
    reader.exec('COMMIT');
    reader.close();
    store.checkpointer.checkpoint('PASSIVE');
    expect(store.checkpointer.owesSync).toBe(false);
    store.close();
  });
});
