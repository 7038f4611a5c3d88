import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../../src-main/services/audit.ts';
import { bootServices } from '../../../src-main/services/boot.ts';
import { databasePath } from '../../../src-main/services/paths.ts';
import { Store } from '../../../src-main/store/store.ts';

const rounds = 100;

/** Runs the writer until it has committed a little, then SIGKILLs it after a random delay. */
function runAndKill(dataDir: string, delayMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['tests/helpers/crash-writer.ts', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (!timer && out.includes('ready\n')) timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') {
        reject(new Error(`writer ended without being killed: ${err}`));
        return;
      }
      // A torn last line was never fully reported, so it does not count as acknowledged.
      const lines = out.split('\n').slice(0, -1);
      resolve(lines.filter((line) => line.startsWith('committed ')).map((line) => line.slice('committed '.length)));
    });
  });
}

describe('crash safety', () => {
  it(`keeps every acknowledged write through ${rounds} SIGKILLs, with integrity_check ok`, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'onewindow-crash-'));
    bootServices({ dataDir, appVersion: 'crash-test' }).close(); // seed once
    const acknowledged: string[] = [];
    let killedMidStream = 0;
    for (let round = 0; round < rounds; round++) {
      const delay = Math.floor(Math.random() * 120);
      const ids = await runAndKill(dataDir, delay);
      if (ids.length > 0) killedMidStream += 1;
      acknowledged.push(...ids);

      const db = new Database(databasePath(dataDir));
      expect(db.pragma('integrity_check', { simple: true }), `round ${round}`).toBe('ok');
      db.close();
    }
    const store = Store.open(databasePath(dataDir));
    const present = new Set(store.read((tx) => tx.all<{ id: string }>("SELECT id FROM case_event WHERE type = 'note'")).map((r) => r.id));
    const queued = new Set(store.read((tx) => tx.all<{ message_id: string }>('SELECT message_id FROM outbox')).map((r) => r.message_id));
    const missing = acknowledged.filter((id) => !present.has(id));
    const notQueued = acknowledged.filter((id) => !queued.has(id));
    expect(store.read((tx) => verifyAuditChain(tx)).ok).toBe(true);
    store.close();
    expect(missing).toEqual([]);
    expect(notQueued).toEqual([]);
    // The test is only meaningful if kills landed while writes were under way.
    expect(acknowledged.length).toBeGreaterThan(rounds);
    expect(killedMidStream).toBeGreaterThan(rounds / 2);
  }, 600_000);
});
