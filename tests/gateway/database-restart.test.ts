/**
 * PostgreSQL stopping and starting again under a running gateway. A real embedded server, stopped
 * and started again on its port; the gateway's side connects over the server's Unix socket, as it
 * does to its own embedded server, so "away" is the socket file gone, not only a refused connection.
 *
 * The feed's announcements (FeedNotifier, gateway/src/services/listener.ts) run from a timer a
 * few milliseconds after a push committed; when PostgreSQL stops in those milliseconds, getting a
 * connection fails. That failure is logged and the announcement dropped (a long-poll then runs to
 * its timeout): it must not reject, which would end the gateway process, nor keep the
 * announcements after it from going out once PostgreSQL is back.
 *
 * A gateway process keeps running through it: while the database is away a call that needs it is
 * answered 503 with Retry-After (the device retries then), not 500, and once it is back the
 * gateway serves again.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPool, type Db } from '../../gateway/src/db/database.ts';
import { startEmbedded, type EmbeddedServer } from '../../gateway/src/db/embedded.ts';
import { feedChannel } from '../../gateway/src/services/feed.ts';
import { FeedNotifier } from '../../gateway/src/services/listener.ts';
import { call, startGateway, type GatewayProcess } from '../helpers/gateway.ts';

const dir = mkdtempSync(join(tmpdir(), 'onewindow-pg-restart-'));
const quiet = pino({ level: 'silent' });
let server: EmbeddedServer | null = null;
let port = 0;
let pool: Db | null = null;
let gateway: GatewayProcess | null = null;

beforeAll(async () => {
  server = await startEmbedded(dir, quiet);
  port = Number(new URL(server.url).port);
});

afterAll(async () => {
  await gateway?.stop();
  await pool?.end();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function running(): EmbeddedServer {
  if (!server) throw new Error('the embedded PostgreSQL of this file is not running');
  return server;
}

async function stopPostgres(): Promise<void> {
  await running().stop();
  server = null;
}

async function startPostgresAgain(): Promise<void> {
  server = await startEmbedded(dir, quiet, { port });
}

interface LogLine {
  msg: string;
  err?: Record<string, unknown>;
}

/** A logger whose lines a test reads, as the objects pino writes. */
function capturedLog(): { log: pino.Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const log = pino({ level: 'warn' }, { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) });
  return { log, lines };
}

/** The keys announced on the feed's channel while `act` runs, heard by a LISTEN connection of its own. */
async function heardDuring(act: () => Promise<void>): Promise<string[]> {
  const client = new pg.Client({ connectionString: running().url });
  await client.connect();
  try {
    const heard: string[] = [];
    client.on('notification', (message) => heard.push(message.payload ?? ''));
    await client.query(`LISTEN ${feedChannel}`);
    await act();
    // A notification is delivered between statements: one more round trip and it has been read.
    await client.query('SELECT 1');
    return heard;
  } finally {
    await client.end();
  }
}

describe('the feed notifier while PostgreSQL restarts', () => {
  it('logs an announcement it cannot make while PostgreSQL is down, without rejecting, and announces again once it is back', async () => {
    const { log, lines } = capturedLog();
    pool = openPool(running().socketUrl, log);
    const notifier = new FeedNotifier(pool, log);

    const before = await heardDuring(async () => {
      notifier.announce(['210211']);
      await notifier.flush();
    });
    expect(before).toEqual(['210211']);

    await stopPostgres();
    notifier.announce(['210202']);
    await expect(notifier.flush()).resolves.toBeUndefined();
    expect(lines.map((l) => l.msg)).toContain('feed announcement failed; long-polls fall back to their timeout');

    await startPostgresAgain();
    const after = await heardDuring(async () => {
      notifier.announce(['210200']);
      await notifier.flush();
    });
    expect(after).toEqual(['210200']);
  });
});

describe('the pool when PostgreSQL ends an idle connection', () => {
  it('logs the error without the connection the driver hangs on it (its state and cancel key stay out of the log)', async () => {
    const { log, lines } = capturedLog();
    const idle = openPool(running().socketUrl, log);
    try {
      const client = await idle.connect();
      const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      client.release();
      const admin = new pg.Client({ connectionString: running().url });
      await admin.connect();
      await admin.query('SELECT pg_terminate_backend($1)', [rows[0]?.pid]);
      await admin.end();
      const deadline = Date.now() + 5_000;
      while (!lines.some((l) => l.msg === 'idle database connection lost') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const line = lines.find((l) => l.msg === 'idle database connection lost');
      expect(line?.err).toMatchObject({ code: '57P01', message: 'terminating connection due to administrator command' });
      expect(Object.keys(line?.err ?? {})).not.toContain('client');
      expect(JSON.stringify(line)).not.toContain('secretKey');
    } finally {
      await idle.end();
    }
  });
});

describe('a gateway process while its PostgreSQL restarts', () => {
  it('answers 503 with Retry-After while the database is away, and serves again once it is back', async () => {
    gateway = await startGateway({ databaseUrl: running().socketUrl });
    // Well-formed and unknown: answering it takes the database (authenticate reads the token's row).
    const token = `owa1.210211.${randomUUID()}.${randomUUID()}.${randomBytes(32).toString('base64url')}`;
    const unknown = { status: 401, code: 'UNAUTHENTICATED' };
    const answer = async () => {
      const a = await call<{ error: { code: string; message: string } }>(gateway?.url ?? '', 'GET', '/v1/session', { token });
      return { status: a.status, code: a.body.error.code, message: a.body.error.message, retryAfter: a.headers.get('retry-after') };
    };
    expect(await answer()).toMatchObject(unknown);

    await stopPostgres();
    const away = await answer();
    expect(away).toMatchObject({ status: 503, code: 'UNAVAILABLE' });
    expect(Number(away.retryAfter)).toBeGreaterThan(0);
    expect(away.message).toContain('数据库暂时不可用');

    await startPostgresAgain();
    expect(await answer()).toMatchObject(unknown);
    expect(gateway.child.exitCode).toBeNull();
  });
});
