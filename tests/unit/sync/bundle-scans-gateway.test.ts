/**
 * A 一件事's scans at the centre that decides one of its children (docs/sync.md, attachments): a
 * window at 甘井子 (210211) accepts 退休一件事, whose 公积金 matter the city (210200) decides. The
 * scans were taken into the intake, so the parent case names them; the parent never reaches the
 * city. Against a real gateway process on a real PostgreSQL: the city's reviewer sees in the child
 * the scans of the child's own materials and opens one (fetched, then offline); the parent's other
 * scans are neither named there nor downloadable; a third centre that knows the hash is refused.
 */
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoGateway } from '../../../scripts/sync-gateway.ts';
import type { CaseDetailView, IntakeResultView } from '../../../src-main/domain/api/views.ts';
import { residentIdCheckChar } from '../../../src-main/domain/identity/resident-id.ts';
import { downloadAttachment } from '../../../src-main/services/sync/attachment-transfer.ts';
import { SyncFailure } from '../../../src-main/services/sync/client.ts';
import { checklistFor, individualForm } from '../../helpers/intake.ts';
import { closeProxies, startFaultyApp, type FaultyApp } from '../../helpers/sync-faults.ts';
import { as, startSyncApp, startTestGateway, stopAllSyncApps, type SyncApp } from '../../helpers/sync.ts';

const cityMatter = 'DL-GJJ-0001'; // 公积金 of the city (210200), one of 退休一件事's matters

let gateway: DemoGateway;
let windowPc: SyncApp;
let city: FaultyApp;
let zhongshan: SyncApp;

beforeAll(async () => {
  gateway = await startTestGateway('onewindow-sync-bundle-scans-');
  windowPc = await startSyncApp(gateway, { role: 'window', users: ['clerk'] });
  city = await startFaultyApp(gateway, 'city back office', { centre: '210200', role: 'backoffice', users: ['reviewer-dl-gjj'] });
  zhongshan = await startSyncApp(gateway, { centre: '210202', role: 'backoffice', users: [] });
}, 600_000);

afterAll(async () => {
  await stopAllSyncApps();
  if (city) await closeProxies([city]);
  await gateway?.stop();
}, 120_000);

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function pngScan(size: number): Buffer {
  const bytes = randomBytes(size);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes, 0);
  return bytes;
}

