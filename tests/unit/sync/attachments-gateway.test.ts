/**
 * Scans travel with their cases (docs/sync.md, attachments): a window and a back office, each
 * behind a fault proxy of its own, and a real gateway process on a real PostgreSQL. The window's
 * push uploads a case's scans before the case (an upload cut mid-way goes on from what the gateway
 * holds; content it has is not sent again), the gateway keeps the file names sealed, the back
 * office's pull names the scans and fetches one when the reviewer opens it (checked against its
 * hash; offline it says so), and a scan that cannot be sent holds back its own case only.
 */
import { createHash, randomBytes } from 'node:crypto';
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDemoGateway, type DemoGateway } from '../../../scripts/sync-gateway.ts';
import type { CaseDetailView, IntakeResultView } from '../../../src-main/domain/api/views.ts';
import type { SyncItemView } from '../../../src-main/domain/api/sync-views.ts';
import { residentIdCheckChar } from '../../../src-main/domain/identity/resident-id.ts';
import { attachmentsDir } from '../../../src-main/services/attachments/store.ts';
import { syncItems } from '../../../src-main/services/sync/status.ts';
import { checklistFor, individualForm } from '../../helpers/intake.ts';
import { closeProxies, heal, startFaultyApp, type FaultyApp } from '../../helpers/sync-faults.ts';
import { as, centralEvents, stopAllSyncApps, type SyncApp } from '../../helpers/sync.ts';
import { useFileTempDir } from '../../helpers/temp.ts';

const tempDir = useFileTempDir('onewindow-sync-scans-');

let gateway: DemoGateway;
let windowPc: FaultyApp;
let backOffice: FaultyApp;

beforeAll(async () => {
  gateway = await startDemoGateway(tempDir(), randomBytes(32).toString('hex'));
  windowPc = await startFaultyApp(gateway, 'window', { role: 'window', users: ['clerk'] });
  backOffice = await startFaultyApp(gateway, 'back office', { role: 'backoffice', users: ['reviewer'] });
}, 600_000);

afterAll(async () => {
  await stopAllSyncApps();
  await closeProxies([windowPc, backOffice].filter(Boolean));
  await gateway?.stop();
}, 120_000);

beforeEach(() => heal([windowPc, backOffice]));

const MiB = 1024 * 1024;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A PNG-looking scan (the app sniffs the kind from the bytes) of random content. */
function pngScan(size: number): Buffer {
  const bytes = randomBytes(size);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes, 0);
  return bytes;
}

let applicants = 0;
/** The clerk scans `scans` into a draft, accepts it (the scans go to the case) and sends it to the back office. */
async function acceptWithScans(app: SyncApp, name: string, scans: { fileName: string; bytes: Buffer }[]): Promise<IntakeResultView> {
  const checklist = await checklistFor(app.services, app.tokens.clerk ?? '', { kind: 'matter', matterCode: 'GJZ-SCJG-0003' });
  const { draftId } = await as<{ draftId: string }>(app, 'clerk', 'intake/saveDraft', { form: {} });
  for (const scan of scans) {
    await as(app, 'clerk', 'attachments/add', { draftId, materialKey: checklist.materials[0]?.key ?? 'k', fileName: scan.fileName, dataBase64: scan.bytes.toString('base64') });
  }
  applicants += 1;
  const idNumber = idNumberFor(applicants);
  const accepted = await as<IntakeResultView>(app, 'clerk', 'intake/accept', {
    ...individualForm(checklist, { applicant: { type: 'individual', name, idType: 'resident_id', idNumber, phone: '13904111234' } }),
    draftId,
  });
  await as(app, 'clerk', 'cases/act', { caseId: accepted.caseId, act: { action: 'case.transferred' } });
  return accepted;
}

