/**
 * A store with cases, scans and audit rows is backed up through SQLite's online backup API while
 * open, then restored on a fresh data folder with the recovery key: every case, scan and audit
 * row comes back, and the audit chain still verifies. Without the key, or with the wrong one,
 * the restore refuses and the new folder stays as it was.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { AuditVerifyView, IntakeResultView } from '../../../src-main/domain/api/views.ts';
import { residentIdCheckChar } from '../../../src-main/domain/identity/resident-id.ts';
import { backupNow, listBackups } from '../../../src-main/services/backup/backup.ts';
import { readRecoveryKey, writeRecoveryKey } from '../../../src-main/services/backup/recovery-key.ts';
import { restoreBackup } from '../../../src-main/services/backup/restore.ts';
import { bootServices, type Services } from '../../../src-main/host/boot.ts';
import { keyFileVault, prepareDataKey } from '../../../src-main/services/crypto/data-key.ts';
import { checklistFor, individualForm } from '../../helpers/intake.ts';
import { loginAs } from '../../helpers/services.ts';
import { useTempDir } from '../../helpers/temp.ts';

const tempDir = useTempDir('onewindow-backup-');
const passphrase = '大厅三楼机房的钥匙在老王那里';

async function call<T>(services: Services, token: string, name: string, input: unknown): Promise<T> {
  const result = await services.dispatcher.call(name, input, token);
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  return result.value as T;
}

/** Every row of the tables a restore must bring back, in a fixed order. */
function snapshot(dbPath: string): Record<string, unknown[]> {
  const db = new Database(dbPath, { readonly: true });
  try {
    return {
      cases: db.prepare('SELECT id, case_number, status, personal FROM case_record ORDER BY id').all(),
      events: db.prepare('SELECT * FROM case_event ORDER BY case_id, seq').all(),
      attachments: db.prepare('SELECT * FROM attachment ORDER BY id').all(),
      audit: db.prepare('SELECT * FROM audit_log ORDER BY seq').all(),
    };
  } finally {
    db.close();
  }
}

async function storeWithScans(): Promise<{ dataDir: string; services: Services; scans: Buffer[]; caseIds: string[] }> {
  const dataDir = tempDir();
  const services = bootServices({ dataDir, appVersion: 'test', siteFile: null });
  const clerk = await loginAs(services, 'clerk');
  const checklist = await checklistFor(services, clerk, { kind: 'matter', matterCode: 'GJZ-MZ-0003' });
  const scans: Buffer[] = [];
  const caseIds: string[] = [];
  for (const n of [1, 2]) {
    const scan = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from(`scan number ${n}`)]);
    const first17 = `2102111987061374${n}`;
    const form = individualForm(checklist, { applicant: { type: 'individual', name: `备份${n}`, idType: 'resident_id', idNumber: first17 + residentIdCheckChar(first17), phone: '13904111234' } });
    const { draftId } = await call<{ draftId: string }>(services, clerk, 'intake/saveDraft', { form: { target: form.target, applicant: form.applicant } });
    await call(services, clerk, 'attachments/add', { draftId, materialKey: checklist.materials[0]?.key ?? '', fileName: `scan-${n}.png`, dataBase64: scan.toString('base64') });
    caseIds.push((await call<IntakeResultView>(services, clerk, 'intake/accept', { ...form, draftId })).caseId);
    scans.push(scan);
  }
  return { dataDir, services, scans, caseIds };
}

