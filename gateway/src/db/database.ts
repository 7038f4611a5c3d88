/**
 * The gateway's connection to PostgreSQL: one pool, transactions that are retried when
 * PostgreSQL says a retry will do (deadlock, serialization failure, a unique key taken by a
 * concurrent gateway process), and the numbered migrations, applied under an advisory lock so
 * several gateway processes can start on one database at once.
 */
import pg from 'pg';
import type { Logger } from 'pino';
import { migrations } from './migrations/index.ts';

// int8 (counts, feed sequence numbers) as numbers: they stay far below 2^53.
pg.types.setTypeParser(20, (value) => Number(value));

export type Db = pg.Pool;
export type Tx = pg.PoolClient;

export function openPool(connectionString: string, log: Logger, max = 16): Db {
  // Requests wait in the pool's queue for a connection; only a wait this long means the database is away.
  const pool = new pg.Pool({ connectionString, max, connectionTimeoutMillis: 30_000, idleTimeoutMillis: 30_000 });
  // A connection dropped while idle (PostgreSQL restarted) is an event, not a crash: the pool replaces it.
  pool.on('error', (error) => log.warn({ err: withoutConnection(error) }, 'idle database connection lost'));
  // A connection dropped while checked out (PostgreSQL restarted mid-transaction) reports its
  // failure to the query in hand; the socket's late 'error' must not end the process as unhandled.
  pool.on('connect', (client) => client.on('error', (error) => log.warn({ err: error }, 'database connection lost during a request')));
  return pool;
}

/**
 * pg-pool hangs the whole connection on an idle connection's error (`err.client`): logged as is,
 * each line carried kilobytes of driver state, the backend's cancel key among them.
 */
function withoutConnection(error: Error): Error {
  delete (error as Error & { client?: unknown }).client;
  return error;
}

/** SQLSTATEs after which running the same transaction again is the right answer. */
const retryable = new Set(['40001', '40P01', '23505']);
/** Connection-level failures: the database is away (restarting, unreachable). */
const unavailable = new Set(['57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004']);

export function isRetryableError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && retryable.has((error as { code?: string }).code ?? '');
}

export function isUnavailableError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: string }).code ?? '';
  if (unavailable.has(code)) return true;
  // While a server is stopped (restarting) its Unix socket file is gone: connecting says ENOENT.
  if (code === 'ENOENT' && (error as { syscall?: string }).syscall === 'connect') return true;
  const message = (error as { message?: string }).message ?? '';
  // EPIPE, or pg's "encountered a connection error": a connection the server closed as it stopped,
  // used again before the pool had dropped it.
  return (
    code === 'ECONNREFUSED' ||
    code === 'ECONNRESET' ||
    code === 'EPIPE' ||
    /Connection terminated|encountered a connection error|timeout exceeded when trying to connect|connection timeout/i.test(message)
  );
}

/**
 * Runs `fn` in one transaction (READ COMMITTED: the rows a push changes are locked explicitly).
 * A retryable failure runs it again from the start, up to `attempts` times, so `fn` must not
 * have effects outside the database before it returns.
 */
export async function transaction<T>(db: Db, fn: (tx: Tx) => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const client = await db.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        // The connection itself is gone; it must not go back to the pool.
        broken = true;
        void rollbackError;
      }
      if (attempt < attempts && isRetryableError(error)) continue;
      throw error;
    } finally {
      client.release(broken);
    }
  }
}

/** Applies the migrations not yet applied, each in its own transaction, one process at a time. */
export async function migrate(db: Db, log: Logger): Promise<number> {
  const client = await db.connect();
  try {
    // Any constant: it names "the gateway's migrations" to every process on this database.
    await client.query('SELECT pg_advisory_lock(7001001)');
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migration (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migration')).rows.map((r) => r.version));
    const newest = Math.max(0, ...done);
    const known = migrations.at(-1)?.version ?? 0;
    if (newest > known) {
      throw new Error(`the database was migrated by a newer gateway (schema ${newest}, this gateway knows ${known}); start the newer gateway`);
    }
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.up);
        await client.query('INSERT INTO schema_migration (version, name) VALUES ($1, $2)', [m.version, m.name]);
        await client.query('COMMIT');
        log.info({ version: m.version, name: m.name }, 'migration applied');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
    return known;
  } finally {
    await client.query('SELECT pg_advisory_unlock(7001001)').catch(() => undefined);
    client.release();
  }
}
