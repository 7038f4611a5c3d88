import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../../src-main/services/audit/trail.ts';
import { deriveDataKeys, Keyring } from '../../../src-main/domain/crypto/sealed.ts';
import { FieldCipher } from '../../../src-main/store/field-cipher.ts';
import { Store, type ReadTx, type WriteContext } from '../../../src-main/store/store.ts';
import { useTempDir } from '../../helpers/temp.ts';

const tempDir = useTempDir();
const context: WriteContext = { actor: { userId: null, role: null }, deviceId: 'device-1', now: new Date('2026-11-26T01:02:03Z') };

function storeWithCase(): Store {
  const store = Store.open(join(tempDir(), 'w.db'));
  // Audit rows are keyed (HMAC-SM3 under the data key), so the store needs a key as boot gives it.
  store.useCipher(new FieldCipher(new Keyring(deriveDataKeys(1, new Uint8Array(32).fill(7)))));
  store.write(context, (tx) => {
    tx.run("INSERT INTO centre VALUES ('c', '中心', '210211', 0)");
    tx.run(`INSERT INTO app_user (id, username, display_name, role, centre_id, password_hash, created_at)
            VALUES ('u', 'u', '用户', 'clerk', 'c', 'x', 't')`);
    tx.run(`INSERT INTO case_record (id, status, centre_id, clerk_id, matter_code, matter_name, matter_version,
            department_code, channel, applicant_type, applicant_name, created_at, updated_at)
            VALUES ('k', 'draft', 'c', 'u', 'm', '事项', 1, 'd', 'window', 'individual', '张三', 't', 't')`);
  });
  return store;
}

const count = (store: Store, table: string) => store.read((tx) => tx.get<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))?.n;

