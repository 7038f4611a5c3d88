/**
 * The embedded PostgreSQL's postmaster, read from its data folder (gateway/src/db/postmaster.ts):
 * a gateway starting where a killed one left its server running adopts that server, not a second
 * one; once the server stops, nothing is named there. The gateway's own connections go over the
 * server's Unix socket, TCP stays open for the rest, and a socket left by a killed server does not
 * stop the next start. A real embedded server, real files.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbedded, type EmbeddedServer } from '../../gateway/src/db/embedded.ts';
import { processAlive, runningPostmaster } from '../../gateway/src/db/postmaster.ts';

const dir = mkdtempSync(join(tmpdir(), 'onewindow-pg-adopt-'));
let first: EmbeddedServer | null = null;

afterAll(async () => {
  await first?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** When the server behind `url` started (the same server answers the same), and whether the link is a Unix socket (no server address). */
async function serverSeenAt(url: string): Promise<{ started: number; unixSocket: boolean }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ started: Date; addr: string | null }>('SELECT pg_postmaster_start_time() AS started, inet_server_addr() AS addr');
    return { started: rows[0]?.started.getTime() ?? 0, unixSocket: rows[0]?.addr === null };
  } finally {
    await client.end();
  }
}

async function serverStartedAt(url: string): Promise<number> {
  return (await serverSeenAt(url)).started;
}

/**
 * A killed postmaster's backends leave on their own once they notice; until then PostgreSQL
 * refuses to start over their shared memory, as it should. Waits for that, not for the socket.
 */
async function startWhenOrphansLeft(dataDir: string, log: pino.Logger, port: number): Promise<EmbeddedServer> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await startEmbedded(dataDir, log, { port });
    } catch (error) {
      if (attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

describe('the postmaster of an embedded data folder', () => {
  it('names none before the server starts', () => {
    expect(runningPostmaster(join(dir, 'pg'))).toBeNull();
  });

  it('names the running server, and a second start adopts it instead of starting another', async () => {
    first = await startEmbedded(dir, pino({ level: 'silent' }));
    const running = runningPostmaster(join(dir, 'pg'));
    expect(running).not.toBeNull();
    expect(processAlive(running?.pid ?? 0)).toBe(true);
    expect(running?.port).toBe(Number(new URL(first.url).port));

    const again = await startEmbedded(dir, pino({ level: 'silent' }));
    expect(again.url).toBe(first.url);
    expect(again.socketUrl).toBe(first.socketUrl);
    expect(await serverStartedAt(again.url)).toBe(await serverStartedAt(first.url));
    // The adopted server is the first start's to stop, not the adopter's.
    await again.stop();
    expect(processAlive(running?.pid ?? 0)).toBe(true);
  });

  it('answers on a Unix socket in its data folder and on loopback TCP, the same server', async () => {
    if (!first) throw new Error('the server of the previous test is not running');
    const overSocket = await serverSeenAt(first.socketUrl);
    const overTcp = await serverSeenAt(first.url);
    expect(overSocket.unixSocket).toBe(true);
    expect(overTcp.unixSocket).toBe(false);
    expect(overSocket.started).toBe(overTcp.started);
    expect(existsSync(join(dir, 'pg', `.s.PGSQL.${new URL(first.url).port}`))).toBe(true);
  });

  it('starts again on the same port after its server was killed and left its socket behind', async () => {
    const killedDir = mkdtempSync(join(tmpdir(), 'onewindow-pg-killed-'));
    const log = pino({ level: 'silent' });
    let restarted: EmbeddedServer | null = null;
    try {
      const killed = await startEmbedded(killedDir, log);
      const port = Number(new URL(killed.url).port);
      const pid = runningPostmaster(join(killedDir, 'pg'))?.pid ?? 0;
      process.kill(pid, 'SIGKILL');
      while (processAlive(pid)) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(existsSync(join(killedDir, 'pg', `.s.PGSQL.${port}.lock`))).toBe(true);
      restarted = await startWhenOrphansLeft(killedDir, log, port);
      expect((await serverSeenAt(restarted.socketUrl)).unixSocket).toBe(true);
    } finally {
      await restarted?.stop();
      rmSync(killedDir, { recursive: true, force: true });
    }
  });

  it('names none once the server has stopped', async () => {
    await first?.stop();
    first = null;
    expect(runningPostmaster(join(dir, 'pg'))).toBeNull();
  });
});
