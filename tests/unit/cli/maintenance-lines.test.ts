import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bootServices } from '../../../src-main/host/boot.ts';

/**
 * docs/deploy.md's maintenance lines (diagnostic bundle, backup, recovery key, restore) as IT
 * pastes them: `npm run maintenance -- …` from the repository in a clean shell (`env -i`, the
 * system's Node 20 first on PATH), on a real store.
 */
const repoRoot = resolve(import.meta.dirname, '../../..');
const deployDoc = readFileSync(join(repoRoot, 'docs', 'deploy.md'), 'utf8');
const scratch = mkdtempSync(join(tmpdir(), 'onewindow-maint-lines-'));
const dataDir = join(scratch, 'data');
const passphrase = '信息科保险柜里的那一句恢复口令';

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function cleanShell(line: string, extraEnv: string[] = []) {
  const result = spawnSync('env', ['-i', 'PATH=/usr/local/bin:/usr/bin:/bin', `HOME=${scratch}`, ...extraEnv, 'bash', '-c', line], { cwd: repoRoot, encoding: 'utf8', timeout: 170_000 });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

/** npm prints its banner on stdout before the command's JSON. */
function jsonOf(out: string): Record<string, unknown> {
  return JSON.parse(out.slice(out.indexOf('{'))) as Record<string, unknown>;
}

describe('the maintenance commands of docs/deploy.md, from a clean shell', () => {
  it('documents the commands this test runs', () => {
    for (const line of ['npm run maintenance -- diagnostics', 'npm run maintenance -- backup', 'npm run maintenance -- recovery-key --out', 'npm run maintenance -- restore']) expect(deployDoc).toContain(line);
  });

  it('writes a diagnostic bundle, a backup and a recovery key, and restores into a new folder', () => {
    bootServices({ dataDir, appVersion: 'test', siteFile: null }).close();

    const diagnostics = cleanShell(`npm run maintenance -- diagnostics --data-dir ${dataDir}`);
    expect(diagnostics.err).not.toMatch(/\n\s+at /);
    expect(diagnostics.code).toBe(0);
    expect(existsSync(String(jsonOf(diagnostics.out).written))).toBe(true);

    const backup = cleanShell(`npm run maintenance -- backup --data-dir ${dataDir}`);
    expect(backup.code).toBe(0);
    const backupPath = String(jsonOf(backup.out).path);

    const keyFile = join(scratch, 'onewindow-recovery.json');
    const key = cleanShell(`npm run maintenance -- recovery-key --out ${keyFile} --data-dir ${dataDir}`, [`ONEWINDOW_RECOVERY_PASSPHRASE=${passphrase}`]);
    expect(key.code).toBe(0);

    const wrong = cleanShell(`npm run maintenance -- restore --backup ${backupPath} --recovery-key ${keyFile} --data-dir ${join(scratch, 'wrong')}`, ['ONEWINDOW_RECOVERY_PASSPHRASE=不是那一句但也足够长的口令']);
    expect(wrong.code).toBe(4);
    expect(wrong.err).toContain('恢复密钥口令不对');
    expect(existsSync(join(scratch, 'wrong', 'onewindow.db'))).toBe(false);

    const restore = cleanShell(`npm run maintenance -- restore --backup ${backupPath} --recovery-key ${keyFile} --data-dir ${join(scratch, 'new-pc')}`, [`ONEWINDOW_RECOVERY_PASSPHRASE=${passphrase}`]);
    expect(restore.code).toBe(0);
    const restored = bootServices({ dataDir: join(scratch, 'new-pc'), appVersion: 'test', siteFile: null, seedDemoIfEmpty: false });
    try {
      expect(restored.env.store.read((tx) => tx.get<{ n: number }>('SELECT count(*) AS n FROM case_record'))?.n).toBeGreaterThan(0);
    } finally {
      restored.close();
    }
  }, 900_000);
});
