/**
 * The promise of issue #5, checked on the bytes: accept a case for a marker applicant through
 * the real services, attach a scan holding the marker, keep a draft, take a backup, close, and
 * scan every file in the data folder (database, WAL, shared memory, backup, scans, key file) for
 * the marker name and ID number in any form. Then reopen and check everything still reads back.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaseDetailView, DraftView, IntakeResultView, Page, CaseRowView, PersonalDataView } from '../../../src-main/domain/api/views.ts';
import { maskResidentId, residentIdCheckChar } from '../../../src-main/domain/identity/resident-id.ts';
import { bootServices, type Services } from '../../../src-main/host/boot.ts';
import { filesUnder, findMarkers, markerNeedles, markerPhone } from '../../helpers/byte-scan.ts';
import { checklistFor, individualForm } from '../../helpers/intake.ts';
import { loginAs } from '../../helpers/services.ts';
import { useTempDir } from '../../helpers/temp.ts';

const first17 = '21021119870613741';
const markerId = first17 + residentIdCheckChar(first17);
const markerName = '龘靐测试标记';
const markerAddress = '大连市甘井子区龘龘路 7741 号';
const tempDir = useTempDir('onewindow-bytescan-');

async function call<T>(services: Services, token: string, name: string, input: unknown): Promise<T> {
  const result = await services.dispatcher.call(name, input, token);
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  return result.value as T;
}

describe('no personal data in clear at rest', () => {
  it('leaves neither the marker name nor the marker ID number in any file of the data folder', async () => {
    const dataDir = tempDir();
    let services = bootServices({ dataDir, appVersion: 'test' });
    let clerk = await loginAs(services, 'clerk');
    const checklist = await checklistFor(services, clerk, { kind: 'matter', matterCode: 'GJZ-MZ-0003' });
    const applicant = { type: 'individual', name: markerName, idType: 'resident_id', idNumber: markerId, phone: markerPhone, address: markerAddress };
    const form = individualForm(checklist, { applicant, agent: { name: `${markerName}代办`, idType: 'resident_id', idNumber: markerId, phone: markerPhone } });

    // A draft with a scan whose bytes carry the marker, accepted; and a second draft left open.
    const scan = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from(`scan of ${markerName} ${markerId}`, 'utf8')]);
    const { draftId } = await call<{ draftId: string }>(services, clerk, 'intake/saveDraft', { form: { target: form.target, applicant } });
    const key = checklist.materials[0]?.key ?? '';
    await call(services, clerk, 'attachments/add', { draftId, materialKey: key, fileName: `${markerName}身份证.png`, dataBase64: scan.toString('base64') });
    const accepted = await call<IntakeResultView>(services, clerk, 'intake/accept', { ...form, draftId });
    const open = await call<{ draftId: string }>(services, clerk, 'intake/saveDraft', { form: { target: form.target, applicant } });
    await call(services, clerk, 'applicants/find', { idNumber: markerId });
    await call(services, clerk, 'cases/revealPersonalData', { caseId: accepted.caseId });
    await call(services, clerk, 'prints/record', { caseId: accepted.caseId, document: 'acceptance' });

    // A backup is a page copy of the database: it must hold the sealed values only.
    mkdirSync(join(dataDir, 'backups'));
    await services.env.store.db.backup(join(dataDir, 'backups', 'onewindow-backup.db'));
    services.close();

    const names = filesUnder(dataDir).map((f) => f.slice(dataDir.length));
    expect(names).toEqual(expect.arrayContaining(['/onewindow.db', '/data-key.json', '/backups/onewindow-backup.db']));
    expect(names.some((n) => n.startsWith('/attachments/'))).toBe(true);
    // The scanner itself finds the marker when it is there (a file written in clear).
    const control = tempDir();
    writeFileSync(join(control, 'plain.txt'), `${markerName} ${maskResidentId(markerId)}`);
    expect(findMarkers(control, markerNeedles(markerId, markerName)).length).toBeGreaterThan(2);
    expect(findMarkers(dataDir, markerNeedles(markerId, markerName))).toEqual([]);

    // And it all still reads back through the API.
    services = bootServices({ dataDir, appVersion: 'test' });
    clerk = await loginAs(services, 'clerk');
    const byId = await call<Page<CaseRowView>>(services, clerk, 'cases/list', { query: markerId });
    expect(byId.rows.map((r) => r.id)).toContain(accepted.caseId);
    expect(byId.rows.find((r) => r.id === accepted.caseId)).toMatchObject({ applicantName: markerName, applicantIdNumber: maskResidentId(markerId) });
    const byName = await call<Page<CaseRowView>>(services, clerk, 'cases/list', { query: '龘靐' });
    expect(byName.rows.map((r) => r.id)).toContain(accepted.caseId);
    const byPhone = await call<Page<CaseRowView>>(services, clerk, 'cases/list', { query: markerPhone });
    expect(byPhone.rows.map((r) => r.id)).toContain(accepted.caseId);
    const detail = await call<CaseDetailView>(services, clerk, 'cases/get', { id: accepted.caseId });
    expect(detail.applicantPhone).toBe('139****4321');
    const full = await call<PersonalDataView>(services, clerk, 'cases/revealPersonalData', { caseId: accepted.caseId });
    expect(full).toMatchObject({ name: markerName, idNumber: markerId, phone: markerPhone, address: markerAddress, agentIdNumber: markerId });
    expect(detail.attachments[0]?.fileName).toBe(`${markerName}身份证.png`);
    const content = await call<{ dataBase64: string }>(services, clerk, 'attachments/content', { attachmentId: detail.attachments[0]?.id });
    expect(Buffer.from(content.dataBase64, 'base64').equals(scan)).toBe(true);
    const draft = await call<DraftView>(services, clerk, 'intake/getDraft', { draftId: open.draftId });
    expect(draft.form).toMatchObject({ applicant: { name: markerName, idNumber: markerId } });
    services.close();
  });
});
