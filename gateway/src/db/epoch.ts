/**
 * The epoch: which life of the database a device is talking to. A gateway restored from an
 * older backup has lost events that devices saw acknowledged; its new epoch tells them to send
 * again from their event logs (src-main/domain/sync/session.ts).
 *
 * The database's identity is read from PostgreSQL: the cluster's system identifier and timeline
 * (a new cluster, or a point-in-time recovery, changes them) and the database's OID (a dump
 * restored into a new database changes it). When the identity differs from the one recorded, the
 * database was restored, and a new epoch is recorded. An operator who restored some other way
 * declares it with `npm run gateway -- new-epoch`. The identity is checked again whenever the
 * pool opens a new connection, because PostgreSQL may have been restored under a running gateway.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Db, Tx } from './database.ts';

async function identity(client: Tx): Promise<string> {
  const db = await client.query<{ oid: string }>('SELECT oid::text AS oid FROM pg_database WHERE datname = current_database()');
  let cluster = 'unknown';
  try {
    const r = await client.query<{ system_identifier: string; timeline_id: number }>(
      'SELECT s.system_identifier::text AS system_identifier, c.timeline_id FROM pg_control_system() s, pg_control_checkpoint() c',
    );
    const row = r.rows[0];
    if (row) cluster = `${row.system_identifier}/${row.timeline_id}`;
  } catch {
    // PostgreSQL-compatible databases (and roles without pg_monitor) may not expose these;
    // the database OID and the operator's new-epoch command remain.
    cluster = 'unreadable';
  }
  return `${cluster}/${db.rows[0]?.oid ?? '?'}`;
}

function newEpochId(): string {
  return `${new Date().toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(6).toString('hex')}`;
}

async function readMeta(client: Tx, key: string): Promise<string | null> {
  const r = await client.query<{ value: string }>('SELECT value FROM gateway_meta WHERE key = $1', [key]);
  return r.rows[0]?.value ?? null;
}

async function writeMeta(client: Tx, key: string, value: string): Promise<void> {
  await client.query('INSERT INTO gateway_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value', [key, value]);
}

/** Reads the epoch, recording a new one first if the database is not the one last seen. */
export async function settleEpoch(db: Db, log: Logger, options: { force?: boolean } = {}): Promise<string> {
  const client = await db.connect();
  try {
    await client.query('SELECT pg_advisory_lock(7001002)');
    const seen = await identity(client);
    const recorded = await readMeta(client, 'identity');
    let epoch = await readMeta(client, 'epoch');
    if (epoch === null || recorded !== seen || options.force) {
      const previous = epoch;
      epoch = newEpochId();
      await client.query('BEGIN');
      await writeMeta(client, 'epoch', epoch);
      await writeMeta(client, 'identity', seen);
      await client.query('COMMIT');
      if (previous !== null) log.warn({ previous, epoch, identity: seen, forced: options.force ?? false }, 'new epoch: the database was restored or replaced');
      else log.info({ epoch }, 'first epoch recorded');
    }
    return epoch;
  } finally {
    await client.query('SELECT pg_advisory_unlock(7001002)').catch(() => undefined);
    client.release();
  }
}

/** The current epoch, re-read after the pool had to reconnect. */
export class EpochKeeper {
  private value: string | null = null;
  private stale = true;
  private pending: Promise<string> | null = null;

  private readonly db: Db;
  private readonly log: Logger;

  constructor(db: Db, log: Logger) {
    this.db = db;
    this.log = log;
    db.on('connect', () => {
      this.stale = true;
    });
  }

  async current(): Promise<string> {
    if (!this.stale && this.value !== null) return this.value;
    this.pending ??= settleEpoch(this.db, this.log).then(
      (epoch) => {
        this.value = epoch;
        this.stale = false;
        this.pending = null;
        return epoch;
      },
      (error: unknown) => {
        this.pending = null;
        throw error;
      },
    );
    return this.pending;
  }
}
