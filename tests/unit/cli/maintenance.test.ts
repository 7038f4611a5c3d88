/**
 * IT's maintenance commands run as IT runs them: `node src-main/cli/maintenance.ts …` in a child
 * process, on real data folders.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { bootServices } from '../../../src-main/host/boot.ts';
import { loginAs } from '../../helpers/services.ts';
import { useTempDir } from '../../helpers/temp.ts';
import { hallSite, writeSite } from '../site/fixtures.ts';

const tempDir = useTempDir('onewindow-maint-');
const entry = join(import.meta.dirname, '..', '..', '..', 'src-main', 'cli', 'maintenance.ts');

async function maintenance(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [entry, ...args], { env: { ...process.env, ONEWINDOW_SITE_FILE: '/nonexistent/site.json', ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('npm run maintenance', () => {
  it('site-check lists every problem of a bad site file with where, and exits 4', async () => {
    const site = writeSite(tempDir(), hallSite({ idleLockMinutes: 0, centre: { name: '某', regionCode: 'x' } }));
    const result = await maintenance(['site-check', '--site', site]);
    expect(result.code).toBe(4);
    const { error } = JSON.parse(result.stderr) as { error: { problems: { where: string }[] } };
    expect(error.problems.map((p) => p.where).sort()).toEqual(['centre.name', 'centre.regionCode', 'idleLockMinutes']);
    expect((await maintenance(['site-check', '--site', writeSite(tempDir(), hallSite())])).code).toBe(0);
  });

  it('backs up, exports the recovery key, restores on a new folder and writes a diagnostic bundle there', async () => {
    const dataDir = tempDir();
    const seeded = bootServices({ dataDir, appVersion: 'test', siteFile: null });
    seeded.close();
    const passphrase = { ONEWINDOW_RECOVERY_PASSPHRASE: '三楼机房的钥匙在老王那里放着' };

    const backup = await maintenance(['backup', '--data-dir', dataDir, '--keep', '2']);
    expect(backup.code).toBe(0);
    const { path } = JSON.parse(backup.stdout) as { path: string };
    expect(readdirSync(path).sort()).toEqual(['manifest.json', 'onewindow.db']);

    const keyFile = join(tempDir(), 'recovery-key.json');
    expect((await maintenance(['recovery-key', '--out', keyFile, '--data-dir', dataDir])).code).toBe(4);
    expect((await maintenance(['recovery-key', '--out', keyFile, '--data-dir', dataDir], passphrase)).code).toBe(0);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);

    const newPc = join(tempDir(), 'OneWindow');
    const wrong = await maintenance(['restore', '--backup', path, '--recovery-key', keyFile, '--data-dir', newPc], { ONEWINDOW_RECOVERY_PASSPHRASE: '不是这句但也足够长的话' });
    expect(wrong.code).toBe(4);
    expect(wrong.stderr).toContain('口令不对');
    expect(existsSync(newPc)).toBe(false);
    const restored = await maintenance(['restore', '--backup', path, '--recovery-key', keyFile, '--data-dir', newPc], passphrase);
    expect(restored.code).toBe(0);

    const services = bootServices({ dataDir: newPc, appVersion: 'test', siteFile: null });
    try {
      expect(await loginAs(services, 'admin')).toBeTruthy();
    } finally {
      services.close();
    }
    const diagnostics = await maintenance(['diagnostics', '--data-dir', newPc]);
    expect(diagnostics.code).toBe(0);
    const written = (JSON.parse(diagnostics.stdout) as { written: string }).written;
    expect(written.startsWith(join(newPc, 'diagnostics'))).toBe(true);
  });

  it('refuses an unknown command in Chinese', async () => {
    const result = await maintenance(['frobnicate']);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('未知命令');
  });
});
