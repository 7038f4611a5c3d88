import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { IntakeResultView } from '../../../src-main/domain/api/views.ts';
import { residentIdCheckChar } from '../../../src-main/domain/identity/resident-id.ts';
import { backupNow } from '../../../src-main/services/backup/backup.ts';
import { bootServices } from '../../../src-main/host/boot.ts';
import { keyFileVault, prepareDataKey } from '../../../src-main/services/crypto/data-key.ts';
import { writeDiagnostics } from '../../../src-main/services/diagnostics/bundle.ts';
import { Logger, logsDir } from '../../../src-main/services/logs/logger.ts';
import { findMarkers, markerNeedles } from '../../helpers/byte-scan.ts';
import { checklistFor, individualForm } from '../../helpers/intake.ts';
import { loginAs } from '../../helpers/services.ts';
import { useTempDir } from '../../helpers/temp.ts';

const tempDir = useTempDir('onewindow-diag-');

describe('the diagnostic bundle', () => {
  it('holds versions, configuration without secrets, database checks, sync state, the audit verification, backups and recent logs, and no personal data', async () => {
    const dataDir = tempDir();
    const services = bootServices({ dataDir, appVersion: '9.8.7', siteFile: null });
    try {
      const first17 = '21021119870613741';
      const marker = { name: '龘靐诊断标记', idNumber: first17 + residentIdCheckChar(first17), phone: '13987654321' };
      const clerk = await loginAs(services, 'clerk');
      const checklist = await checklistFor(services, clerk, { kind: 'matter', matterCode: 'GJZ-MZ-0003' });
      const accepted = await services.dispatcher.call('intake/accept', individualForm(checklist, { applicant: { type: 'individual', name: marker.name, idType: 'resident_id', idNumber: marker.idNumber, phone: marker.phone } }), clerk);
      expect(accepted.ok && (accepted.value as IntakeResultView).caseNumber).toBeTruthy();
      await backupNow({ db: services.env.store.db, dataDir, folder: join(dataDir, 'backups'), key: prepareDataKey(dataDir, keyFileVault), keep: 3, appVersion: '9.8.7', now: new Date('2026-12-02T01:00:00Z') });
      new Logger({ dir: logsDir(dataDir) }).info('api.call', { op: 'intake/accept', ok: true, ms: 12 });

      const { path, bundle } = writeDiagnostics(services.env, new Date('2026-12-02T02:00:00Z'));
      expect(path).toBe(join(dataDir, 'diagnostics', 'onewindow-diagnostics-20261202T020000000Z.json'));
      expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(bundle);
      expect(bundle.versions).toMatchObject({ app: '9.8.7', node: process.versions.node });
      expect(bundle.versions.sqlite).toMatch(/^3\.\d+\.\d+$/);
      expect(bundle.device.keyProtection).toBe('key-file');
      expect(bundle.database.integrity).toEqual(['ok']);
      expect(bundle.database.schemaVersion).toBeGreaterThanOrEqual(10);
      expect(bundle.database.counts.cases).toBeGreaterThan(0);
      expect(bundle.audit).toMatchObject({ ok: true });
      expect(bundle.audit.rows).toBe(bundle.database.counts.auditRows);
      expect(bundle.sync).toMatchObject({ state: 'not-configured' });
      expect(bundle.backups).toEqual([expect.objectContaining({ name: 'onewindow-20261202T010000000Z', createdAt: '2026-12-02T01:00:00.000Z' })]);
      expect(bundle.logs.at(-1)).toContain('"op":"intake/accept"');
      expect(bundle.configuration.values.find((v) => v.key === 'centre.name')).toMatchObject({ value: '大连市甘井子区政务服务中心', source: 'default' });
      // No key material or key check, no personal data.
      expect(Object.keys(bundle.settings).filter((key) => /crypto|secret|token|password/i.test(key))).toEqual([]);
      expect(bundle.settings['device.windowId']).toBeTruthy();
      expect(readFileSync(path, 'utf8')).not.toContain(readFileSync(join(dataDir, 'data-key.json'), 'utf8').match(/"key": "([^"]+)"/)?.[1] ?? 'no key');
      expect(findMarkers(join(dataDir, 'diagnostics'), markerNeedles(marker.idNumber, marker.name, marker.phone))).toEqual([]);
    } finally {
      services.close();
    }
  });
});
