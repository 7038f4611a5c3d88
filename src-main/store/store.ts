import type { RunResult, Statement } from 'better-sqlite3';
import type { Actor } from '../domain/auth/actor.ts';
import { AppError } from '../domain/errors.ts';
import { auditCanonical, auditGenesisHash, type AuditFields, type AuditHead } from './audit-link.ts';
import { WalCheckpointer, type CheckpointPolicy } from './checkpoint.ts';
import { noCipher, type FieldCipher } from './field-cipher.ts';
import { timeOrderedId } from './ids.ts';
import { openDatabase, type SqliteDb } from './open.ts';

type Value = string | number | bigint | null | Buffer;
/** A positional value, or one object of named values (`@name` in the SQL). */
type Param = Value | Readonly<Record<string, Value>>;

/** Read-only access. Statements that would write are refused, so a read path cannot write. */
export interface ReadTx {
  get<T>(sql: string, ...params: Param[]): T | undefined;
  all<T>(sql: string, ...params: Param[]): T[];
  /** The first column of every row, as a plain array: no object per row (a sorted column of 150,000 numbers). */
  column<T>(sql: string, ...params: Param[]): T[];
  /**
   * Hands the rows to `fn` one at a time as SQLite steps through them, so each row object dies
   * young instead of a whole page surviving into the old heap (a month's export, measured).
   * `fn` must not query the store: the connection is busy until the last row. Returns the count.
   */
  each<T>(sql: string, params: readonly Param[], fn: (row: T) => void): number;
  /** Seals and opens personal data, and makes its blind-index tokens. */
  readonly cipher: FieldCipher;
  /**
   * A value derived from rows that seldom change (the matter catalogue, settings, the windows), kept for this connection
   * so a hot path need not re-read and re-parse them. It is dropped by `forget(key)`, which the
   * write that changes those rows must call, and all at once when another connection commits
   * (PRAGMA data_version: the CLI on the same file). Inside a transaction that has forgotten the
   * key, the value is made but not kept: it may rest on rows that are not committed yet.
   */
  remember<T>(key: string, make: () => T): T;
}

export type { Actor };
export { auditCanonical, auditGenesisHash, auditRowHash, type AuditFields, type AuditHead } from './audit-link.ts';

export interface WriteContext {
  actor: Actor;
  deviceId: string;
  /** Injected so tests and replays control time. */
  now?: Date;
  /**
   * `'deferred'`: the commit does not wait for its fsync (synchronous=NORMAL for this transaction
   * only). Only for a write that can be fetched again whole, with what says it was fetched (a
   * pulled page and its cursor): a power cut may roll it back to an earlier, consistent state,
   * never leave half of it. The WAL's next sync makes it durable: any ordinary commit, a
   * checkpoint, or `checkpointer.makeDurable()`, which anything that leaves the PC must call first.
   */
  durability?: 'deferred';
}

export interface CaseEventInput {
  caseId: string;
  type: string;
  payload: unknown;
  note?: string;
  /**
   * The event that creates the case (its intake decision): it is seq 1 without asking the log.
   * Wrongly set on a case that has events, the insert fails on the (case_id, seq) key.
   */
  opensCase?: boolean;
}

export interface OutboxInput {
  kind: string;
  aggregateType: string;
  aggregateId: string;
  /** Null when the message points at a row that already holds it (a case event). */
  payload: unknown;
  /** The idempotency key the gateway sees; defaults to a new time-ordered UUID. */
  messageId?: string;
}

export interface AuditInput {
  action: string;
  target?: string | null;
  outcome?: 'ok' | 'denied' | 'failed';
  detail?: Record<string, unknown>;
}

