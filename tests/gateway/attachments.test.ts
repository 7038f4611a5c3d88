/**
 * Scans through the gateway, with the app's own uploader (services/sync/attachment-transfer.ts)
 * against a real gateway process on a real PostgreSQL: an upload the link cuts in the middle goes
 * on from what the gateway holds; the same content is stored once per region and not sent again;
 * the bytes are sealed at rest; and a device whose centre's cases do not name the scan is refused
 * it even though it knows its hash, until a 跨区通办 case makes its centre the deciding one.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PullResponse, PushResponse, RegisterResponse } from '../../src-main/domain/sync/index.ts';
import type { AttachmentRef } from '../../src-main/domain/sync/case-header.ts';
import { sha256Of as sha256Hex } from '../../src-main/services/attachments/store.ts';
import { uploadAttachment, downloadAttachment } from '../../src-main/services/sync/attachment-transfer.ts';
import { GatewayClient } from '../../src-main/services/sync/client.ts';
import { Transport } from '../../src-main/services/sync/transport.ts';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.ts';
import { call, codePool, startGateway, startTestPostgres, type GatewayProcess, type TestPostgres } from '../helpers/gateway.ts';
import { acceptAndTransfer, centreUsers, newCase, pushBody, randomUUID, type TestCase } from '../helpers/sync-items.ts';

let postgres: TestPostgres;
let databaseUrl: string;
let gateway: GatewayProcess;
let proxy: FaultProxy;
let nextCode: ReturnType<typeof codePool>;

beforeAll(async () => {
  postgres = await startTestPostgres();
  databaseUrl = await postgres.createDatabase();
  gateway = await startGateway({ databaseUrl });
  proxy = await startFaultProxy(gateway.url);
  nextCode = codePool({ databaseUrl });
});

afterAll(async () => {
  await proxy?.close();
  await gateway?.stop();
  await postgres?.stop();
});

async function register(centre: string, role: 'window' | 'backoffice'): Promise<RegisterResponse> {
  const answer = await call<RegisterResponse>(gateway.url, 'POST', '/v1/devices/register', {
    body: { code: await nextCode(centre, role), installationId: randomUUID(), deviceName: `${centre}-${role}`, appVersion: '0.1.0' },
  });
  expect(answer.status).toBe(200);
  await call<PushResponse>(gateway.url, 'POST', '/v1/push', { token: answer.body.accessToken, body: pushBody(centreUsers(centre)) });
  return answer.body;
}

const client = (url: string) => new GatewayClient(new Transport({ timeoutMs: 5_000, deadlineMs: 30_000 }), new URL(url));

const KiB = 1024;
const chunk = 512 * KiB;
/** A PDF-looking scan with a marker that must never be found in the database in the clear. */
function scan(size: number, marker: string): Buffer {
  const bytes = randomBytes(size);
  Buffer.from(`%PDF-1.7 ${marker}`).copy(bytes, 0);
  return bytes;
}

const refOf = (bytes: Buffer, fileName: string): AttachmentRef => ({ sha256: sha256Hex(bytes), size: bytes.length, mimeType: 'application/pdf', fileName, materialKey: 'id-card' });

/** A case whose header names the scan, pushed by `device`. */
async function caseNaming(device: RegisterResponse, region: string, ref: AttachmentRef, matterRegion?: string): Promise<TestCase> {
  const c = newCase({ region, deviceCode: device.deviceCode, matterRegion });
  c.header.attachments = [ref];
  const pushed = await call<PushResponse>(gateway.url, 'POST', '/v1/push', { token: device.accessToken, body: pushBody(acceptAndTransfer(c)) });
  expect(pushed.body.results.map((r) => r.outcome)).toEqual(['applied', 'applied']);
  return c;
}

async function onDatabase<T>(fn: (db: pg.Client) => Promise<T>): Promise<T> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    return await fn(db);
  } finally {
    await db.end();
  }
}

// 3 chunks of 512 KiB and a last one of 1000 bytes.
const size = 3 * chunk + 1000;
const marker = `甘井子身份证扫描-${randomUUID()}`;
const idCard = scan(size, marker);
const hash = sha256Hex(idCard);

