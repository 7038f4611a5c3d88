import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it, onTestFailed } from 'vitest';
import { verifyAuditChain } from '../../../src-main/services/audit/trail.ts';
import { bootServices } from '../../../src-main/host/boot.ts';
import { databasePath } from '../../../src-main/services/paths.ts';
import { deriveDataKeys, Keyring } from '../../../src-main/domain/crypto/sealed.ts';
import { keyFileVault, prepareDataKey } from '../../../src-main/services/crypto/data-key.ts';
import { FieldCipher } from '../../../src-main/store/field-cipher.ts';
import { Store } from '../../../src-main/store/store.ts';
import { useFileTempDir } from '../../helpers/temp.ts';

const tempDir = useFileTempDir('onewindow-crash-');

const rounds = 100;

/**
 * The kill delays come from a seed, so a failing run can be replayed with the same delays:
 *   ONEWINDOW_CRASH_SEED=<seed printed on failure> npx vitest run tests/unit/store/crash-safety.test.ts
 * The writer's own timing still varies from run to run (it is a real process on a real disk),
 * so a replay repeats the schedule of kills, not every byte written before each.
 */
function crashSeed(env = process.env.ONEWINDOW_CRASH_SEED): number {
  if (env === undefined || env === '') return Math.floor(Math.random() * 2 ** 31);
  const seed = Number(env);
  if (!Number.isInteger(seed)) throw new Error(`ONEWINDOW_CRASH_SEED must be an integer, got "${env}"`);
  return seed;
}

/** One delay (ms after the writer is ready) per round, the same list for the same seed. */
function killDelays(seed: number, count: number): number[] {
  return fc.sample(fc.integer({ min: 0, max: 119 }), { seed, numRuns: count });
}

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
  it('replays the same kill delays for the same seed', () => {
    expect(killDelays(1234, rounds)).toEqual(killDelays(1234, rounds));
    expect(killDelays(1234, rounds)).not.toEqual(killDelays(1235, rounds));
    expect(killDelays(1234, rounds).every((ms) => Number.isInteger(ms) && ms >= 0 && ms < 120)).toBe(true);
  });

  it(`keeps every acknowledged write through ${rounds} SIGKILLs, with integrity_check ok`, async () => {
    const seed = crashSeed();
    const replay = `replay with ONEWINDOW_CRASH_SEED=${seed}`;
    onTestFailed(() => console.error(`crash-safety failed; ${replay} npx vitest run tests/unit/store/crash-safety.test.ts`));
    const delays = killDelays(seed, rounds);
    const dataDir = tempDir();
    bootServices({ dataDir, appVersion: 'crash-test' }).close(); // seed once
    const acknowledged: string[] = [];
    let killedMidStream = 0;
    for (let round = 0; round < rounds; round++) {
      const ids = await runAndKill(dataDir, delays[round] ?? 0);
      if (ids.length > 0) killedMidStream += 1;
      acknowledged.push(...ids);

      const db = new Database(databasePath(dataDir));
      expect(db.pragma('integrity_check', { simple: true }), `round ${round}, kill after ${delays[round]} ms (${replay})`).toBe('ok');
      db.close();
    }
    const store = Store.open(databasePath(dataDir));
    // The audit chain is keyed with the data key the writer's boot made (kept in the data folder here).
    const key = prepareDataKey(dataDir, keyFileVault);
    store.useCipher(new FieldCipher(new Keyring(deriveDataKeys(key.keyId, key.root))));
    const present = new Set(store.read((tx) => tx.all<{ id: string }>("SELECT id FROM case_event WHERE type = 'note'")).map((r) => r.id));
    const queued = new Set(store.read((tx) => tx.all<{ message_id: string }>('SELECT message_id FROM outbox')).map((r) => r.message_id));
    const missing = acknowledged.filter((id) => !present.has(id));
    const notQueued = acknowledged.filter((id) => !queued.has(id));
    expect(store.read((tx) => verifyAuditChain(tx)).ok, replay).toBe(true);
    store.close();
    expect(missing, replay).toEqual([]);
    expect(notQueued, replay).toEqual([]);
    // The test is only meaningful if kills landed while writes were under way.
    expect(acknowledged.length, replay).toBeGreaterThan(rounds);
    expect(killedMidStream, replay).toBeGreaterThan(rounds / 2);
  }, 600_000);
});