describe('the one write path', () => {
  it('records the case event, its outbox message and the audit row in the same transaction', () => {
    const store = storeWithCase();
    const event = store.write(context, (tx) => {
      tx.audit({ action: 'case.note', target: 'k' });
      return tx.appendCaseEvent({ caseId: 'k', type: 'note', payload: { a: 1 }, note: '备注' });
    });
    expect(event.seq).toBe(1);
    const outbox = store.read((tx) => tx.all<{ message_id: string; kind: string; state: string; payload: string | null }>('SELECT * FROM outbox'));
    // The event id is the outbox message id: the gateway can drop a resend of the same event,
    // and the event row is the message body.
    expect(outbox).toEqual([expect.objectContaining({ message_id: event.id, kind: 'case.event', state: 'pending', payload: null })]);
    const stored = store.read((tx) => tx.get<{ payload: string; note: string; device_id: string }>('SELECT * FROM case_event WHERE id = ?', event.id));
    expect(stored).toMatchObject({ note: '备注', device_id: 'device-1' });
    expect(JSON.parse(stored?.payload ?? '{}')).toEqual({ a: 1 });
    const audit = store.read((tx) => tx.all<{ action: string; device_id: string; at: string }>('SELECT * FROM audit_log'));
    expect(audit).toEqual([expect.objectContaining({ action: 'case.note', device_id: 'device-1', at: '2026-11-26T01:02:03.000Z' })]);
    store.close();
  });

  it('numbers a case’s events 1, 2, 3… in order', () => {
    const store = storeWithCase();
    const seqs = [1, 2, 3].map(() => store.write(context, (tx) => tx.appendCaseEvent({ caseId: 'k', type: 'note', payload: {} }).seq));
    expect(seqs).toEqual([1, 2, 3]);
    store.close();
  });

  it('starts a new case’s log at 1 without asking it, and refuses that claim on a case that has events', () => {
    const store = storeWithCase();
    expect(store.write(context, (tx) => tx.appendCaseEvent({ caseId: 'k', type: 'intake.accepted', payload: {}, opensCase: true }).seq)).toBe(1);
    expect(store.write(context, (tx) => tx.appendCaseEvent({ caseId: 'k', type: 'note', payload: {} }).seq)).toBe(2);
    expect(() => store.write(context, (tx) => tx.appendCaseEvent({ caseId: 'k', type: 'intake.accepted', payload: {}, opensCase: true }))).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(count(store, 'case_event')).toBe(2);
    expect(count(store, 'outbox')).toBe(2);
    store.close();
  });

  it('leaves nothing behind when the write fails half-way', () => {
    const store = storeWithCase();
    expect(() =>
      store.write(context, (tx) => {
        tx.appendCaseEvent({ caseId: 'k', type: 'note', payload: {} });
        tx.audit({ action: 'case.note' });
        tx.run("UPDATE case_record SET status = 'accepted' WHERE id = 'k'");
        throw new Error('validation failed after the first rows');
      }),
    ).toThrow('validation failed');
    expect(count(store, 'case_event')).toBe(0);
    expect(count(store, 'outbox')).toBe(0);
    expect(count(store, 'audit_log')).toBe(0);
    expect(store.read((tx) => tx.get<{ status: string }>("SELECT status FROM case_record WHERE id = 'k'"))?.status).toBe('draft');
    store.close();
  });

  it('refuses a writing statement on the read path, including one that returns rows', () => {
    const store = storeWithCase();
    expect(() => store.read((tx) => tx.get("UPDATE case_record SET status = 'x'"))).toThrow(/只读查询中出现了写语句/);
    expect(() => store.read((tx) => tx.get("UPDATE case_record SET status = 'x' RETURNING id"))).toThrow(/只读查询中出现了写语句/);
    expect(store.read((tx) => tx.get<{ status: string }>("SELECT status FROM case_record WHERE id = 'k'"))?.status).toBe('draft');
    store.close();
  });

  it('chains audit rows with SM3 so that an altered or removed row is named', () => {
    const store = storeWithCase();
    for (let i = 0; i < 5; i++) store.write(context, (tx) => tx.audit({ action: `a${i}`, detail: { i } }));
    expect(store.read((tx) => verifyAuditChain(tx))).toEqual({ ok: true, rows: 5, firstBrokenSeq: null, firstBrokenAt: null, reason: null });
    // Tampering needs the append-only trigger out of the way, as an attacker with the file would do.
    store.db.exec('DROP TRIGGER audit_log_no_update');
    store.db.exec("UPDATE audit_log SET detail = '{\"i\":99}' WHERE seq = 3");
    expect(store.read((tx) => verifyAuditChain(tx))).toMatchObject({ ok: false, firstBrokenSeq: 3 });
    store.db.exec('DROP TRIGGER audit_log_no_delete');
    store.db.exec('DELETE FROM audit_log WHERE seq = 2');
    expect(store.read((tx) => verifyAuditChain(tx))).toMatchObject({ ok: false, firstBrokenSeq: 3, reason: expect.stringContaining('前序哈希') });
    store.close();
  });
});

describe('values kept for the connection (remember / forget)', () => {
  const centreName = (store: Store) => store.read((tx) => tx.remember('centre', () => tx.get<{ name: string }>("SELECT name FROM centre WHERE id = 'c'")?.name));
  const rename = (name: string) => `UPDATE centre SET name = '${name}' WHERE id = 'c'`;

  it('keeps a value until the write that changes its rows forgets it', () => {
    const store = storeWithCase();
    expect(centreName(store)).toBe('中心');
    store.write(context, (tx) => tx.run(rename('改名而未声明')));
    expect(centreName(store)).toBe('中心');
    store.write(context, (tx) => {
      tx.run(rename('新中心'));
      tx.forget('centre');
    });
    expect(centreName(store)).toBe('新中心');
    store.close();
  });

  it('keeps nothing read inside a transaction that forgot it, so a rollback leaves no trace', () => {
    const store = storeWithCase();
    expect(centreName(store)).toBe('中心');
    expect(() =>
      store.write(context, (tx) => {
        tx.forget('centre');
        tx.run(rename('未提交'));
        expect(tx.remember('centre', () => tx.get<{ name: string }>("SELECT name FROM centre WHERE id = 'c'")?.name)).toBe('未提交');
        throw new Error('import failed');
      }),
    ).toThrow('import failed');
    expect(centreName(store)).toBe('中心');
    store.close();
  });

  it('drops everything when another connection commits (the CLI on the same file)', () => {
    const store = storeWithCase();
    expect(centreName(store)).toBe('中心');
    const other = new Database(store.path);
    other.prepare(rename('别处改名')).run();
    other.close();
    expect(centreName(store)).toBe('别处改名');
    store.close();
  });

  it('checks for other commits once per transaction: within one, its snapshot; the next one sees them', () => {
    const store = storeWithCase();
    const other = new Database(store.path);
    const keptName = (tx: ReadTx) => tx.remember('centre', () => tx.get<{ name: string }>("SELECT name FROM centre WHERE id = 'c'")?.name);
    store.read((tx) => {
      expect(keptName(tx)).toBe('中心');
      other.prepare(rename('别处改名')).run();
      expect(keptName(tx)).toBe('中心');
      expect(tx.get<{ name: string }>("SELECT name FROM centre WHERE id = 'c'")?.name).toBe('中心');
    });
    expect(centreName(store)).toBe('别处改名');
    // The same after a write transaction.
    store.write(context, (tx) => expect(keptName(tx)).toBe('别处改名'));
    other.prepare(rename('再次改名')).run();
    other.close();
    expect(centreName(store)).toBe('再次改名');
    store.close();
  });
});

