import { statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { AppError } from '../domain/errors.ts';
import type { SqliteDb } from './open.ts';

/**
 * WAL checkpoints, taken off the commit path.
 *
 * SQLite's automatic checkpoint (every 1000 WAL pages) runs inside whichever COMMIT crosses the
 * threshold: that one commit then copies every page back into the main file and fsyncs it, which
 * on a 1M-case database makes that acceptance many times slower than the rest (the accept bench
 * reports it beside its figure as `sqlite_auto_checkpoint_in_commit`). The store therefore turns
 * the automatic checkpoint off (wal_autocheckpoint=0) and this class takes a PASSIVE checkpoint
 * shortly after a commit, from a timer: the timer fires between API calls of the service thread,
 * never inside one. Durability does not change: a committed transaction is fsynced in the WAL
 * (synchronous=FULL) before the commit returns, and a checkpoint only copies it into the file.
 *
 * The bound on WAL growth: when commits keep coming without the event loop ever reaching the
 * timer (a synchronous batch such as the demo seed or a bulk import), every `maxPendingCommits`th
 * commit checkpoints straight away. journal_size_limit shrinks the WAL file back after a burst.
 * Closing the store takes a TRUNCATE checkpoint, so a closed database is one file.
 *
 * The WAL restart, also taken off the commit path: once a checkpoint has copied every frame, the
 * next commit starts the WAL over and first writes and fsyncs a new WAL header, a second fsync
 * in that commit. At a window every accept
 * follows a checkpoint, so every accept paid it. After a complete checkpoint this class therefore
 * commits the smallest write there is (the header's application_id, rewritten with its own
 * value: one page, no data changed), which restarts the WAL between calls; the clerk's next commit
 * then only appends.
 *
 * A run of commits that follow each other at once (a pull's pages) can hold the timer
 * (`hold()`): each commit is as durable as ever, but the pages the run rewrites again and again
 * (the same index leaves, page after page) are copied into the file and fsynced once after the
 * run instead of once per commit, and the run's thread is not taken for a checkpoint between two
 * of its commits. The WAL stays bounded meanwhile by `maxHeldWalBytes`.
 *
 * Deferred commits (a pulled page, `WriteContext.durability` in store.ts) are not fsynced when they
 * commit. This class keeps count of whether one is owed: a complete checkpoint has synced the WAL
 * and the file, and `makeDurable()` syncs the WAL with the smallest write, for what must be durable
 * before it leaves the PC.
 */
export interface CheckpointPolicy {
  /** How soon after a commit the checkpoint runs (ms); it is taken between API calls. */
  delayMs: number;
  /** Commits without a checkpoint after which the next commit checkpoints at once. */
  maxPendingCommits: number;
  /** The WAL file is truncated to this size after it has been reset. */
  journalSizeLimitBytes: number;
  /** While the timer is held, the commit that leaves more than this in the WAL checkpoints at once. */
  maxHeldWalBytes?: number;
}

const defaultMaxHeldWalBytes = 64 * 1024 * 1024;

export const defaultCheckpointPolicy: CheckpointPolicy = {
  delayMs: 50,
  maxPendingCommits: 200,
  journalSizeLimitBytes: 64 * 1024 * 1024,
  maxHeldWalBytes: defaultMaxHeldWalBytes,
};

export interface CheckpointResult {
  /** 1 when another connection kept the checkpoint from running to the end. */
  busy: number;
  /** Frames in the WAL. */
  log: number;
  /** Frames copied into the database file. */
  checkpointed: number;
}

export class WalCheckpointer {
  private readonly db: SqliteDb;
  private readonly policy: CheckpointPolicy;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private pendingCommits = 0;
  private holds = 0;
  /** A deferred commit that no fsync this class knows of has covered yet. */
  private deferredOwed = false;
  /** How many checkpoints ran and how long the last one took: the service thread is busy meanwhile. */
  readonly stats = { runs: 0, lastMs: 0 };

  constructor(db: SqliteDb, policy: CheckpointPolicy = defaultCheckpointPolicy) {
    this.db = db;
    this.policy = policy;
    db.pragma('wal_autocheckpoint = 0');
    db.pragma(`journal_size_limit = ${policy.journalSizeLimitBytes}`);
  }

  /** Commits not yet checkpointed (for tests and diagnostics). */
  get pending(): number {
    return this.pendingCommits;
  }

  /**
   * Holds the timer until the returned function is called (see the header); then it is set as
   * after any commit. Holds nest; calling the release twice releases once.
   */
  hold(): () => void {
    this.holds += 1;
    this.cancelTimer();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds -= 1;
      if (this.holds === 0 && this.pendingCommits > 0) this.schedule();
    };
  }

  /** Called after every commit of the write connection; `deferred` when it did not wait for its fsync. */
  afterCommit(options: { deferred?: boolean } = {}): void {
    // Left owed by the ordinary commits that follow: one that wrote nothing does not fsync.
    if (options.deferred) this.deferredOwed = true;
    this.pendingCommits += 1;
    if (this.holds > 0) {
      if (this.walBytes() > (this.policy.maxHeldWalBytes ?? defaultMaxHeldWalBytes)) this.checkpoint('PASSIVE');
      return;
    }
    if (this.pendingCommits >= this.policy.maxPendingCommits) {
      this.checkpoint('PASSIVE');
      return;
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.checkpoint('PASSIVE');
    }, this.policy.delayMs);
    // A pending checkpoint must not keep a CLI run or a test process alive.
    this.timer.unref();
  }

  /**
   * Copies committed WAL frames into the database file. Inside an open transaction (a write that
   * calls into another write) it waits for the next commit instead.
   */
  checkpoint(mode: 'PASSIVE' | 'TRUNCATE'): CheckpointResult | null {
    this.cancelTimer();
    if (!this.db.open || this.db.inTransaction) return null;
    const started = performance.now();
    const [row] = this.db.pragma(`wal_checkpoint(${mode})`) as CheckpointResult[];
    const complete = row !== undefined && row.busy === 0 && row.checkpointed === row.log;
    // A complete checkpoint synced the WAL before copying it, and the file after.
    if (complete) this.deferredOwed = false;
    // See the header: the WAL header's write and fsync happen here rather than in the next commit.
    if (mode === 'PASSIVE' && complete && row.log > 0) this.commitSmallestWrite();
    this.pendingCommits = 0;
    this.stats.runs += 1;
    this.stats.lastMs = performance.now() - started;
    return row ?? null;
  }

  /**
   * Makes every deferred commit durable (see the header). Call it before anything that rests on
   * local state leaves the PC (a push carries the audit chain's head and numbers from pulled
   * pages): what the gateway has seen must not be rolled back by a power cut.
   */
  makeDurable(): void {
    if (!this.deferredOwed) return;
    if (this.db.inTransaction) throw new AppError('INTERNAL', '事务进行中不能落盘同步下来的数据，请在事务之外调用。');
    this.commitSmallestWrite();
    this.deferredOwed = false;
  }

  /** Whether a deferred commit still waits for the WAL's fsync. */
  get owesSync(): boolean {
    return this.deferredOwed;
  }

  /** The header's application_id rewritten with its own value: one page, no data changed, committed FULL (an fsync of the WAL). */
  private commitSmallestWrite(): void {
    const applicationId = this.db.pragma('application_id', { simple: true }) as number;
    this.db.pragma(`application_id = ${applicationId}`);
  }

  /**
   * The WAL file's size. After a complete checkpoint the next commit writes it again from the
   * start (and a reset truncates it to `journalSizeLimitBytes`), so it grows past that size only
   * when the frames no checkpoint has copied do.
   */
  private walBytes(): number {
    return statSync(`${this.db.name}-wal`, { throwIfNoEntry: false })?.size ?? 0;
  }

  /** The final checkpoint before the connection closes: everything into the file, WAL emptied. */
  close(): void {
    this.checkpoint('TRUNCATE');
  }

  private cancelTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
