/**
 * Wakes long-polling pulls when their centre's feed grows, on whichever gateway process the
 * change was committed: one LISTEN connection per process. If that connection is lost, waits
 * simply run to their timeout (the client then polls) while it reconnects.
 */
import pg from 'pg';
import type { Logger } from 'pino';
import { feedChannel } from './feed.ts';

export class FeedListener {
  private client: pg.Client | null = null;
  private readonly waiters = new Map<string, Set<() => void>>();
  private closed = false;
  private retryTimer: NodeJS.Timeout | null = null;

  private readonly url: string;
  private readonly log: Logger;

  constructor(url: string, log: Logger) {
    this.url = url;
    this.log = log;
  }

  async start(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ connectionString: this.url });
    client.on('notification', (message) => this.wake(message.payload ?? ''));
    client.on('error', (error) => {
      this.log.warn({ err: error }, 'feed listener connection lost; reconnecting');
      this.reconnectSoon();
    });
    client.on('end', () => this.reconnectSoon());
    try {
      await client.connect();
      await client.query(`LISTEN ${feedChannel}`);
      this.client = client;
    } catch (error) {
      this.log.warn({ err: error }, 'feed listener cannot connect; long-polls fall back to their timeout');
      client.end().catch(() => undefined);
      this.reconnectSoon();
    }
  }

  private reconnectSoon(): void {
    this.client = null;
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.start();
    }, 1_000);
    this.retryTimer.unref();
  }

  private wake(key: string): void {
    const set = this.waiters.get(key);
    if (!set) return;
    this.waiters.delete(key);
    for (const resolve of set) resolve();
  }

  /** A promise that settles when `key` (region/centre) changes or after `ms`; `cancel` settles it now. */
  waitFor(key: string, ms: number): { done: Promise<void>; cancel: () => void } {
    let resolveFn: () => void = () => undefined;
    const done = new Promise<void>((resolve) => {
      resolveFn = resolve;
    });
    const timer = setTimeout(() => finish(), ms);
    const finish = () => {
      clearTimeout(timer);
      this.waiters.get(key)?.delete(finish);
      resolveFn();
    };
    let set = this.waiters.get(key);
    if (!set) {
      set = new Set();
      this.waiters.set(key, set);
    }
    set.add(finish);
    return { done, cancel: finish };
  }

  /** Releases every waiting pull (shutdown) and closes the connection. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    for (const key of [...this.waiters.keys()]) this.wake(key);
    await this.client?.end().catch(() => undefined);
  }
}

/**
 * Announces grown feeds after their transactions committed, a few milliseconds' worth at a time,
 * in a transaction of its own that does not wait for fsync (a lost announcement only delays a
 * long-poll to its timeout, after which the device polls). If the process dies between a commit
 * and its announcement, the same holds.
 */
export class FeedNotifier {
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private readonly db: pg.Pool;
  private readonly log: Logger;

  constructor(db: pg.Pool, log: Logger) {
    this.db = db;
    this.log = log;
  }

  announce(keys: readonly string[]): void {
    for (const key of keys) this.pending.add(key);
    if (this.pending.size > 0 && this.timer === null) this.timer = setTimeout(() => void this.flush(), 5);
  }

  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const keys = [...this.pending];
    this.pending.clear();
    if (keys.length === 0) return this.flushing;
    this.flushing = this.flushing.then(() => this.send(keys));
    return this.flushing;
  }

  /**
   * Never rejects: it runs from a timer, where a rejection would end the process, and every later
   * flush is chained behind it. The database may be away for any part of it, getting the
   * connection included (PostgreSQL restarting right after the commit it announces).
   */
  private async send(keys: readonly string[]): Promise<void> {
    let client: pg.PoolClient | null = null;
    let failed = false;
    try {
      client = await this.db.connect();
      await client.query('BEGIN');
      await client.query('SET LOCAL synchronous_commit TO off');
      await client.query('SELECT pg_notify($1, key) FROM unnest($2::text[]) AS key', [feedChannel, keys]);
      await client.query('COMMIT');
    } catch (error) {
      failed = true;
      this.log.warn({ err: error, centres: keys.length }, 'feed announcement failed; long-polls fall back to their timeout');
    } finally {
      // A connection that failed mid-announcement does not go back to the pool.
      client?.release(failed);
    }
  }
}