/** A resident ID of its own per applicant (`serial`): the duplicate check stops a second bundle for the same person. */
function idNumber(serial: number): string {
  const first17 = `21021119580704${String((process.pid + serial) % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

/** What the gateway answers a device that asks for the scan by its hash: the bytes, or the refusal's kind. */
async function download(app: SyncApp, hash: string): Promise<Buffer | string> {
  try {
    return await downloadAttachment(app.engine.client().client, await app.engine.renew(false), hash);
  } catch (error) {
    if (error instanceof SyncFailure) return error.kind;
    throw error;
  }
}

interface Scan {
  name: string;
  bytes: Buffer;
}

/** 退休一件事 accepted at the window with a scan of the city matter's material and one of another matter's, and pushed. */
async function acceptBundle(applicant: string, serial: number, forCityScan: Scan, otherScan: Scan): Promise<{ accepted: IntakeResultView; childId: string }> {
  const checklist = await checklistFor(windowPc.services, windowPc.tokens.clerk ?? '', { kind: 'bundle', bundleCode: 'YJS-TX' });
  const forCity = checklist.materials.find((m) => m.matterCodes.includes(cityMatter));
  const notForCity = checklist.materials.find((m) => !m.matterCodes.includes(cityMatter));
  if (!forCity || !notForCity) throw new Error('退休一件事 should list a material of the city matter and one of another matter only');
  const { draftId } = await as<{ draftId: string }>(windowPc, 'clerk', 'intake/saveDraft', { form: {} });
  await as(windowPc, 'clerk', 'attachments/add', { draftId, materialKey: forCity.key, fileName: forCityScan.name, dataBase64: forCityScan.bytes.toString('base64') });
  await as(windowPc, 'clerk', 'attachments/add', { draftId, materialKey: notForCity.key, fileName: otherScan.name, dataBase64: otherScan.bytes.toString('base64') });
  const accepted = await as<IntakeResultView>(windowPc, 'clerk', 'intake/accept', {
    ...individualForm(checklist, { applicant: { type: 'individual', name: applicant, idType: 'resident_id', idNumber: idNumber(serial), phone: '13904111234' } }),
    draftId,
  });
  const childId = accepted.children.find((c) => c.matterCode === cityMatter)?.caseId ?? '';
  expect(childId).not.toBe('');
  expect(await windowPc.engine.syncNow()).toMatchObject({ rejected: 0 });
  return { accepted, childId };
}

describe("a 一件事 child decided at another centre (跨区通办) opens its parent's scans of its own materials", () => {
  const gjjScan = pngScan(60_000);
  const gjjName = `赵六公积金提取申请-${randomBytes(3).toString('hex')}.png`;
  const otherScan = pngScan(30_000);
  const otherName = '赵六退休审批表.png';
  let accepted: IntakeResultView;
  let childId: string;

  it('the window accepts the bundle with a scan for the city matter and one for another matter; the parent names both', async () => {
    ({ accepted, childId } = await acceptBundle('赵六', 0, { name: gjjName, bytes: gjjScan }, { name: otherName, bytes: otherScan }));
    // At the taking centre the child lists the parent's scan of its own material (the parent holds the rows).
    const atWindow = await as<CaseDetailView>(windowPc, 'clerk', 'cases/get', { id: childId });
    expect(atWindow.attachments.map((a) => a.fileName)).toEqual([gjjName]);
  });

  it("the city's reviewer sees the child's scan named in the case, opens it (fetched from the gateway), then opens it offline", async () => {
    await city.engine.syncNow();
    const detail = await as<CaseDetailView>(city.app, 'reviewer-dl-gjj', 'cases/get', { id: childId });
    expect(detail.parentCaseId).toBeNull();
    expect(detail.attachments.map((a) => ({ fileName: a.fileName, size: a.size, local: a.contentName !== null }))).toEqual([
      { fileName: gjjName, size: gjjScan.length, local: false },
    ]);
    // Nothing of the parent came: not its case, not its other scan.
    const held = city.app.services.env.store.read((tx) => ({
      parent: tx.get('SELECT 1 FROM case_record WHERE id = ?', accepted.caseId) ?? null,
      scans: tx.get<{ n: number }>('SELECT count(*) AS n FROM attachment')?.n,
    }));
    expect(held).toEqual({ parent: null, scans: 1 });

    const scanId = detail.attachments[0]?.id ?? '';
    const open = () => as<{ dataBase64: string }>(city.app, 'reviewer-dl-gjj', 'attachments/content', { attachmentId: scanId });
    expect(Buffer.from((await open()).dataBase64, 'base64').equals(gjjScan)).toBe(true);
    city.proxy.offline();
    expect(Buffer.from((await open()).dataBase64, 'base64').equals(gjjScan)).toBe(true);
    city.proxy.online();
  });

  it("the city may not download the parent's scan of a material its child does not list", async () => {
    expect(await download(city.app, sha256(otherScan))).toBe('FORBIDDEN');
  });

  it('a third centre (中山 210202) that knows both hashes is refused', async () => {
    expect(await download(zhongshan, sha256(gjjScan))).toBe('FORBIDDEN');
    expect(await download(zhongshan, sha256(otherScan))).toBe('FORBIDDEN');
    // The city, which decides the child, is admitted by the same gateway rule.
    expect(Buffer.from((await download(city.app, sha256(gjjScan))) as Buffer).equals(gjjScan)).toBe(true);
  });
});

describe('the parent\'s scans as a gateway that kept their file names in plain text left them', () => {
  it('reach the city named in its child once a gateway has started on that database and sealed them', async () => {
    const forCity: Scan = { name: `钱七公积金提取申请-${randomBytes(3).toString('hex')}.png`, bytes: pngScan(20_000) };
    const other: Scan = { name: '钱七退休审批表.png', bytes: pngScan(10_000) };
    // The city must not pull the child before its parent's rows are made as the older gateway left them.
    city.proxy.offline();
    const { accepted, childId } = await acceptBundle('钱七', 1, forCity, other);
    await gateway.stopProcess();
    const nameOf = new Map([forCity, other].map((s) => [sha256(s.bytes), s.name]));
    const db = new pg.Client({ connectionString: gateway.databaseUrl });
    await db.connect();
    try {
      const rows = await db.query<{ sha256: string }>('SELECT sha256 FROM case_attachment WHERE case_id = $1', [accepted.caseId]);
      expect(rows.rows.map((r) => r.sha256).sort()).toEqual([...nameOf.keys()].sort());
      for (const { sha256: hash } of rows.rows) await db.query('UPDATE case_attachment SET file_name = $2 WHERE case_id = $1 AND sha256 = $3', [accepted.caseId, nameOf.get(hash), hash]);
      const { header } = (await db.query<{ header: { attachments: Array<Record<string, unknown>> } }>('SELECT header FROM central_case WHERE case_id = $1', [accepted.caseId])).rows[0] ?? { header: { attachments: [] } };
      const attachments = header.attachments.map(({ sealedFileName: _sealed, ...ref }) => ({ ...ref, fileName: nameOf.get(ref.sha256 as string) }));
      await db.query('UPDATE central_case SET header = $2::json WHERE case_id = $1', [accepted.caseId, JSON.stringify({ ...header, attachments })]);
      await db.query("DELETE FROM gateway_meta WHERE key = 'scan-file-names-sealed'");
    } finally {
      await db.end();
    }
    await gateway.startProcess();
    city.proxy.online();

    await city.engine.syncNow();
    const detail = await as<CaseDetailView>(city.app, 'reviewer-dl-gjj', 'cases/get', { id: childId });
    expect(detail.attachments.map((a) => a.fileName)).toEqual([forCity.name]);
  });
});