/** Everything a write may do. The only way to change the database. */
export interface WriteTx extends ReadTx {
  readonly now: string;
  readonly actor: Actor;
  readonly deviceId: string;
  run(sql: string, ...params: Param[]): RunResult;
  /**
   * Several rows in one INSERT statement (`VALUES (…), (…)`): one call into SQLite instead of one
   * per row, which is what a case's checklist and search tokens cost an acceptance. `table` and
   * `columns` are the code's own names, never input. Does nothing for no rows. `singleRows`: one
   * single-row statement per row instead, for a long transaction (a pulled page): SQLite gives a
   * statement that may write several rows and then fail (a foreign key) a statement journal, which
   * copies each page it touches that the transaction already changed to a temporary file first.
   */
  insertRows(table: string, columns: readonly string[], rows: readonly (readonly Value[])[], options?: { orIgnore?: boolean; singleRows?: boolean }): void;
  appendCaseEvent(event: CaseEventInput): { id: string; seq: number };
  /** Drops what `remember(key)` kept: call it from every write that changes the rows behind it. */
  forget(key: string): void;
  enqueue(message: OutboxInput): string;
  audit(entry: AuditInput): void;
}

export class Store {
  readonly db: SqliteDb;
  readonly path: string;
  private readonly statements = new Map<string, Statement>();
  private readonly inserts = new Map<string, Statement>();
  /** Made once: better-sqlite3 builds a wrapper per db.transaction() call. */
  private readonly inTransaction: ReturnType<SqliteDb['transaction']>;
  /** Checkpoints the WAL between calls instead of inside a commit (see checkpoint.ts). */
  readonly checkpointer: WalCheckpointer;
  /** Set once at boot, when the data key is known (host/boot.ts). */
  private fieldCipher: FieldCipher = noCipher;
  /** What `remember` keeps, the data_version it was kept at, and the keys forgotten by the open transaction. */
  private readonly memo = new Map<string, unknown>();
  private memoDataVersion: number | null = null;
  /**
   * Another connection's commit cannot reach an open transaction's snapshot, so data_version is
   * read once per transaction (an accept remembers five things), not on every `remember`.
   */
  private memoCheckedInTransaction = false;
  private readonly dataVersion: Statement;
  private readonly forgottenInTransaction = new Set<string>();
  /** The last audit row this process committed, and the one the open transaction appended. */
  private committedAuditHead: AuditHead | null = null;
  private pendingAuditHead: AuditHead | null = null;

  private constructor(db: SqliteDb, policy?: CheckpointPolicy) {
    this.db = db;
    this.path = db.name;
    this.inTransaction = db.transaction((fn: () => unknown) => fn());
    this.checkpointer = new WalCheckpointer(db, policy);
    this.dataVersion = db.prepare('PRAGMA data_version').pluck();
  }