describe('backup and restore', () => {
  it('restores every case, scan and audit row on a fresh folder with the recovery key, and the chain verifies', async () => {
    const { dataDir, services, scans, caseIds } = await storeWithScans();
    const key = prepareDataKey(dataDir, keyFileVault);
    const folder = tempDir();
    const record = await backupNow({ db: services.env.store.db, dataDir, folder, key, keep: 7, appVersion: 'test', now: new Date('2026-12-02T10:00:00Z') });
    expect(record.manifest.counts.attachments).toBe(2);
    expect(record.manifest.counts.cases).toBeGreaterThanOrEqual(2);
    // The data key is never inside a backup.
    expect(readdirSync(record.path).sort()).toEqual(['attachments', 'manifest.json', 'onewindow.db']);
    const recoveryKey = writeRecoveryKey(key, passphrase, new Date());
    services.close();
    const before = snapshot(join(dataDir, 'onewindow.db'));

    const newPc = tempDir();
    restoreBackup({ backup: record.path, recoveryKey, passphrase, dataDir: newPc, vault: keyFileVault });
    expect(snapshot(join(newPc, 'onewindow.db'))).toEqual(before);

    const restored = bootServices({ dataDir: newPc, appVersion: 'test', siteFile: null });
    try {
      const admin = await loginAs(restored, 'admin');
      expect(await call<AuditVerifyView>(restored, admin, 'audit/verify', {})).toMatchObject({ ok: true });
      const clerk = await loginAs(restored, 'clerk');
      for (const [index, caseId] of caseIds.entries()) {
        const detail = await call<{ attachments: { id: string }[] }>(restored, clerk, 'cases/get', { id: caseId });
        const content = await call<{ dataBase64: string }>(restored, clerk, 'attachments/content', { attachmentId: detail.attachments[0]?.id });
        expect(Buffer.from(content.dataBase64, 'base64').equals(scans[index]!)).toBe(true);
      }
    } finally {
      restored.close();
    }
  });

  it('refuses without the key, with a wrong passphrase, with another store’s key, or over an existing store, and changes nothing', async () => {
    const { dataDir, services } = await storeWithScans();
    const key = prepareDataKey(dataDir, keyFileVault);
    const record = await backupNow({ db: services.env.store.db, dataDir, folder: tempDir(), key, keep: 7, appVersion: 'test', now: new Date() });
    services.close();
    const otherStore = bootServices({ dataDir: tempDir(), appVersion: 'test', siteFile: null, seedDemoIfEmpty: false });
    const otherKey = writeRecoveryKey(prepareDataKey(otherStore.env.dataDir, keyFileVault), passphrase, new Date());
    otherStore.close();
    const goodKey = writeRecoveryKey(key, passphrase, new Date());

    const newPc = tempDir();
    const attempt = (recoveryKey: string, phrase: string, dir = newPc) => () => restoreBackup({ backup: record.path, recoveryKey, passphrase: phrase, dataDir: dir, vault: keyFileVault });
    expect(attempt('', passphrase)).toThrow(/没有恢复密钥/);
    expect(attempt(goodKey, '不是这句口令但足够长的')).toThrow(/口令不对/);
    expect(attempt(otherKey, passphrase)).toThrow(/打不开该备份/);
    expect(attempt(goodKey.replace(/"sealed": "(.)/, '"sealed": "A$1'), passphrase)).toThrow(/口令不对|改动/);
    expect(readdirSync(newPc)).toEqual([]);
    const live = readFileSync(join(dataDir, 'onewindow.db'));
    expect(attempt(goodKey, passphrase, dataDir)).toThrow(/不会覆盖/);
    expect(readFileSync(join(dataDir, 'onewindow.db')).equals(live)).toBe(true);
  });

  it('keeps the newest N, checks each after writing, and removes one that fails its check', async () => {
    const { dataDir, services } = await storeWithScans();
    const key = prepareDataKey(dataDir, keyFileVault);
    const folder = tempDir();
    try {
      for (const hour of [1, 2, 3]) {
        await backupNow({ db: services.env.store.db, dataDir, folder, key, keep: 2, appVersion: 'test', now: new Date(`2026-12-0${hour}T10:00:00Z`) });
      }
      expect(listBackups(folder).map((b) => b.manifest.createdAt)).toEqual(['2026-12-03T10:00:00.000Z', '2026-12-02T10:00:00.000Z']);
      // Checked with the data key: a key that is not this store's fails the check, and nothing is left.
      const wrong = { keyId: 1, root: new Uint8Array(32).fill(9) };
      await expect(backupNow({ db: services.env.store.db, dataDir, folder, key: wrong, keep: 2, appVersion: 'test', now: new Date('2026-12-04T10:00:00Z') })).rejects.toThrow(/密钥与备份不匹配/);
      expect(readdirSync(folder).sort()).toEqual(listBackups(folder).map((b) => b.name).sort());
      expect(listBackups(folder)).toHaveLength(2);
    } finally {
      services.close();
    }
  });

  it('a recovery key opens only with its passphrase, and a short passphrase is refused', () => {
    const key = { keyId: 3, root: new Uint8Array(32).map((_, i) => i) };
    const file = writeRecoveryKey(key, passphrase, new Date());
    expect(file).not.toContain(Buffer.from(key.root).toString('base64'));
    expect(Buffer.from(readRecoveryKey(file, passphrase).root)).toEqual(Buffer.from(key.root));
    expect(() => writeRecoveryKey(key, 'short', new Date())).toThrow(/至少 12 个字符/);
  });
});

describe('a restored key on the desktop app', () => {
  it('is wrapped with the PC’s OS keystore at its first start, and opens the same store', async () => {
    const { dataDir, services } = await storeWithScans();
    const key = prepareDataKey(dataDir, keyFileVault);
    const record = await backupNow({ db: services.env.store.db, dataDir, folder: tempDir(), key, keep: 7, appVersion: 'test', now: new Date() });
    services.close();
    const newPc = tempDir();
    restoreBackup({ backup: record.path, recoveryKey: writeRecoveryKey(key, passphrase, new Date()), passphrase, dataDir: newPc, vault: keyFileVault });
    // A stand-in keystore (safeStorage exists only in Electron): wraps by XOR with a fixed pad.
    const pad = Buffer.alloc(32, 0x5a);
    const keystore = { protection: 'os-keystore' as const, wrap: (raw: Buffer) => Buffer.from(raw.map((b, i) => b ^ pad[i]!)), unwrap: (w: Buffer) => Buffer.from(w.map((b, i) => b ^ pad[i]!)) };
    const prepared = prepareDataKey(newPc, keystore);
    expect(Buffer.from(prepared.root).equals(Buffer.from(key.root))).toBe(true);
    expect(JSON.parse(readFileSync(join(newPc, 'data-key.json'), 'utf8'))).toMatchObject({ protection: 'os-keystore' });
    expect(readFileSync(join(newPc, 'data-key.json'), 'utf8')).not.toContain(Buffer.from(key.root).toString('base64'));
    const reopened = bootServices({ dataDir: newPc, appVersion: 'test', siteFile: null, dataKey: prepareDataKey(newPc, keystore) });
    reopened.close();
  });
});
