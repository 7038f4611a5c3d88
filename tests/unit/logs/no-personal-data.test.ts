/**
 * A day's work at a window through the real service thread (the path the desktop app and browser
 * mode take), for marker applicants whose names, ID numbers and phones appear nowhere else: intake
 * with scans, searches by each, a reveal, prints, refusals that echo bad input, a failed login
 * typed with an ID number. Then every log file is scanned for every marker, in UTF-8 and UTF-16.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChecklistView, IntakeResultView } from '../../../src-main/domain/api/views.ts';
import { residentIdCheckChar } from '../../../src-main/domain/identity/resident-id.ts';
import { ServiceHost } from '../../../src-main/host/service-host.ts';
import { filesUnder, findMarkers, markerNeedles } from '../../helpers/byte-scan.ts';
import { useTempDir } from '../../helpers/temp.ts';

const tempDir = useTempDir('onewindow-logs-');

const markers = [0, 1, 2].map((n) => {
  const first17 = `21021119870613${741 + n}`.slice(0, 17);
  return { name: `龘靐标记${'甲乙丙'[n]}`, idNumber: first17 + residentIdCheckChar(first17), phone: `1398765432${n}` };
});

describe('logs after a day at a window', () => {
  it('record every operation and no marker name, ID number or phone', async () => {
    const dataDir = tempDir();
    const host = await ServiceHost.start({ dataDir, appVersion: 'test', siteFile: null });
    const call = async <T>(name: string, input: unknown, token: string | null): Promise<T> => {
      const result = await host.call(name, input, token);
      if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
      return result.value as T;
    };
    try {
      const { token } = await call<{ token: string }>('session/login', { username: 'clerk', password: 'Demo@2026' }, null);
      const checklist = await call<ChecklistView>('catalogue/checklist', { target: { kind: 'matter', matterCode: 'GJZ-MZ-0003' } }, token);
      for (const marker of markers) {
        const applicant = { type: 'individual', name: marker.name, idType: 'resident_id', idNumber: marker.idNumber, phone: marker.phone, address: '大连市甘井子区龘龘路 7741 号' };
        const target = checklist.target;
        const { draftId } = await call<{ draftId: string }>('intake/saveDraft', { form: { target, applicant } }, token);
        const scan = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from(`${marker.name} ${marker.idNumber}`)]);
        await call('attachments/add', { draftId, materialKey: checklist.materials[0]?.key, fileName: `${marker.name}.png`, dataBase64: scan.toString('base64') }, token);
        const form = { target, applicant, channel: 'window', materials: checklist.materials.map((m) => ({ key: m.key, status: 'received' })), draftId };
        const { caseId } = await call<IntakeResultView>('intake/accept', form, token);
        for (const query of [marker.name, marker.idNumber, marker.phone]) await call('cases/list', { query }, token);
        await call('applicants/find', { idNumber: marker.idNumber }, token);
        await call('cases/revealPersonalData', { caseId }, token);
        await call('prints/record', { caseId, document: 'acceptance' }, token);
        // Refusals that carry the marker in their input.
        expect((await host.call('intake/accept', { ...form, applicant: { ...applicant, phone: `${marker.phone}99` } }, token)).ok).toBe(false);
        expect((await host.call(`cases/${marker.idNumber}`, {}, token)).ok).toBe(false);
        expect((await host.call('session/login', { username: marker.idNumber, password: marker.name }, null)).ok).toBe(false);
      }
    } finally {
      await host.stop();
    }

    const logFiles = filesUnder(join(dataDir, 'logs'));
    expect(logFiles.length).toBeGreaterThan(0);
    const lines = logFiles.flatMap((file) => readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { event: string; op?: string; ok?: boolean }));
    // The log is not empty by accident: it holds the day's operations, successes and refusals.
    expect(lines.filter((l) => l.event === 'api.call' && l.op === 'intake/accept' && l.ok).length).toBe(3);
    expect(lines.filter((l) => l.event === 'api.call' && l.op === 'intake/accept' && !l.ok).length).toBe(3);
    expect(lines.filter((l) => l.op === '[未知操作]').length).toBe(3);
    expect(lines.some((l) => l.event === 'service.start')).toBe(true);
    for (const marker of markers) {
      expect(findMarkers(join(dataDir, 'logs'), markerNeedles(marker.idNumber, marker.name, marker.phone))).toEqual([]);
    }
  });
});