describe('several rows in one statement (WriteTx.insertRows)', () => {
  const columns = ['kind', 'token', 'created_at', 'case_id'];
  const rows = (store: Store) => store.read((tx) => tx.all<{ kind: string; token: Buffer }>('SELECT kind, token FROM search_token ORDER BY kind, token'));

  // singleRows: the same rows one statement each (a pulled page's long transaction); a failure still undoes the write.
  for (const singleRows of [false, true]) {
    it(`inserts every row, and with orIgnore passes over the ones already there${singleRows ? ' (row by row)' : ''}`, () => {
      const store = storeWithCase();
      store.write(context, (tx) => tx.insertRows('search_token', columns, [['id', Buffer.from([1]), 't', 'k'], ['phone', Buffer.from([2]), 't', 'k']], { singleRows }));
      store.write(context, (tx) =>
        tx.insertRows('search_token', columns, [['id', Buffer.from([1]), 't', 'k'], ['name', Buffer.from([3]), 't', 'k']], { orIgnore: true, singleRows }),
      );
      expect(rows(store).map((r) => [r.kind, [...r.token]])).toEqual([['id', [1]], ['name', [3]], ['phone', [2]]]);
      store.close();
    });

    it(`writes none of the rows when one breaks a constraint, and refuses a row of the wrong width${singleRows ? ' (row by row)' : ''}`, () => {
      const store = storeWithCase();
      expect(() => store.write(context, (tx) => tx.insertRows('search_token', columns, [['id', Buffer.from([1]), 't', 'k'], ['id', Buffer.from([1]), 't', 'k']], { singleRows }))).toThrow(/UNIQUE|PRIMARY KEY/);
      expect(() => store.write(context, (tx) => tx.insertRows('search_token', columns, [['id', Buffer.from([2]), 't', 'k'], ['id', Buffer.from([1]), 't']], { singleRows }))).toThrow(/3 个值，应为 4 个/);
      store.write(context, (tx) => tx.insertRows('search_token', columns, [], { singleRows }));
      expect(rows(store)).toEqual([]);
      store.close();
    });
  }
});

describe('reading rows one at a time (ReadTx.each)', () => {
  it('hands every row to the callback in the query’s order and returns how many there were', () => {
    const store = storeWithCase();
    store.write(context, (tx) => {
      for (const n of [3, 1, 2]) tx.audit({ action: `case.note.${n}`, target: 'k' });
    });
    const seen: string[] = [];
    const count = store.read((tx) => tx.each<{ action: string }>('SELECT action FROM audit_log WHERE target = ? ORDER BY action', ['k'], (row) => seen.push(row.action)));
    expect(seen).toEqual(['case.note.1', 'case.note.2', 'case.note.3']);
    expect(count).toBe(3);
    expect(store.read((tx) => tx.each('SELECT action FROM audit_log WHERE target = ?', ['nobody'], () => seen.push('x')))).toBe(0);
    expect(seen).toHaveLength(3);
    store.close();
  });

  it('refuses a write statement, like every read', () => {
    const store = storeWithCase();
    expect(() => store.read((tx) => tx.each("DELETE FROM case_record WHERE id = 'k'", [], () => undefined))).toThrow(/只读查询中出现了写语句/);
    store.close();
  });
});