  static open(path: string, options: { checkpoint?: CheckpointPolicy } = {}): Store {
    const db = openDatabase(path);
    try {
      return new Store(db, options.checkpoint);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  useCipher(cipher: FieldCipher): void {
    this.fieldCipher = cipher;
  }

  /** The newest audit row committed through this store since it opened, or null. */
  get auditHead(): AuditHead | null {
    return this.committedAuditHead;
  }

  close(): void {
    this.statements.clear();
    this.inserts.clear();
    if (!this.db.open) return;
    this.checkpointer.close();
    this.db.close();
  }

  private statement(sql: string): Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  private readonly reader: ReadTx = this.makeReader();

  private makeReader(): ReadTx {
    const readStatement = (sql: string) => this.readStatement(sql);
    const cipher = () => this.fieldCipher;
    return {
      get: <T>(sql: string, ...params: Param[]) => readStatement(sql).get(...params) as T | undefined,
      all: <T>(sql: string, ...params: Param[]) => readStatement(sql).all(...params) as T[],
      column: <T>(sql: string, ...params: Param[]) => {
        // Statements are cached and shared by SQL text: switch plucking off again for the next caller.
        const stmt = readStatement(sql).pluck(true);
        try {
          return stmt.all(...params) as T[];
        } finally {
          stmt.pluck(false);
        }
      },
      each: <T>(sql: string, params: readonly Param[], fn: (row: T) => void) => {
        let count = 0;
        for (const row of readStatement(sql).iterate(...params)) {
          fn(row as T);
          count++;
        }
        return count;
      },
      // A getter: the cipher is set after the store opens (the key check needs a write transaction).
      get cipher() {
        return cipher();
      },
      remember: <T>(key: string, make: () => T) => this.remember(key, make),
    };
  }

  private remember<T>(key: string, make: () => T): T {
    if (!(this.memoCheckedInTransaction && this.db.inTransaction)) {
      // Inside a transaction this pragma also starts its snapshot, so what it checked is what the transaction reads.
      const dataVersion = this.dataVersion.get() as number;
      if (dataVersion !== this.memoDataVersion) {
        this.memo.clear();
        this.memoDataVersion = dataVersion;
      }
      this.memoCheckedInTransaction = this.db.inTransaction;
    }
    if (this.memo.has(key)) return this.memo.get(key) as T;
    const value = make();
    if (!this.forgottenInTransaction.has(key)) this.memo.set(key, value);
    return value;
  }

  private forget(key: string): void {
    this.memo.delete(key);
    if (this.db.inTransaction) this.forgottenInTransaction.add(key);
  }

  private readStatement(sql: string): Statement {
    const stmt = this.statement(sql);
    // `readonly`, not `reader`: an INSERT … RETURNING returns rows too, and it writes.
    if (!stmt.readonly) throw new AppError('INTERNAL', `只读查询中出现了写语句：${sql.slice(0, 60)}`);
    return stmt;
  }

  /** Runs `fn` in one read transaction, so several queries see one consistent snapshot. */
  read<T>(fn: (tx: ReadTx) => T): T {
    if (this.db.inTransaction) return fn(this.reader);
    try {
      return this.inTransaction.deferred(() => fn(this.reader)) as T;
    } finally {
      this.memoCheckedInTransaction = false;
    }
  }

  /**
   * The one write path. `fn` runs inside an IMMEDIATE transaction together with the case events,
   * outbox messages and audit rows it records; all of it commits or none of it does.
   */
  write<T>(context: WriteContext, fn: (tx: WriteTx) => T): T {
    const now = (context.now ?? new Date()).toISOString();
    const reader = this.reader;
    const tx: WriteTx = {
      get: reader.get,
      all: reader.all,
      column: reader.column,
      each: reader.each,
      get cipher() {
        return reader.cipher;
      },
      remember: reader.remember,
      forget: (key) => this.forget(key),
      now,
      actor: context.actor,
      deviceId: context.deviceId,
      run: (sql, ...params) => this.statement(sql).run(...params),
      insertRows: (table, columns, rows, options) => this.insertRows(table, columns, rows, options?.orIgnore ?? false, options?.singleRows ?? false),
      appendCaseEvent: (event) => this.appendCaseEvent(tx, event),
      enqueue: (message) => this.enqueue(tx, message),
      audit: (entry) => this.appendAudit(tx, entry),
    };
    let result: T;
    // A nested write is a savepoint: if it rolls back, so does the audit row it appended.
    const pendingBefore = this.pendingAuditHead;
    // Set outside the transaction (SQLite reads it at the commit); a nested write keeps the outer one's.
    const deferred = context.durability === 'deferred' && !this.db.inTransaction;
    if (deferred) this.db.pragma('synchronous = NORMAL');
    try {
      result = this.inTransaction.immediate(() => fn(tx)) as T;
      if (!this.db.inTransaction && this.pendingAuditHead) this.committedAuditHead = this.pendingAuditHead;
    } catch (error) {
      this.pendingAuditHead = pendingBefore;
      throw error;
    } finally {
      if (deferred) this.db.pragma('synchronous = FULL');
      // Committed or rolled back, what it forgot is settled (a rollback just means a re-read).
      if (!this.db.inTransaction) {
        this.pendingAuditHead = null;
        this.forgottenInTransaction.clear();
        this.memoCheckedInTransaction = false;
      }
    }
    // Nested inside another transaction this was a savepoint, not a commit.
    if (!this.db.inTransaction) this.checkpointer.afterCommit({ deferred });
    return result;
  }

  private insertRows(table: string, columns: readonly string[], rows: readonly (readonly Value[])[], orIgnore: boolean, singleRows = false): void {
    if (rows.length === 0) return;
    for (const row of rows) if (row.length !== columns.length) throw new AppError('INTERNAL', `写入 ${table} 的一行有 ${row.length} 个值，应为 ${columns.length} 个。`);
    if (singleRows) {
      const one = this.insertStatement(table, columns, 1, orIgnore);
      for (const row of rows) one.run(row);
      return;
    }
    // One statement per row count (a checklist has a few dozen rows at most), its values in one array.
    const values: Value[] = new Array<Value>(rows.length * columns.length);
    let i = 0;
    for (const row of rows) for (const value of row) values[i++] = value;
    this.insertStatement(table, columns, rows.length, orIgnore).run(values);
  }

  /** The INSERT of `count` rows, kept by its shape: the text is built once, not on every call (a pulled page makes thousands). */
  private insertStatement(table: string, columns: readonly string[], count: number, orIgnore: boolean): Statement {
    const key = `${table}\u0000${columns.join(',')}\u0000${count}\u0000${orIgnore ? 1 : 0}`;
    let stmt = this.inserts.get(key);
    if (!stmt) {
      const tuple = `(${columns.map(() => '?').join(', ')})`;
      stmt = this.statement(`INSERT ${orIgnore ? 'OR IGNORE ' : ''}INTO ${table} (${columns.join(', ')}) VALUES ${Array(count).fill(tuple).join(', ')}`);
      this.inserts.set(key, stmt);
    }
    return stmt;
  }

  private appendCaseEvent(tx: WriteTx, event: CaseEventInput): { id: string; seq: number } {
    const id = timeOrderedId();
    const seq = event.opensCase ? 1 : (tx.get<{ seq: number }>('SELECT max(seq) AS seq FROM case_event WHERE case_id = ?', event.caseId)?.seq ?? 0) + 1;
    const payload = JSON.stringify(event.payload ?? {});
    tx.run(
      `INSERT INTO case_event (id, case_id, seq, type, at, actor_id, actor_role, device_id, note, payload)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      id,
      event.caseId,
      seq,
      event.type,
      tx.now,
      tx.actor.userId,
      tx.actor.role,
      tx.deviceId,
      event.note ?? null,
      payload,
    );
    // The event id doubles as the message id: resending an event can never create a second one.
    // The event row itself is the message body, so nothing is written twice.
    this.enqueue(tx, { kind: 'case.event', aggregateType: 'case', aggregateId: event.caseId, messageId: id, payload: null });
    return { id, seq };
  }

  private enqueue(tx: WriteTx, message: OutboxInput): string {
    const messageId = message.messageId ?? timeOrderedId();
    tx.run(
      `INSERT INTO outbox (message_id, kind, aggregate_type, aggregate_id, payload, created_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
      messageId,
      message.kind,
      message.aggregateType,
      message.aggregateId,
      message.payload === null ? null : JSON.stringify(message.payload),
      tx.now,
    );
    return messageId;
  }

  private appendAudit(tx: WriteTx, entry: AuditInput): void {
    const last = tx.get<{ hash: string }>('SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    const row: AuditFields = {
      prev_hash: last?.hash ?? auditGenesisHash,
      at: tx.now,
      user_id: tx.actor.userId,
      role: tx.actor.role,
      device_id: tx.deviceId,
      action: entry.action,
      target: entry.target ?? null,
      outcome: entry.outcome ?? 'ok',
      detail: JSON.stringify(entry.detail ?? {}),
    };
    // Keyed: without the data key (FieldCipher refuses before boot has loaded it) no row is linked.
    const hash = this.fieldCipher.auditMac(auditCanonical(row));
    const inserted = tx.run(
      `INSERT INTO audit_log (at, user_id, role, device_id, action, target, outcome, detail, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      row.at,
      row.user_id,
      row.role,
      row.device_id,
      row.action,
      row.target,
      row.outcome,
      row.detail,
      row.prev_hash,
      hash,
    );
    this.pendingAuditHead = { seq: Number(inserted.lastInsertRowid), hash };
  }
}
