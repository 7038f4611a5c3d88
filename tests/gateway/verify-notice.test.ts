/**
 * GET /verify/notice on a real gateway (its own process, a real PostgreSQL, HTTP on loopback):
 * the page a phone opens when it scans a printed notice's QR code. The key comes from the
 * device's registration; the app registers through its own code and its printed link verifies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoGateway } from '../../scripts/sync-gateway.ts';
import type { PrintDataView } from '../../src-main/domain/api/views.ts';
import { noticeLink, type NoticeVerdict } from '../../src-main/domain/notices/verification.ts';
import type { RegisterResponse } from '../../src-main/domain/sync/index.ts';
import { noticeSigningKey, signNotice } from '../../src-main/services/notices/signing.ts';
import { call, issueCode, useGateway } from '../helpers/gateway.ts';
import { as, startSyncApp, stopAllSyncApps } from '../helpers/sync.ts';
import { randomUUID } from '../helpers/sync-items.ts';

const g = useGateway();

const registered = noticeSigningKey(new Uint8Array(32).fill(21));
const stranger = noticeSigningKey(new Uint8Array(32).fill(22));
let device: RegisterResponse;

beforeAll(async () => {
  const answer = await call<RegisterResponse>(g.gateway.url, 'POST', '/v1/devices/register', {
    body: {
      code: await g.nextCode('210211', 'window'),
      installationId: randomUUID(),
      deviceName: '5号窗口',
      appVersion: '0.1.0',
      noticeKey: { algorithm: 'SM2', publicKey: registered.publicKey },
    },
  });
  expect(answer.status).toBe(200);
  device = answer.body;
});

afterAll(async () => {
  await stopAllSyncApps();
});

function linkSignedBy(key: typeof registered, caseNumber = `21021120261126${device.deviceCode}000017`): string {
  return noticeLink(g.gateway.url, signNotice(key, { document: 'acceptance', caseNumber, decidedDate: '2026-11-26', dueDate: '2026-12-03', applicant: '张**' }));
}

async function verdictOf(link: string): Promise<NoticeVerdict> {
  const res = await fetch(link, { headers: { accept: 'application/json' } });
  expect(res.status).toBe(200);
  return (await res.json()) as NoticeVerdict;
}

function altered(link: string, param: string, value: string): string {
  const url = new URL(link);
  url.searchParams.set(param, value);
  return url.href;
}

describe('GET /verify/notice', () => {
  it('confirms a notice signed by a registered device, naming the device', async () => {
    const verdict = await verdictOf(linkSignedBy(registered));
    expect(verdict).toMatchObject({ valid: true, outcome: 'valid', signer: 'registered-device', facts: { documentTitle: '受理通知书', dueDate: '2026-12-03' } });
    expect(verdict.signedBy).toContain(`设备 ${device.deviceCode}`);
  });

  it('refuses an altered due date, case number or applicant as forged', async () => {
    const link = linkSignedBy(registered);
    for (const [param, value] of [['e', '20271231'], ['n', `21021120261126${device.deviceCode}000025`], ['a', '李**']] as const) {
      const verdict = await verdictOf(altered(link, param, value));
      expect(verdict.valid, param).toBe(false);
    }
    expect(await verdictOf(altered(link, 'e', '20271231'))).toMatchObject({ outcome: 'forged', message: expect.stringContaining('可能被涂改或伪造') });
  });

  it('never confirms a key nobody registered, nor a registered key used for another region’s case number', async () => {
    expect(await verdictOf(linkSignedBy(stranger))).toMatchObject({ valid: false, outcome: 'unknown-key' });
    // The forger signs with their own key but writes the registered key's id into the link.
    const claimed = altered(linkSignedBy(stranger), 'k', registered.keyId);
    expect(await verdictOf(claimed)).toMatchObject({ valid: false, outcome: 'forged' });
    expect(await verdictOf(linkSignedBy(registered, `210212202611260AB000019`))).toMatchObject({ valid: false, outcome: 'unknown-key' });
  });

  it('answers a phone with a page (no protocol header needed), escaping what the link carries', async () => {
    const res = await fetch(linkSignedBy(registered));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const page = await res.text();
    expect(page).toContain('核验通过');
    expect(page).toContain('张**');
    const hostile = await (await fetch(altered(linkSignedBy(registered), 'a', '<script>alert(1)</script>'))).text();
    expect(hostile).toContain('核验未通过');
    expect(hostile).not.toContain('<script>');
    const unreadable = await (await fetch(`${g.gateway.url}/verify/notice?v=1&t=A`)).text();
    expect(unreadable).toContain('核验码不完整或已损坏');
  });
});

describe('an app registered with the gateway', () => {
  it('sends its signing key at registration, so the link on its printed notice verifies at the platform', async () => {
    const demoGateway = { url: g.gateway.url, issueCode: (centre: string, role: 'window' | 'backoffice') => issueCode({ databaseUrl: g.databaseUrl }, centre, role) } as DemoGateway;
    const app = await startSyncApp(demoGateway, { users: ['clerk'] });
    const caseId = app.services.env.store.read(
      (tx) => tx.get<{ id: string }>("SELECT id FROM case_record WHERE status IN ('accepted', 'in_review') AND is_bundle = 0 AND due_date IS NOT NULL ORDER BY created_at DESC LIMIT 1")?.id ?? '',
    );
    const printed = await as<PrintDataView>(app, 'clerk', 'prints/data', { caseId, document: 'acceptance' });
    expect(printed.qrPayload.startsWith(`${g.gateway.url}/verify/notice?v=1&t=A&`)).toBe(true);
    expect(await verdictOf(printed.qrPayload)).toMatchObject({ valid: true, signer: 'registered-device', facts: { caseNumber: printed.caseNumber } });
  }, 180_000);
});