describe('an upload the link cuts in the middle', () => {
  it('goes on from the bytes the gateway holds, and the scan comes back whole to the back office', async () => {
    const window = await register('210211', 'window');
    const viaProxy = client(proxy.url);
    // The status and two chunks pass; the third chunk's connection is reset halfway through its body.
    proxy.inject({ pathPrefix: '/v1/attachments/', fault: { kind: 'latency', ms: 0 }, times: 3 });
    proxy.inject({ pathPrefix: '/v1/attachments/', fault: { kind: 'reset-request', afterBytes: 200 * KiB } });
    await expect(uploadAttachment(viaProxy, window.accessToken, idCard, chunk)).rejects.toThrow(/连接中断|通信失败/);

    const halfway = await call(gateway.url, 'HEAD', `/v1/attachments/${hash}`, { token: window.accessToken });
    expect(halfway.status).toBe(200);
    expect(halfway.headers.get('upload-offset')).toBe(String(2 * chunk));
    expect(halfway.headers.get('upload-length')).toBe(String(size));

    const logged = proxy.log.length;
    const resumed = await uploadAttachment(viaProxy, window.accessToken, idCard, chunk);
    expect(resumed).toEqual({ sha256: hash, sent: chunk + 1000 });
    // One status question, then the two chunks the gateway lacked.
    expect(proxy.log.slice(logged).map((e) => e.method)).toEqual(['HEAD', 'PUT', 'PUT']);

    await caseNaming(window, '210211', refOf(idCard, '赵六身份证.pdf'));
    const backOffice = await register('210211', 'backoffice');
    const fetched = await downloadAttachment(client(gateway.url), backOffice.accessToken, hash);
    expect(fetched.equals(idCard)).toBe(true);
  });
});