/** A valid resident ID of its own, so the duplicate check never stops an accept. */
function idNumberFor(n: number): string {
  const first17 = `2102111980${String((n % 9) + 1).padStart(2, '0')}${String((n % 27) + 1).padStart(2, '0')}${String(process.pid % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

async function onGatewayDb<T>(fn: (db: pg.Client) => Promise<T>): Promise<T> {
  const db = new pg.Client({ connectionString: gateway.databaseUrl });
  await db.connect();
  try {
    return await fn(db);
  } finally {
    await db.end();
  }
}

const attachmentCalls = (app: FaultyApp, from: number) => app.proxy.log.slice(from).filter((e) => e.path.startsWith('/v1/attachments/')).map((e) => e.method);
const detailOf = (app: SyncApp, user: string, id: string) => as<CaseDetailView>(app, user, 'cases/get', { id });
const openScan = (attachmentId: string) => as<{ mimeType: string; dataBase64: string }>(backOffice.app, 'reviewer', 'attachments/content', { attachmentId });

const idCard = pngScan(2 * MiB + 300_000); // three chunks of at most 1 MiB
const idCardName = `王五身份证正面-${randomBytes(3).toString('hex')}.png`;

describe("a window's scans travel with its case", () => {
  let first: IntakeResultView;

  it('an upload cut in its second chunk goes on from what the gateway holds; the case goes only once its scans are there', async () => {
    first = await acceptWithScans(windowPc.app, '王五', [{ fileName: idCardName, bytes: idCard }]);
    // The status question and the first chunk pass; the second chunk's connection is reset halfway.
    windowPc.proxy.inject({ pathPrefix: '/v1/attachments/', fault: { kind: 'latency', ms: 0 }, times: 2 });
    windowPc.proxy.inject({ pathPrefix: '/v1/attachments/', fault: { kind: 'reset-request', afterBytes: 300_000 } });
    await expect(windowPc.engine.syncNow()).rejects.toThrow(/连接中断|通信失败/);
    expect(await centralEvents(gateway, first.caseId)).toEqual([]);
    const held = await onGatewayDb(async (db) => (await db.query<{ received: number }>('SELECT received FROM attachment WHERE sha256 = $1', [sha256(idCard)])).rows);
    expect(held).toEqual([{ received: MiB }]);

    const logged = windowPc.proxy.log.length;
    expect(await windowPc.engine.syncNow()).toMatchObject({ pushed: 2, rejected: 0 });
    // One status question, then the two chunks the gateway lacked.
    expect(attachmentCalls(windowPc, logged)).toEqual(['HEAD', 'PUT', 'PUT']);
    expect((await centralEvents(gateway, first.caseId)).map((e) => e.type)).toEqual(['intake.accepted', 'case.transferred']);
  });

  it("the gateway names the case's scan by hash and size, and keeps its file name sealed", async () => {
    const stored = await onGatewayDb(async (db) => ({
      links: (await db.query('SELECT sha256, mime_type, size FROM case_attachment WHERE case_id = $1', [first.caseId])).rows,
      nameInClear: (await db.query<{ n: number }>(
        `SELECT (SELECT count(*) FROM case_attachment WHERE file_name LIKE $1)::int + (SELECT count(*) FROM central_case WHERE header::text LIKE $1)::int AS n`,
        [`%${idCardName.slice(0, -4)}%`],
      )).rows[0]?.n,
    }));
    expect(stored).toEqual({ links: [{ sha256: sha256(idCard), mime_type: 'image/png', size: idCard.length }], nameInClear: 0 });
  });

  it('the same content in another case is not sent again (and a scan kept before hashes were recorded is hashed from its file)', async () => {
    const second = await acceptWithScans(windowPc.app, '王五', [{ fileName: '王五身份证（复印）.png', bytes: idCard }]);
    const env = windowPc.app.services.env;
    env.store.write({ actor: { userId: null, role: null }, deviceId: env.deviceId }, (tx) => tx.run('UPDATE attachment SET content_sha256 = NULL WHERE case_id = ?', second.caseId));
    const logged = windowPc.proxy.log.length;
    expect(await windowPc.engine.syncNow()).toMatchObject({ pushed: 2, rejected: 0 });
    expect(attachmentCalls(windowPc, logged)).toEqual(['HEAD']);
    const counts = await onGatewayDb(async (db) => (await db.query<{ uploads: number; links: number }>(
      'SELECT (SELECT count(*) FROM attachment WHERE sha256 = $1)::int AS uploads, (SELECT count(*) FROM case_attachment WHERE sha256 = $1)::int AS links',
      [sha256(idCard)],
    )).rows[0]);
    expect(counts).toEqual({ uploads: 1, links: 2 });
    expect((await centralEvents(gateway, second.caseId)).length).toBe(2);
  });

  it("the reviewer's PC names the pulled case's scans and fetches one when it is opened, then holds it offline", async () => {
    await backOffice.engine.syncNow();
    const before = await detailOf(backOffice.app, 'reviewer', first.caseId);
    expect(before.attachments.map((a) => ({ fileName: a.fileName, size: a.size, mimeType: a.mimeType, local: a.contentName !== null }))).toEqual([
      { fileName: idCardName, size: idCard.length, mimeType: 'image/png', local: false },
    ]);
    const scanId = before.attachments[0]?.id ?? '';
    const logged = backOffice.proxy.log.length;
    const shown = await openScan(scanId);
    expect(Buffer.from(shown.dataBase64, 'base64').equals(idCard)).toBe(true);
    expect(attachmentCalls(backOffice, logged)).toEqual(['GET']);
    expect((await detailOf(backOffice.app, 'reviewer', first.caseId)).attachments[0]?.contentName).toMatch(/^[0-9a-f]{64}$/);

    // Fetched once, it opens with the link down, from this PC's own sealed copy.
    backOffice.proxy.offline();
    expect(Buffer.from((await openScan(scanId)).dataBase64, 'base64').equals(idCard)).toBe(true);
  });
});

describe('a scan the reviewer opens that is not here yet', () => {
  it('offline: says it is not on this PC yet and will come when online; online: fetched and checked against its hash', async () => {
    const letter = pngScan(40_000);
    const accepted = await acceptWithScans(windowPc.app, '孙七', [{ fileName: '孙七授权委托书.png', bytes: letter }]);
    await windowPc.engine.syncNow();
    await backOffice.engine.syncNow();
    const scanId = (await detailOf(backOffice.app, 'reviewer', accepted.caseId)).attachments[0]?.id ?? '';

    backOffice.proxy.offline();
    await expect(openScan(scanId)).rejects.toThrow(/^UNAVAILABLE: 扫描件“孙七授权委托书\.png”尚未同步到本机：暂时连不上中心平台.*联网后再打开，即自动从中心平台获取。$/);

    // A proxy that answers other bytes under the scan's name: refused, nothing kept.
    backOffice.proxy.online();
    backOffice.proxy.inject({ pathPrefix: '/v1/attachments/', fault: { kind: 'status', status: 200, body: { not: 'the scan' } } });
    await expect(openScan(scanId)).rejects.toThrow(/内容与其校验值不符/);
    expect((await detailOf(backOffice.app, 'reviewer', accepted.caseId)).attachments[0]?.contentName).toBeNull();

    expect(Buffer.from((await openScan(scanId)).dataBase64, 'base64').equals(letter)).toBe(true);
  });
});

describe('a scan that cannot be uploaded', () => {
  it("holds back its own case with the reason on the 同步 page; the other cases go on; 立即同步 sends it as soon as its scan can go", async () => {
    const broken = await acceptWithScans(windowPc.app, '周八', [{ fileName: '周八户口簿.png', bytes: pngScan(20_000) }]);
    const plain = await acceptWithScans(windowPc.app, '吴九', []);
    // The scan's sealed file is moved away from the data folder (a folder restored without it).
    const env = windowPc.app.services.env;
    const contentName = env.store.read((tx) => tx.get<{ content_name: string }>('SELECT content_name FROM attachment WHERE case_id = ?', broken.caseId))?.content_name ?? '';
    const file = join(attachmentsDir(env.dataDir), contentName.slice(0, 2), contentName);
    renameSync(file, `${file}.away`);

    expect(await windowPc.engine.syncNow()).toMatchObject({ pushed: 2, rejected: 0 });
    expect((await centralEvents(gateway, plain.caseId)).length).toBe(2);
    expect(await centralEvents(gateway, broken.caseId)).toEqual([]);
    const items = env.store.read((tx) => syncItems(tx)).filter((i: SyncItemView) => i.caseId === broken.caseId);
    expect(items.map((i) => i.state)).toEqual(['pending', 'pending']);
    expect(items[0]?.advice).toMatch(/^暂缓发送：扫描件“周八户口簿\.png”未能上传：扫描件文件缺失（周八户口簿\.png）.*其他办件照常发送/);

    // Held for a minute: the background sync leaves its events out until then (sendableNow).
    const waits = env.store.read((tx) => tx.all<{ next_attempt_at: string | null }>("SELECT next_attempt_at FROM outbox WHERE state = 'pending' AND aggregate_id = ?", broken.caseId));
    expect(waits).toHaveLength(2);
    for (const { next_attempt_at } of waits) expect(Date.parse(next_attempt_at ?? '') - Date.now()).toBeGreaterThan(30_000);
    // The file is back and the clerk presses 立即同步: the case goes now, without waiting out its hold.
    renameSync(`${file}.away`, file);
    expect(await windowPc.engine.syncNow()).toMatchObject({ pushed: 2, rejected: 0 });
    expect((await centralEvents(gateway, broken.caseId)).length).toBe(2);
    expect(env.store.read((tx) => syncItems(tx)).filter((i: SyncItemView) => i.caseId === broken.caseId)).toEqual([]);
  });
});
