/**
 * Backups from the admin screen's operations: back up now, list, export the recovery key, and
 * restore a chosen backup with it. A wrong passphrase or another PC's key says so and changes
 * nothing; the right one stages the restore, which the next start of the services puts in place
 * (the replaced data kept aside), with every case, scan and audit row of the backup and the
 * chain still verifying.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BackupListView, BackupView, DiagnosticsView, DownloadView, RestoreView } from '../../../src-main/domain/api/deploy-views.ts';
import { bootServices, type Services } from '../../../src-main/host/boot.ts';
import { stagedRestoreDir } from '../../../src-main/services/backup/staged-restore.ts';
import { bootHallPc, hallAdmin, login, must } from '../../helpers/hall.ts';
import { useTempDir } from '../../helpers/temp.ts';
import { writeSite, hallSite } from '../site/fixtures.ts';

const tempDir = useTempDir('onewindow-backup-ops-');
const open: Services[] = [];
afterEach(() => {
  for (const services of open.splice(0)) services.close();
});
const passphrase = '柜台三号的备份口令 2026';

async function hallPc() {
  const dataDir = tempDir();
  const siteDir = tempDir();
  const pc = await bootHallPc(dataDir, siteDir);
  open.push(pc.services);
  return { ...pc, dataDir, siteDir };
}

const usernames = (services: Services) => services.env.store.read((tx) => tx.all<{ username: string }>('SELECT username FROM app_user ORDER BY username').map((u) => u.username));

describe('backups through the admin’s operations', () => {
  it('backs up now, lists it, and refuses a short passphrase for the recovery key', async () => {
    const { services, admin, dataDir } = await hallPc();
    const made = await must<BackupView>(services, 'backup/run', {}, admin);
    const list = await must<BackupListView>(services, 'backup/list', {}, admin);
    expect(list.folder).toBe(join(dataDir, 'backups'));
    expect(list.keep).toBe(7);
    expect(list.backups.map((b) => b.name)).toEqual([made.name]);
    expect(made.auditRows).toBeGreaterThan(0);
    const short = await services.dispatcher.call('backup/exportRecoveryKey', { passphrase: '太短' }, admin);
    expect(short.ok ? 'ok' : [short.error.code, short.error.field]).toEqual(['VALIDATION', 'passphrase']);
    const key = await must<DownloadView>(services, 'backup/exportRecoveryKey', { passphrase }, admin);
    expect(key.fileName).toMatch(/^onewindow-recovery-key-.+\.json$/);
    expect(JSON.parse(key.content)).toMatchObject({ kind: 'onewindow-recovery-key', format: 1 });
    // The key file never holds the key in clear.
    const root = Buffer.from(services.env.dataKey.root).toString('base64');
    expect(key.content).not.toContain(root);
    const audited = services.env.store.read((tx) => tx.all<{ action: string }>("SELECT action FROM audit_log WHERE action LIKE 'backup.%' ORDER BY seq").map((r) => r.action));
    expect(audited).toEqual(['backup.run', 'backup.exportRecoveryKey']);
  });

  it('refuses a wrong passphrase and another PC’s key in Chinese, changing nothing; the right key restores at the next start', async () => {
    const { services, admin, dataDir, siteDir } = await hallPc();
    const backup = await must<BackupView>(services, 'backup/run', {}, admin);
    const key = await must<DownloadView>(services, 'backup/exportRecoveryKey', { passphrase }, admin);
    // Made after the backup: the restore takes the PC back to before it.
    await must(services, 'users/create', { username: 'afterbackup', displayName: '备份后新建', role: 'clerk', temporaryPassword: 'Temp#2026xy' }, admin);
    const before = usernames(services);

    const wrong = await services.dispatcher.call('backup/restore', { backup: backup.name, recoveryKey: key.content, passphrase: '不是这句口令 2026' }, admin);
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) {
      expect(wrong.error.code).toBe('VALIDATION');
      expect(wrong.error.field).toBe('passphrase');
      expect(wrong.error.message).toContain('恢复密钥口令不对');
      expect(wrong.error.message).toContain('什么都没有改动');
    }
    const otherPc = await hallPc();
    const otherKey = await must<DownloadView>(otherPc.services, 'backup/exportRecoveryKey', { passphrase }, otherPc.admin);
    const foreign = await services.dispatcher.call('backup/restore', { backup: backup.name, recoveryKey: otherKey.content, passphrase }, admin);
    expect(foreign.ok ? 'ok' : [foreign.error.code, foreign.error.field]).toEqual(['VALIDATION', 'recoveryKey']);
    expect(existsSync(stagedRestoreDir(dataDir))).toBe(false);
    expect(usernames(services)).toEqual(before);

    const restored = await must<RestoreView>(services, 'backup/restore', { backup: backup.name, recoveryKey: key.content, passphrase }, admin);
    // No host to restart these services in a test: the restore waits for the next start.
    expect(restored).toEqual({ backup: backup.name, cases: backup.cases, auditRows: backup.auditRows, restarting: false });
    expect(existsSync(stagedRestoreDir(dataDir))).toBe(true);
    services.close();
    open.splice(open.indexOf(services), 1);

    const after = bootServices({ dataDir, appVersion: 'test', siteFile: writeSite(siteDir, hallSite()) });
    open.push(after);
    expect(usernames(after)).not.toContain('afterbackup');
    expect(usernames(after)).toEqual(before.filter((u) => u !== 'afterbackup'));
    expect(existsSync(stagedRestoreDir(dataDir))).toBe(false);
    // The replaced store is kept, not deleted.
    const replaced = readdirSync(dataDir).filter((entry) => entry.startsWith('replaced-'));
    expect(replaced).toHaveLength(1);
    expect(readdirSync(join(dataDir, replaced[0] ?? ''))).toEqual(expect.arrayContaining(['onewindow.db', 'data-key.json']));
    const token = await login(after, hallAdmin.username, hallAdmin.password);
    expect(await must(after, 'audit/verify', {}, token)).toMatchObject({ ok: true });
    const bundle = await must<DiagnosticsView>(after, 'diagnostics/bundle', {}, token);
    expect(existsSync(bundle.path)).toBe(true);
    const parsed = JSON.parse(bundle.content) as { audit: { ok: boolean }; configuration: { values: Array<{ key: string; source: string }> } };
    expect(parsed.audit.ok).toBe(true);
    expect(parsed.configuration.values.find((v) => v.key === 'centre.name')?.source).toBe('site');
    // No password, passphrase or key in the bundle.
    for (const secret of [hallAdmin.password, passphrase, Buffer.from(after.env.dataKey.root).toString('base64')]) expect(bundle.content).not.toContain(secret);
  });
});