describe('the same content twice', () => {
  it('is stored once: a second PC of the region sends nothing, and the bytes are sealed at rest', async () => {
    const second = await register('210211', 'window');
    const again = await uploadAttachment(client(gateway.url), second.accessToken, idCard, chunk);
    expect(again).toEqual({ sha256: hash, sent: 0 });
    await caseNaming(second, '210211', refOf(idCard, '赵六身份证（复印）.pdf'));

    const stored = await onDatabase(async (db) => ({
      uploads: (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM attachment WHERE sha256 = $1', [hash])).rows[0]?.n,
      chunks: (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM attachment_chunk WHERE sha256 = $1', [hash])).rows[0]?.n,
      inClear: (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM attachment_chunk WHERE position(convert_to($1, 'UTF8') in data) > 0", [marker])).rows[0]?.n,
    }));
    expect(stored).toEqual({ uploads: 1, chunks: 4, inClear: 0 });
  });
});

/** Where the file name (without its extension) is found in the clear: scan rows and stored headers. */
const placesInClear = (fileName: string) =>
  onDatabase(async (db) => (await db.query<{ n: number }>(
    `SELECT (SELECT count(*) FROM case_attachment WHERE file_name LIKE $1)::int + (SELECT count(*) FROM central_case WHERE header::text LIKE $1)::int AS n`,
    [`%${fileName.slice(0, -4)}%`],
  )).rows[0]?.n);

/** A case of 甘井子 whose header names a new scan called `fileName`, pushed by a new window. */
async function caseWithScanNamed(fileName: string): Promise<{ c: TestCase; ref: AttachmentRef }> {
  const ref = refOf(scan(2000, fileName), fileName);
  return { c: await caseNaming(await register('210211', 'window'), '210211', ref), ref };
}

/** The scans the case's header names as a new back office of 甘井子 pulls it from the gateway at `url`. */
async function scansPulled(url: string, caseId: string): Promise<AttachmentRef[] | undefined> {
  const backOffice = await register('210211', 'backoffice');
  const pulled = await call<PullResponse>(url, 'POST', '/v1/pull', { token: backOffice.accessToken, body: { cursor: null, limit: 1000, waitSeconds: 0 } });
  return pulled.body.cases.find((k) => k.header.caseId === caseId)?.header.attachments;
}

describe("a scan's file name (often the applicant's)", () => {
  it('is kept sealed at the gateway and comes back whole to the back office that pulls the case', async () => {
    const fileName = `钱七身份证-${randomUUID().slice(0, 8)}.pdf`;
    const { c, ref } = await caseWithScanNamed(fileName);
    expect(await placesInClear(fileName)).toBe(0);
    expect(await scansPulled(gateway.url, c.header.caseId)).toEqual([ref]);
  });
});

describe('scan file names an older gateway stored in plain text', () => {
  it('are sealed when a gateway starts on that database, and still come back whole to the back office', async () => {
    const fileName = `孙八户口簿-${randomUUID().slice(0, 8)}.pdf`;
    const { c, ref } = await caseWithScanNamed(fileName);
    // The database as a gateway before sealed file names left it: the name as sent in the table
    // and in the stored header, and no record of the sealing having run.
    await onDatabase(async (db) => {
      await db.query('UPDATE case_attachment SET file_name = $3 WHERE region_code = $1 AND case_id = $2', ['210211', c.header.caseId, fileName]);
      const { header } = (await db.query<{ header: Record<string, unknown> }>('SELECT header FROM central_case WHERE region_code = $1 AND case_id = $2', ['210211', c.header.caseId])).rows[0] ?? {};
      const plain = { ...header, attachments: [ref] };
      await db.query('UPDATE central_case SET header = $3::json WHERE region_code = $1 AND case_id = $2', ['210211', c.header.caseId, JSON.stringify(plain)]);
      await db.query("DELETE FROM gateway_meta WHERE key = 'scan-file-names-sealed'");
    });
    expect(await placesInClear(fileName)).toBe(2);

    const restarted = await startGateway({ databaseUrl });
    try {
      expect(await placesInClear(fileName)).toBe(0);
      expect(restarted.output()).toContain('sealed the scan file names an older gateway stored in plain text');
      expect(await scansPulled(restarted.url, c.header.caseId)).toEqual([ref]);
    } finally {
      await restarted.stop();
    }
  });
});

describe('a refused status question (HEAD, which has no body)', () => {
  it('says why in its headers, so the app reads a code and a Chinese message instead of garbage', async () => {
    const refused = await call(gateway.url, 'HEAD', `/v1/attachments/${hash}`, { token: 'owa1.210211.A01.not-a-token.x' });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('onewindow-error-code')).toBe('UNAUTHENTICATED');
    const message = decodeURIComponent(refused.headers.get('onewindow-error-message') ?? '');
    expect(message).toMatch(/[\u4e00-\u9fff]/);
    await expect(client(gateway.url).attachmentStatus('owa1.210211.A01.not-a-token.x', hash)).rejects.toMatchObject({ kind: 'UNAUTHENTICATED', message });

    const window = await register('210211', 'window');
    const tooOld = new GatewayClient(new Transport({ timeoutMs: 5_000, deadlineMs: 30_000 }), new URL(gateway.url), 0);
    await expect(tooOld.attachmentStatus(window.accessToken, hash)).rejects.toMatchObject({ kind: 'PROTOCOL_UNSUPPORTED', message: expect.stringMatching(/升级/) });
  });
});

describe('a device of another centre that knows the hash', () => {
  it('is refused the scan until a case its centre decides names it (跨区通办)', async () => {
    const zhongshan = await register('210202', 'backoffice');
    const refused = await call<{ error: { code: string; message: string } }>(gateway.url, 'GET', `/v1/attachments/${hash}`, { token: zhongshan.accessToken });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'FORBIDDEN', message: '本中心的办件中没有这份附件，不能下载' });
    await expect(downloadAttachment(client(gateway.url), zhongshan.accessToken, hash)).rejects.toThrow('本中心的办件中没有这份附件，不能下载');

    // A 跨区通办 case taken at 甘井子 for a matter of 中山 names the same scan: 中山 decides it, so it may read it.
    const ganjingzi = await register('210211', 'window');
    await caseNaming(ganjingzi, '210211', refOf(idCard, '赵六身份证.pdf'), '210202');
    const fetched = await downloadAttachment(client(gateway.url), zhongshan.accessToken, hash);
    expect(fetched.equals(idCard)).toBe(true);
  });

  it('cannot pass off other bytes under the hash: the upload is refused and dropped', async () => {
    const lvshun = await register('210212', 'window');
    const real = scan(1000, 'real');
    const forged = scan(1000, 'forged');
    const answer = await call<{ error: { code: string } }>(gateway.url, 'PUT', `/v1/attachments/${sha256Hex(real)}`, {
      token: lvshun.accessToken,
      raw: forged,
      headers: { 'content-range': 'bytes 0-999/1000' },
    });
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('HASH_MISMATCH');
    const after = await call(gateway.url, 'HEAD', `/v1/attachments/${sha256Hex(real)}`, { token: lvshun.accessToken });
    expect(after.status).toBe(404);
  });
});
