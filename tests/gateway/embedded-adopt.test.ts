/**
 * The embedded PostgreSQL's postmaster, read from its data folder (gateway/src/db/postmaster.ts):
 * a gateway starting where a killed one left its server running adopts that server, not a second
 * one; once the server stops, nothing is named there. A real embedded server, real files.
 */
import { mkdtempSync, rmSync } from 'node:fs';
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

/** When the server behind `url` started: the same server answers the same. */
async function serverStartedAt(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ started: Date }>('SELECT pg_postmaster_start_time() AS started');
    return rows[0]?.started.getTime() ?? 0;
  } finally {
    await client.end();
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
    expect(await serverStartedAt(again.url)).toBe(await serverStartedAt(first.url));
    // The adopted server is the first start's to stop, not the adopter's.
    await again.stop();
    expect(processAlive(running?.pid ?? 0)).toBe(true);
  });

  it('names none once the server has stopped', async () => {
    await first?.stop();
    first = null;
    expect(runningPostmaster(join(dir, 'pg'))).toBeNull();
  });
});
